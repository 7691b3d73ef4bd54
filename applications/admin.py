"""Staff side of applications: the selection pipeline in the admin, scoped by ROCU.

HR and ROCU leads see the submitted applications of their own ROCUs' adverts
only (``accounts.selectors.scope_to_user_rocus``); another ROCU's application
is a 404 by URL, and so is a move page for it. The application itself is
read-only; it changes only through ``applications.services.application_move``
(one move page per allowed move, with its form, and a bulk move through a
confirmation page). Equality monitoring answers are in a table with no admin.
Every value is shown through the admin's escaping, so script typed by a
candidate is shown as text.
"""

import uuid

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from accounts.selectors import rocus_for_user
from core.govuk_dates import govuk_date, govuk_datetime
from vacancies.models import Competency

from . import extensions, scoring, services, workflow
from .admin_forms import (
    BulkMoveChoiceForm,
    ModerationForm,
    MoveForm,
    NoteForm,
    ScoreSheetForm,
)
from .models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    EmploymentEntry,
    Referee,
    ResidencePeriod,
    ScoreRound,
)
from .selectors import (
    applications_for_staff,
    applications_for_staff_list,
    overdue_q,
    questions_with_answers,
    score_sheets_visible_to,
    stage_counts,
    user_sees_identity,
    vacancies_with_applications_for_staff,
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        # Parts of the application: whoever may view the application (in its ROCU,
        # which get_object has already checked) sees them; no per-part permission.
        return request.user.has_perm("applications.view_application")

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


class ApplicationNoteInline(_ReadOnlyInline):
    model = ApplicationNote
    fields = readonly_fields = ("at", "author", "text")
    verbose_name_plural = "notes"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ApplicationEventInline(_ReadOnlyInline):
    model = ApplicationEvent
    fields = readonly_fields = (
        "at",
        "event",
        "from_stage",
        "to_stage",
        "by_user",
        "reason",
        "extra",
    )
    verbose_name_plural = "timeline"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by_user")


class AdvertFilter(admin.SimpleListFilter):
    """The adverts of the user's ROCUs with applications (one EXISTS probe per advert).

    Django's RelatedOnlyFieldListFilter asks which adverts occur among every listed
    application: a pass over the whole table on every page at 100,000 rows.
    """

    title = "advert"
    parameter_name = "vacancy__id__exact"  # the URL the related filter used

    def lookups(self, request, model_admin):
        return [
            (str(vacancy.pk), str(vacancy))
            for vacancy in vacancies_with_applications_for_staff(request.user)
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(vacancy_id=int(value)) if value.isdigit() else queryset.none()


class StageCountPaginator(Paginator):
    """Pages the list from its counts per stage: one GROUP BY gives both the total and
    the figures shown above the list, instead of a COUNT(*) and a GROUP BY."""

    @cached_property
    def stage_counts(self) -> list[tuple[str, int]]:
        return stage_counts(self.object_list)

    @cached_property
    def count(self) -> int:
        return sum(count for _, count in self.stage_counts)


class ApplicationChangeList(ChangeList):
    def url_for_result(self, result):
        """Each row's change link from one reversed URL, not a ``reverse()`` per row.

        The change URL is the list's URL, the quoted id and ``change/`` (a test
        holds it to ``reverse``).
        """
        prefix = self.__dict__.get("_change_url_prefix")
        if prefix is None:
            opts = self.opts
            prefix = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=self.model_admin.admin_site.name,
            )
            self._change_url_prefix = prefix
        return f"{prefix}{quote(result.pk)}/change/"


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "On time")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        late = overdue_q(now=timezone.now(), rocus=rocus_for_user(request.user))
        return queryset.filter(late) if self.value() == "yes" else queryset.exclude(late)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "candidate_name",
        "vacancy",
        "stage",
        "time_in_stage",
        "overdue",
        "submitted_at",
        "residence_outcome",
        "review_flag",
    )
    list_filter = (
        AdvertFilter,
        "stage",
        OverdueFilter,
        "residence_outcome",
        "flagged_for_review",
        "adjustments_needed",
        "disability_confident",
    )
    search_fields = ("reference",)
    ordering = ("-submitted_at",)
    # Page through the list without counting the whole table as well as the filtered
    # list on every page (the filtered count comes from the counts per stage).
    show_full_result_count = False
    paginator = StageCountPaginator
    # Each row costs ~1 ms of rendering (cells, dates, icons): 50 rows a page, not 100.
    list_per_page = 50
    actions = ["move_selected"]
    change_list_template = "admin/applications/application/change_list.html"
    change_form_template = "admin/applications/application/change_form.html"
    inlines = [
        ResidencePeriodInline,
        EmploymentEntryInline,
        RefereeInline,
        ApplicationEventInline,
        ApplicationNoteInline,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "vacancy",
                    "stage",
                    "time_in_stage",
                    "submitted_at",
                    "withdrawn_at",
                    "pipeline_facts",
                )
            },
        ),
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

    # --- the list: what each of its rows costs ------------------------------------------

    def get_changelist(self, request, **kwargs):
        return ApplicationChangeList

    def action_checkbox(self, obj):
        """Django's checkbox markup, written directly: the widget renders a template per
        row (about a third of the list's time at 100 rows a page)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    # --- blind sift: a sifter does not see who the candidate is until the sift decision ---

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not user_sees_identity(request.user, obj):
            return [fieldset for fieldset in self.fieldsets if fieldset[0] != "Personal details"]
        return self.fieldsets

    def get_inlines(self, request, obj):
        if obj is not None and not user_sees_identity(request.user, obj):
            return [
                inline
                for inline in self.inlines
                if inline not in (RefereeInline, ApplicationNoteInline)
            ]
        return self.inlines

    @admin.display(description="Candidate", ordering="shown_name")
    def candidate_name(self, obj):
        return obj.shown_name  # annotated per viewer by applications_for_staff

    def get_queryset(self, request):
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            return applications_for_staff_list(request.user)
        queryset = applications_for_staff(request.user, blind_names=True)
        return queryset.select_related("held_clearance_level").prefetch_related(
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
        held = obj.held_clearance_level
        return format_html(
            "<p><strong>{}</strong>{} · level {} ({} years) · window {} to {}</p><ul>{}</ul>{}",
            obj.get_residence_outcome_display(),
            " · flagged for review" if obj.flagged_for_review else "",
            obj.residence_level_code,
            obj.residence_required_years,
            govuk_date(obj.residence_window_start),
            govuk_date(obj.residence_window_end),
            reasons or format_html("<li>{}</li>", "No reasons: a fully UK window"),
            format_html(
                "<p>Clearance held: {} ({}), granted by {} on {}, for the vetting unit to "
                "confirm</p>",
                held.name,
                held.code,
                obj.held_clearance_granted_by,
                govuk_date(obj.held_clearance_granted_on),
            )
            if held
            else "",
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

    @admin.display(description="Time in stage", ordering="stage_entered_at")
    def time_in_stage(self, obj):
        # Whole days, as the stage targets are (and cheaper per row than timesince).
        days = (timezone.now() - obj.stage_entered_at).days
        return "less than a day" if days < 1 else f"{days} day{'' if days == 1 else 's'}"

    # The list's yes/no columns are words, not Django's icons: a screen reader hears
    # "Overdue" rather than "True", and a row costs no static-file lookups.
    @admin.display(description="Overdue")
    def overdue(self, obj):
        days = (timezone.now() - obj.stage_entered_at).total_seconds() / 86400
        late = workflow.is_overdue(obj.stage, days, obj.vacancy.rocu.stage_target_days)
        return "Overdue" if late else ""

    @admin.display(description="Flagged for review", ordering="flagged_for_review")
    def review_flag(self, obj):
        return "Flagged" if obj.flagged_for_review else ""

    @admin.display(description="Pipeline")
    def pipeline_facts(self, obj):
        facts = []
        if obj.held_from_stage:
            facts.append(f"Held at {workflow.staff_label(obj.held_from_stage)}")
        if obj.unsuccessful_stage:
            reasons = ", ".join(
                workflow.UNSUCCESSFUL_REASONS[code][0] for code in obj.unsuccessful_reasons
            )
            facts.append(
                f"Unsuccessful at {workflow.staff_label(obj.unsuccessful_stage)}: {reasons}"
            )
        if obj.assessment_score is not None:
            facts.append(
                f"Moderated assessment score {obj.assessment_score} "
                f"(pass mark {obj.vacancy.assessment_pass_mark})"
            )
        if obj.start_date:
            facts.append(f"Start date {govuk_date(obj.start_date)}")
        return format_html_join("", "<p>{}</p>", ((fact,) for fact in facts)) or "-"

    # --- counts per stage on the list ---------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            response.context_data["stage_counts"] = response.context_data[
                "cl"
            ].paginator.stage_counts
        return response

    # --- moves ---------------------------------------------------------------------------

    def _moves_for(self, request, application):
        return [
            move
            for move in workflow.moves_from(
                application.stage, workflow.Actor.STAFF, held_from=application.held_from_stage
            )
            if request.user.has_perm(move.permission)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        moves = self._moves_for(request, application)
        extra_context = {
            **(extra_context or {}),
            "moves": [
                (
                    move,
                    reverse(
                        "admin:applications_application_move",
                        args=[application.pk, move.to_stage.value],
                    ),
                )
                for move in moves
            ],
            "note_url": (
                reverse("admin:applications_application_note", args=[application.pk])
                if user_sees_identity(request.user, application)
                else None
            ),
            "score_links": [
                (
                    f"Score the {label.lower()}",
                    reverse("admin:applications_application_score", args=[application.pk, value]),
                )
                for value, label in ScoreRound.choices
                if application.stage in services.SCORING_STAGES[value]
                and request.user.has_perm(workflow.MOVE)
            ],
            # Slots, the offer and the checks show themselves (applications.extensions).
            "extension_panels": extensions.admin_panels(request, application),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        move = path(
            "<path:object_id>/move/<str:to_stage>/",
            self.admin_site.admin_view(self.move_view),
            name="applications_application_move",
        )
        score = path(
            "<path:object_id>/score/<str:round>/",
            self.admin_site.admin_view(self.score_view),
            name="applications_application_score",
        )
        note = path(
            "<path:object_id>/note/",
            self.admin_site.admin_view(self.note_view),
            name="applications_application_note",
        )
        return [move, score, note, *super().get_urls()]

    def note_view(self, request, object_id):
        application = self.get_object(request, object_id)
        change_url = reverse("admin:applications_application_change", args=[application.pk])
        if not user_sees_identity(request.user, application):
            raise PermissionDenied  # a blind sifter's notes could name the candidate
        form = NoteForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.application_note_add(
                    application=application, by=request.user, text=form.cleaned_data["text"]
                )
            except services.ApplicationMoveRefused as refused:
                for problem in refused.problems:
                    form.add_error(None, problem)
            else:
                messages.success(request, "Note added.")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Add a note: {application.reference}",
            "application": application,
            "change_url": change_url,
            "form": form,
        }
        return TemplateResponse(request, "admin/applications/application/note.html", context)

    def score_view(self, request, object_id, round):
        """One assessor's scores, then (once submitted) everyone's and the moderated score."""
        application = self.get_object(request, object_id)
        if round not in ScoreRound.values:
            raise Http404("No such round")
        if not request.user.has_perm(workflow.MOVE):
            raise PermissionDenied
        change_url = reverse("admin:applications_application_change", args=[application.pk])
        vacancy = application.vacancy
        competencies = [
            (code, Competency(code).label)
            for code in dict.fromkeys(question.competency for question in vacancy.questions.all())
        ]
        own, others = score_sheets_visible_to(application, request.user, round)
        submitted = own is not None and own.submitted_at is not None
        score_form = ScoreSheetForm(
            request.POST if request.method == "POST" and "scores" in request.POST else None,
            competencies=competencies,
            low=vacancy.score_scale_min,
            high=vacancy.score_scale_max,
        )
        moderation = ModerationForm(
            request.POST if request.method == "POST" and "moderate" in request.POST else None,
            initial={
                "score": scoring.suggested_moderated_score(
                    sheet.scores for sheet in [own, *others] if sheet is not None
                )
            },
        )
        try:
            if score_form.is_bound and score_form.is_valid():
                services.score_sheet_submit(
                    application=application,
                    by=request.user,
                    round=round,
                    scores=score_form.scores(),
                    comments=score_form.cleaned_data["comments"],
                )
                messages.success(request, "Your scores are submitted.")
                return HttpResponseRedirect(request.path)
            if moderation.is_bound and moderation.is_valid():
                services.application_assessment_moderate(
                    application=application,
                    by=request.user,
                    score=moderation.cleaned_data["score"],
                    reason=moderation.cleaned_data["reason"],
                )
                messages.success(request, "The moderated score is recorded.")
                return HttpResponseRedirect(change_url)
        except services.ApplicationMoveRefused as refused:
            form = score_form if score_form.is_bound else moderation
            for problem in refused.problems:
                form.add_error(None, problem)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{ScoreRound(round).label} scores: {application.reference}",
            "application": application,
            "change_url": change_url,
            "own": own,
            "submitted": submitted,
            "others": others,
            "rows": [
                (
                    label,
                    own.scores.get(code) if own else None,
                    [sheet.scores.get(code) for sheet in others],
                )
                for code, label in competencies
            ],
            "score_form": score_form,
            "moderation": moderation if round == ScoreRound.ASSESSMENT and submitted else None,
        }
        return TemplateResponse(request, "admin/applications/application/score.html", context)

    def move_view(self, request, object_id, to_stage):
        """One move, with its form, on its own confirmation page."""
        application = self.get_object(request, object_id)  # 404 outside the user's ROCUs
        change_url = reverse("admin:applications_application_change", args=[application.pk])
        try:
            declared = workflow.move(application.stage, to_stage, workflow.Actor.STAFF)
        except workflow.MoveRefused:
            messages.error(
                request,
                f"An application at {workflow.staff_label(application.stage)} cannot make that "
                "move now. Choose one of the moves below.",
            )
            return HttpResponseRedirect(change_url)
        if not request.user.has_perm(declared.permission):
            raise PermissionDenied
        form = MoveForm(
            request.POST if request.method == "POST" else None,
            declared=declared,
            initial={"expected_stage": application.stage},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.application_move(
                    application=application,
                    by=request.user,
                    request=form.move_request(),
                    expected_stage=form.cleaned_data["expected_stage"],
                )
            except services.ApplicationMovedMeanwhile as meanwhile:
                messages.error(request, meanwhile.message)
                return HttpResponseRedirect(change_url)
            except services.ApplicationMoveRefused as refused:
                for problem in refused.problems:
                    form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    f"{application.reference} moved to {workflow.staff_label(declared.to_stage)}. "
                    "The candidate's email is queued.",
                )
                return HttpResponseRedirect(change_url)
        problems = services.move_problems(
            application=application,
            by=request.user,
            request=services.MoveRequest(to_stage),
            answers=False,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{declared.staff_label}: {application.reference}",
            "application": application,
            "declared": declared,
            "form": form,
            "checks": problems,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/applications/application/move.html", context)

    @admin.action(description="Move selected applications…", permissions=["move"])
    def move_selected(self, request, queryset):
        """Bulk move: choose the move, confirm what will happen, then one event and email each."""
        stages = set(queryset.values_list("stage", flat=True))
        if len(stages) != 1:
            self.message_user(
                request,
                "Select applications at one stage (filter by stage first) to move them together.",
                messages.ERROR,
            )
            return None
        from_stage = stages.pop()
        ids = sorted(queryset.values_list("pk", flat=True))
        choice = BulkMoveChoiceForm(
            request.POST if "to_stage" in request.POST else None, from_stage=from_stage
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "ids": ids,
            "from_stage": workflow.staff_label(from_stage),
            "choice": choice,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "title": f"Move {len(ids)} applications",
        }
        if not choice.is_bound or not choice.is_valid():
            return TemplateResponse(
                request, "admin/applications/application/bulk_move.html", context
            )
        declared = workflow.move(from_stage, choice.cleaned_data["to_stage"], workflow.Actor.STAFF)
        if not request.user.has_perm(declared.permission):
            raise PermissionDenied
        form = MoveForm(
            request.POST if "confirm" in request.POST else None,
            declared=declared,
            initial={"expected_stage": from_stage},
        )
        # Full rows (the list's queryset loads only its columns), checked together.
        applications = list(applications_for_staff(request.user).filter(pk__in=ids).order_by("pk"))
        problems = services.move_problems_many(
            applications=applications,
            by=request.user,
            request=services.MoveRequest(declared.to_stage),
            answers=False,
        )
        blocked = [
            (application, problems[application.pk])
            for application in applications
            if problems[application.pk]
        ]
        context.update(
            declared=declared,
            form=form,
            will_move=len(applications) - len(blocked),
            blocked=blocked[:50],
            blocked_count=len(blocked),
        )
        if form.is_bound and form.is_valid():
            result = services.application_move_many(
                application_ids=ids,
                from_stage=form.cleaned_data["expected_stage"],
                by=request.user,
                request=form.move_request(),
                bulk=request.POST.get("bulk") or uuid.uuid4().hex,
            )
            self.message_user(
                request,
                f"{result.moved} moved to {workflow.staff_label(declared.to_stage)}; "
                f"one email each is queued.",
                messages.SUCCESS,
            )
            if result.refused:
                self.message_user(
                    request,
                    f"{len(result.refused)} not moved: "
                    + "; ".join(
                        f"{pk}: {' '.join(problems)}"
                        for pk, problems in list(result.refused.items())[:20]
                    ),
                    messages.WARNING,
                )
            return None
        context["bulk"] = request.POST.get("bulk") or uuid.uuid4().hex
        return TemplateResponse(request, "admin/applications/application/bulk_move.html", context)

    def has_move_permission(self, request):
        return request.user.has_perm(workflow.MOVE)
