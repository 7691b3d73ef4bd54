"""Staff side of applications: a read-only list and view, scoped by ROCU.

HR and ROCU leads see the submitted (and withdrawn) applications of their own
ROCUs' adverts only (``accounts.selectors.scope_to_user_rocus``); another
ROCU's application is a 404 by URL. Nothing here can change an application:
stage moves belong to ``applications.services`` (the pipeline is the next
piece of work). Equality monitoring answers are in a table with no admin.
Every value is shown through the admin's escaping, so script typed by a
candidate is shown as text.
"""

from django.contrib import admin
from django.http import Http404
from django.utils.html import format_html, format_html_join

from core.govuk_dates import govuk_date, govuk_datetime

from .models import Application, ApplicationEvent, EmploymentEntry, Referee, ResidencePeriod
from .selectors import applications_for_staff, questions_with_answers


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResidencePeriodInline(_ReadOnlyInline):
    model = ResidencePeriod
    fields = readonly_fields = ("country", "start", "end", "reason")
    verbose_name_plural = "where the candidate has lived"


class EmploymentEntryInline(_ReadOnlyInline):
    model = EmploymentEntry
    fields = readonly_fields = ("kind", "organisation", "role", "start", "end", "description")
    verbose_name_plural = "employment and education"


class RefereeInline(_ReadOnlyInline):
    model = Referee
    fields = readonly_fields = (
        "name",
        "email",
        "phone",
        "organisation",
        "relationship",
        "is_most_recent_employer",
    )


class ApplicationEventInline(_ReadOnlyInline):
    model = ApplicationEvent
    fields = readonly_fields = ("at", "event", "from_stage", "to_stage", "by_candidate", "by_user")
    verbose_name_plural = "history"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "full_name",
        "vacancy",
        "stage",
        "submitted_at",
        "residence_outcome",
        "flagged_for_review",
    )
    list_filter = ("stage", "residence_outcome", "flagged_for_review", "vacancy__rocu")
    search_fields = ("reference", "full_name")
    ordering = ("-submitted_at",)
    inlines = [ResidencePeriodInline, EmploymentEntryInline, RefereeInline, ApplicationEventInline]
    fieldsets = (
        (None, {"fields": ("reference", "vacancy", "stage", "submitted_at", "withdrawn_at")}),
        (
            "Residence assessment (as of the submission date)",
            {"fields": ("residence_summary", "residence_exemption_statement")},
        ),
        (
            "Personal details",
            {
                "fields": (
                    "full_name",
                    "preferred_name",
                    "phone",
                    "address",
                    "right_to_work",
                    "visa_ends_on",
                )
            },
        ),
        ("About the role", {"fields": ("competency_answers",)}),
        (
            "Adjustments",
            {"fields": ("adjustments_needed", "adjustments_detail", "disability_confident")},
        ),
        ("Withdrawal", {"fields": ("withdrawal_reason",)}),
    )

    def get_queryset(self, request):
        return applications_for_staff(request.user).prefetch_related(
            "answers", "vacancy__questions"
        )

    def get_object(self, request, object_id, from_field=None):
        application = super().get_object(request, object_id, from_field)
        if application is None:
            raise Http404("No application with that id")
        return application

    def get_readonly_fields(self, request, obj=None):
        names = [name for _, options in self.fieldsets for name in options["fields"]]
        return names

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Address")
    def address(self, obj):
        if obj.address_location == "abroad":
            return obj.address_abroad
        return ", ".join(
            part
            for part in (
                obj.address_line_1,
                obj.address_line_2,
                obj.address_town,
                obj.address_postcode,
            )
            if part
        )

    @admin.display(description="Residence rule")
    def residence_summary(self, obj):
        if not obj.residence_outcome:
            return "Not assessed (not submitted)"
        reasons = format_html_join(
            "",
            "<li>{}: {} to {}</li>",
            ((reason["code"], reason["start"], reason["end"]) for reason in obj.residence_reasons),
        )
        return format_html(
            "<p><strong>{}</strong>{} · level {} ({} years) · window {} to {}</p><ul>{}</ul>",
            obj.get_residence_outcome_display(),
            " · flagged for review" if obj.flagged_for_review else "",
            obj.residence_level_code,
            obj.residence_required_years,
            govuk_date(obj.residence_window_start),
            govuk_date(obj.residence_window_end),
            reasons or format_html("<li>{}</li>", "No reasons: a fully UK window"),
        )

    @admin.display(description="Answers")
    def competency_answers(self, obj):
        return format_html_join(
            "",
            "<h4>{}: {}</h4><p>{}</p>",
            (
                (question.get_competency_display(), question.question, answer)
                for question, answer in questions_with_answers(obj)
            ),
        )

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, obj):
        return govuk_datetime(obj.submitted_at)
