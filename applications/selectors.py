"""Reads for applications: a candidate's own applications, each section's status.

``application_get_for_candidate`` is the ``access_*_by_id`` of this app: it
fetches an application only if it belongs to the signed-in candidate, so
another candidate's id is simply not found (a 404), whatever the URL or POST.
It loads everything a candidate page shows in a fixed number of queries, however
many places, jobs, referees or questions there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts.selectors import scope_to_user_rocus, user_sees_all_rocus
from vacancies.models import AdvertQuestion, Vacancy, VacancyStatus
from vacancies.presentation import vetting_requirements
from vetting import clock, rules
from vetting.clearance import ClearanceAssessment, HeldClearance
from vetting.requirements import Requirements
from vetting.selectors import held_clearance_assess, residence_assess
from vetting.self_check import Period

from . import extensions, sections, workflow
from .models import Application, ApplicationEvent, CompetencyAnswer, RightToWork, ScoreSheet
from .sections import Section, Status
from .workflow import Stage, staff_label


def _with_sections(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related(
        "candidate",
        "vacancy__rocu",
        "vacancy__vetting_level",
        "vacancy__national_security_level",
        "held_clearance_level",
    ).prefetch_related(
        "residence_periods",
        "employment_entries",
        "referees",
        Prefetch("answers", queryset=CompetencyAnswer.objects.all()),
        Prefetch("vacancy__questions", queryset=AdvertQuestion.objects.all()),
    )


def application_get_for_candidate(*, candidate, pk: int) -> Application | None:
    return _with_sections(Application.objects.filter(candidate=candidate, pk=pk)).first()


def application_list_for_candidate(*, candidate) -> list[Application]:
    return list(
        Application.objects.filter(candidate=candidate)
        .select_related("vacancy__rocu")
        .order_by("-draft_at")
    )


def application_find(*, candidate, vacancy) -> Application | None:
    return Application.objects.filter(candidate=candidate, vacancy=vacancy).first()


def vacancy_get_for_applying(*, reference: str) -> Vacancy | None:
    """A published or closed advert (drafts and archived ones are not there for candidates)."""
    return (
        Vacancy.objects.filter(
            reference=reference, status__in=(VacancyStatus.PUBLISHED, VacancyStatus.CLOSED)
        )
        .select_related("rocu", "vetting_level")
        .first()
    )


def periods_of(application: Application) -> list[Period]:
    """The places lived, most recent first, as the self-check's Period (for its forms)."""
    return [
        Period(country=row.country, start=row.start, end=row.end, reason=row.reason)
        for row in application.residence_periods.all()
    ]


def held_clearance_of(application: Application) -> HeldClearance | None:
    """The clearance the candidate says they hold, or None (they said no, or not yet)."""
    if application.holds_clearance != "yes" or application.held_clearance_level is None:
        return None
    return HeldClearance(
        level_code=application.held_clearance_level.code,
        granted_by=application.held_clearance_granted_by,
        granted_on=application.held_clearance_granted_on,
    )


@dataclass(frozen=True)
class ResidenceCheck:
    """The advert's vetting requirements applied to the answers so far.

    ``assessed`` are the levels checked on residence: all the advert's, or those a
    declared clearance does not cover (the vetting unit decides on the clearance).
    ``assessment`` is None while the places cannot be assessed yet.
    """

    requirements: Requirements
    clearance: ClearanceAssessment | None
    assessed: Requirements
    assessment: rules.Assessment | None

    @property
    def outcome(self) -> rules.Outcome | None:
        if self.assessment is None:
            return None
        if self.clearance is not None:
            return self.clearance.outcome_with(self.assessment.outcome)
        return self.assessment.outcome


def residence_check(application: Application, *, as_of: date) -> ResidenceCheck | None:
    """Both of the advert's levels (the stricter window) and any clearance held; None if
    the advert names no level."""
    requirements = vetting_requirements(application.vacancy)
    if requirements is None:
        return None
    held = held_clearance_of(application)
    clearance = (
        held_clearance_assess(held=held, requirements=requirements, as_of=as_of) if held else None
    )
    # Levels a clearance may cover are for the vetting unit; the rest are assessed on
    # residence, with the stricter window of what remains (as the self-check does).
    assessed = (clearance.remaining if clearance else None) or requirements
    try:
        assessment = residence_assess(
            level=assessed.as_rule(),
            as_of=as_of,
            periods=[period.as_rule() for period in periods_of(application)],
        )
    except rules.RuleInputError:
        assessment = None
    return ResidenceCheck(requirements, clearance, assessed, assessment)


