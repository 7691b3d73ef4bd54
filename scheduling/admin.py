"""HR's slots in the admin, scoped by ROCU.

HR create slots for their own ROCUs' adverts (another ROCU's slot by URL is a
404), see each slot's live bookings against its capacity, and change a slot's
time, place or capacity through ``scheduling.services`` (never below its
bookings). A slot with live bookings cannot be deleted; bookings themselves
change only through the candidate's pages and the application's moves.
"""

from django.contrib import admin
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html_join

from core.govuk_dates import govuk_datetime, govuk_time
from vacancies.selectors import vacancies_for_user

from . import selectors, services, wording
from .admin_forms import SlotForm
from .models import Slot


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    form = SlotForm
    list_display = ("starts", "round", "vacancy", "where", "booked_of_capacity")
    list_filter = (("vacancy", admin.RelatedOnlyFieldListFilter), "round")
    ordering = ("starts_at",)

    def get_queryset(self, request):
        return selectors.slots_for_staff(request.user)

    def get_object(self, request, object_id, from_field=None):
        slot = super().get_object(request, object_id, from_field)
        if slot is None:
            raise Http404("No slot with that id")
        return slot

    def get_fields(self, request, obj=None):
        fields = ["vacancy", "round", "date", "start_time", "end_time", "online", "place"]
        return [*fields, "capacity", *(["booked_by"] if obj is not None else [])]

    def get_readonly_fields(self, request, obj=None):
        # The advert and round of a slot stay put once made: bookings hang off them.
        return ("vacancy", "round", "booked_by") if obj is not None else ()

    @admin.display(description="Booked by")
    def booked_by(self, obj):
        """The live bookings' application references, each linking to its application."""
        references = (
            obj.bookings.filter(cancelled_at__isnull=True)
            .order_by("booked_at")
            .values_list("application_id", "application__reference")
        )
        if not references:
            return "Nobody yet"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:applications_application_change", args=[pk]), reference)
                for pk, reference in references
            ),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        vacancies = vacancies_for_user(request.user).select_related("rocu")

        class ScopedSlotForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, vacancies=vacancies, **form_kwargs)

        return ScopedSlotForm

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        details = {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "online": data["online"],
            "place": data.get("place") or "",
            "capacity": data["capacity"],
        }
        # The form has checked the rules and scoped the advert to the user's ROCUs, so
        # the service's own checks pass here; they guard every other caller.
        if change:
            saved = services.slot_update(slot=obj, by=request.user, **details)
        else:
            saved = services.slot_create(
                by=request.user, vacancy=data["vacancy"], round=data["round"], **details
            )
        for name in ("pk", "vacancy_id", "round", "starts_at", "ends_at", "capacity", "place"):
            setattr(obj, name, getattr(saved, name))

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.bookings.filter(cancelled_at__isnull=True).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="When", ordering="starts_at")
    def starts(self, obj):
        return f"{govuk_datetime(obj.starts_at)} to {govuk_time(obj.ends_at)}"

    @admin.display(description="Where")
    def where(self, obj):
        return wording.slot_where(obj)

    @admin.display(description="Booked / capacity", ordering="booked_count")
    def booked_of_capacity(self, obj):
        return f"{obj.booked_count} / {obj.capacity}"
