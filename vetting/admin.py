"""Admin for vetting levels: National HR maintain them; ROCU roles read them.

Permissions come from the roles (accounts/roles.py): ROCU HR and ROCU leads hold
only ``view_vettinglevel``. Every write goes through ``vetting.services``, which
refuses, in words the admin shows, to delete a level a published advert needs or
to change a live level's years without a reason; each change of years is kept
(read-only here) in the level's history.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.admin_history import ReadOnlyHistoryInline

from . import services
from .models import VettingLevel, VettingLevelChange


class VettingLevelAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change the years of a level that a published advert "
        "names. It is kept in the level's history.",
    )

    class Meta:
        model = VettingLevel
        fields = (
            "code",
            "name",
            "kind",
            "required_residence_years",
            "renewal_years",
            "family_of_exempt",
            "description",
            "source",
            "is_active",
        )

    def clean(self):
        cleaned = super().clean()
        changed_years = set(services.YEARS_FIELDS) & set(self.changed_data)
        if (
            self.instance.pk
            and changed_years
            and not cleaned.get("change_reason", "").strip()
            and services.selectors.vetting_level_is_live(level=self.instance)
        ):
            self.add_error(
                "change_reason",
                "Give a reason for changing the years: published adverts name this level",
            )
        return cleaned


class VettingLevelChangeInline(ReadOnlyHistoryInline):
    model = VettingLevelChange
    fields = ("at", "field", "old_value", "new_value", "was_live", "reason", "by")
    readonly_fields = fields
    verbose_name_plural = "history of this level's years"


@admin.register(VettingLevel)
class VettingLevelAdmin(admin.ModelAdmin):
    form = VettingLevelAdminForm
    inlines = [VettingLevelChangeInline]
    list_display = (
        "code",
        "name",
        "kind",
        "required_residence_years",
        "renewal_years",
        "family_of_exempt",
        "is_active",
    )
    list_filter = ("kind", "is_active", "family_of_exempt")
    search_fields = ("code", "name")
    # Deleting goes one level at a time, through the service's checks.
    actions = None

    def save_model(self, request, obj, form, change):
        services.vetting_level_save(
            level=obj, by=request.user, reason=form.cleaned_data.get("change_reason", "")
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.VettingLevelActionRefused as refused:
            # Only through a race (the form checks first): rolled back; say why.
            for problem in refused.problems:
                self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        level = self.get_object(request, object_id)
        if level is not None and self.has_delete_permission(request, level):
            problems = services.vetting_level_delete_problems(level=level)
            if problems:
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:vetting_vettinglevel_change", args=[level.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.vetting_level_delete(level=obj, by=request.user)