def residence_assessment(application: Application, *, as_of: date) -> rules.Assessment | None:
    """The rule on the answers so far; None if the answers cannot be assessed yet."""
    check = residence_check(application, as_of=as_of)
    return check.assessment if check else None


def questions_with_answers(application: Application) -> list[tuple[AdvertQuestion, str]]:
    answers = {answer.question_id: answer.answer for answer in application.answers.all()}
    return [
        (question, answers.get(question.pk, "")) for question in application.vacancy.questions.all()
    ]


def _personal_status(application: Application) -> Status:
    fields = (application.full_name, application.phone, application.address_location)
    if not any(fields) and not application.right_to_work:
        return Status.NOT_STARTED
    address_done = (
        application.address_location == "uk"
        and application.address_line_1
        and application.address_town
        and application.address_postcode
    ) or (application.address_location == "abroad" and application.address_abroad)
    right_to_work_done = application.right_to_work == RightToWork.YES or (
        application.right_to_work == RightToWork.VISA and application.visa_ends_on is not None
    )
    if application.full_name and application.phone and address_done and right_to_work_done:
        return Status.COMPLETED
    return Status.INCOMPLETE


def _simple_status(*, started: bool, done: bool) -> Status:
    if done:
        return Status.COMPLETED
    return Status.INCOMPLETE if started else Status.NOT_STARTED


@dataclass(frozen=True)
class Overview:
    application: Application
    statuses: dict[Section, Status]
    residence: ResidenceCheck | None
    as_of: date

    @property
    def assessment(self) -> rules.Assessment | None:
        return self.residence.assessment if self.residence else None

    @property
    def completed_count(self) -> int:
        return sum(1 for status in self.statuses.values() if status == Status.COMPLETED)

    @property
    def ready_to_submit(self) -> bool:
        return sections.all_completed(self.statuses)


def application_overview(application: Application, *, as_of: date | None = None) -> Overview:
    """Every section's status (no queries beyond what _with_sections prefetched)."""
    as_of = as_of or clock.today()
    check = residence_check(application, as_of=as_of)
    assessment = check.assessment if check else None
    entries = application.employment_entries.all()
    referees = application.referees.all()
    answers = questions_with_answers(application)
    a = application
    statuses = {
        Section.PERSONAL: _personal_status(a),
        Section.RESIDENCE: sections.residence_status(
            period_count=len(a.residence_periods.all()),
            all_added=a.residence_all_added,
            assessment=assessment,
            exemption_statement=a.residence_exemption_statement,
            clearance_answered=bool(a.holds_clearance),
        ),
        Section.EMPLOYMENT: sections.employment_status(
            spans=[(entry.start, entry.end) for entry in entries],
            all_added=a.employment_all_added,
            as_of=as_of,
        ),
        Section.REFEREES: sections.referees_status(
            count=len(referees),
            has_recent_employer=any(referee.is_most_recent_employer for referee in referees),
            consent=a.referee_consent,
        ),
        Section.QUESTIONS: sections.questions_status(
            answers=[(text, question.word_limit) for question, text in answers]
        ),
        Section.ADJUSTMENTS: _simple_status(
            started=bool(a.adjustments_needed or a.disability_confident),
            done=bool(
                a.disability_confident
                and (a.adjustments_needed == "no" or a.adjustments_detail.strip())
            ),
        ),
        Section.EQUALITY: _simple_status(started=False, done=a.equality_completed),
        Section.DECLARATION: _simple_status(
            started=a.declaration_true or a.declaration_vetting_consent,
            done=a.declaration_true and a.declaration_vetting_consent,
        ),
    }
    return Overview(application=a, statuses=statuses, residence=check, as_of=as_of)


def drafts_due_a_reminder(*, now, hours: int):
    """Unsubmitted drafts whose open advert closes within ``hours`` and not yet reminded."""
    return Application.objects.filter(
        stage=Stage.DRAFT,
        reminder_sent_at__isnull=True,
        vacancy__in=Vacancy.objects.open(now=now).filter(
            closing_at__lte=now + timedelta(hours=hours)
        ),
    )


# Until the sift decision a blind sifter reads the answers without knowing who wrote them.
BLIND_STAGES = frozenset({Stage.SUBMITTED, Stage.SIFT})
HIDDEN_NAME = "Hidden until the sift decision"


def applications_for_staff(user, *, blind_names: bool = False) -> QuerySet[Application]:
    """What the admin lists: sent applications of the user's ROCUs.

    ``blind_names`` annotates ``shown_name``: the candidate's name, or, for a
    viewer without ``view_candidate_identity`` while the application is at a
    blind stage, HIDDEN_NAME (so the database never sends a sifter the name).
    """
    queryset = scope_to_user_rocus(
        Application.objects.exclude(stage=Stage.DRAFT), user, rocu_field="vacancy__rocu"
    ).select_related("vacancy__rocu", "vacancy__vetting_level", "candidate")
    return _with_shown_name(queryset, user) if blind_names else queryset


def _with_shown_name(queryset: QuerySet[Application], user) -> QuerySet[Application]:
    if user.has_perm("applications.view_candidate_identity"):
        shown = F("full_name")
    else:
        shown = Case(
            When(stage__in=list(BLIND_STAGES), then=Value(HIDDEN_NAME)),
            default=F("full_name"),
            output_field=CharField(),
        )
    return queryset.annotate(shown_name=shown)


# What one row of the HR list shows (the admin's list_display), and nothing else: the
# list reads a page of narrow rows, not every section of every application.
_LIST_COLUMNS = (
    "reference",
    "stage",
    "stage_entered_at",
    "submitted_at",
    "residence_outcome",
    "flagged_for_review",
    "vacancy__reference",
    "vacancy__title",
    "vacancy__rocu__stage_target_days",
)


def applications_for_staff_list(user) -> QuerySet[Application]:
    """The HR list's rows: what ``applications_for_staff`` holds, only the listed columns.

    The ROCU scope is applied as the ids of the user's adverts (one small query
    first), not as a subquery on ROCU membership: PostgreSQL then knows that most
    applications match and walks the newest-first index for one page, instead of
    sorting every application of the ROCU (800 ms -> 20 ms a page at 100,000).
    """
    sent = Application.objects.exclude(stage=Stage.DRAFT)
    if not user_sees_all_rocus(user):
        adverts = scope_to_user_rocus(Vacancy.objects.all(), user)
        sent = sent.filter(vacancy_id__in=list(adverts.values_list("pk", flat=True)))
    return _with_shown_name(sent, user).select_related("vacancy__rocu").only(*_LIST_COLUMNS)


def vacancies_with_applications_for_staff(user) -> QuerySet[Vacancy]:
    """The adverts of the user's ROCUs that have sent applications (the list's advert filter).

    One EXISTS probe per advert of the user's ROCUs, not a pass over every application.
    """
    sent = Application.objects.filter(vacancy=OuterRef("pk")).exclude(stage=Stage.DRAFT)
    return (
        scope_to_user_rocus(Vacancy.objects.all(), user)
        .filter(Exists(sent))
        .only("reference", "title")
        .order_by("reference")
    )


def stage_counts(queryset: QuerySet[Application]) -> list[tuple[str, int]]:
    """(staff stage label, count) for each stage present in ``queryset``, in pipeline order."""
    counts = dict(
        queryset.order_by()
        .values_list("stage")
        .annotate(count=Count("*"))  # not Count("id"): an index-only scan of (stage, vacancy)
        .values_list("stage", "count")
    )
    return [(staff_label(stage), counts[stage]) for stage in Stage if stage in counts]


def user_sees_identity(user, application: Application) -> bool:
    """Whether ``user`` may see the candidate's name, contact details and referees."""
    return (
        user.has_perm("applications.view_candidate_identity")
        or application.stage not in BLIND_STAGES
    )


def score_sheets_visible_to(application: Application, user, round: str):
    """(own sheet or None, other assessors' submitted sheets).

    An assessor sees the others' scores only once their own are submitted, so
    each scores independently; a member of staff who is not scoring (has no
    sheet) sees nobody's until they have submitted theirs either.
    """
    sheets = list(
        ScoreSheet.objects.filter(application=application, round=round)
        .select_related("assessor")
        .order_by("id")
    )
    own = next((sheet for sheet in sheets if sheet.assessor_id == user.pk), None)
    if own is None or own.submitted_at is None:
        return own, []
    return own, [s for s in sheets if s.assessor_id != user.pk and s.submitted_at is not None]


def overdue_q(*, now, rocus) -> Q:
    """Applications past their stage's target (each ROCU's own targets), as one filter."""
    condition = Q(pk__in=[])
    for rocu in rocus:
        for stage in workflow.STAGE_TARGET_DAYS:
            days = workflow.target_days(stage, rocu.stage_target_days)
            condition |= Q(
                vacancy__rocu=rocu,
                stage=stage,
                stage_entered_at__lt=now - timedelta(days=days),
            )
    return condition


# --- The nightly invariant check -------------------------------------------------------

_OFFER_OR_LATER = [
    Stage.CONDITIONAL_OFFER,
    Stage.PRE_EMPLOYMENT_CHECKS,
    Stage.OFFER_CONFIRMED,
    Stage.START_DATE_AGREED,
]


def pipeline_breaches() -> list[tuple[str, int]]:
    """(invariant, application id) for every application that breaks one of the rules.

    One query per invariant. Ids only: the caller logs them, and logs hold no
    personal data.
    """
    sent = Application.objects.exclude(stage=Stage.DRAFT)
    checks: dict[str, QuerySet] = {
        # No pre-employment check can be recorded as cleared yet (the next piece of
        # work), so any confirmed offer got past the guard some other way.
        "offer confirmed without cleared checks": sent.filter(
            stage__in=[Stage.OFFER_CONFIRMED, Stage.START_DATE_AGREED]
        ),
        "offer without two panel scores": sent.filter(stage__in=_OFFER_OR_LATER)
        .annotate(
            panel=Count(
                "score_sheets",
                filter=Q(score_sheets__round="interview", score_sheets__submitted_at__isnull=False),
            )
        )
        .filter(panel__lt=workflow.PANEL_SCORERS_FOR_OFFER),
        "unsuccessful without a stage or reasons": sent.filter(stage=Stage.UNSUCCESSFUL).filter(
            Q(unsuccessful_stage="") | Q(unsuccessful_reasons=[])
        ),
        "on hold without the held stage": sent.filter(stage=Stage.ON_HOLD, held_from_stage=""),
        "stage without its timestamp": sent.filter(
            _any_of(
                Q(stage=stage, **{f"{field}__isnull": True})
                for stage, field in workflow.STAGE_TIMESTAMP_FIELDS.items()
            )
        ),
        "stage differs from the last event": sent.annotate(
            last_to=Subquery(
                ApplicationEvent.objects.filter(application=OuterRef("pk"))
                .order_by("-at", "-id")
                .values("to_stage")[:1]
            )
        ).exclude(last_to=F("stage")),
    }
    breaches = [
        (name, pk)
        for name, queryset in checks.items()
        for pk in queryset.order_by("pk").values_list("pk", flat=True)
    ]
    # The apps above applications add their own rules (e.g. no live booking after an end).
    breaches += [(name, pk) for name, reader in extensions.invariants().items() for pk in reader()]
    return breaches


def _any_of(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


@dataclass(frozen=True)
class DigestCounts:
    received: int
    overdue: int
    checks_waiting: int

    @property
    def worth_sending(self) -> bool:
        return bool(self.received or self.overdue or self.checks_waiting)


def digest_counts(*, rocu, day_start, day_end, now) -> DigestCounts:
    """What the daily HR email says for one ROCU, in one query."""
    counts = Application.objects.filter(vacancy__rocu=rocu).aggregate(
        received=Count("pk", filter=Q(submitted_at__gte=day_start, submitted_at__lt=day_end)),
        overdue=Count("pk", filter=overdue_q(now=now, rocus=[rocu])),
        checks_waiting=Count("pk", filter=Q(stage=Stage.PRE_EMPLOYMENT_CHECKS)),
    )
    return DigestCounts(**counts)
