"""Writes for applications: start, save each section, submit, withdraw, remind.

Every write locks the application row first (``SELECT … FOR UPDATE``), so a
section saved in one tab and a submit in another are ordered, and a second
submit waits for the first and then finds the application already submitted.
Stage changes go through ``_move`` only: it asks ``workflow.move`` whether the
move is allowed, sets the stage and its timestamp, writes an
``ApplicationEvent`` and queues the email through the outbox, all in the
caller's transaction (the email is sent after commit; its idempotency key is
the application and the event, so it can never go twice).

Nothing here logs answers: ids and stages only.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_may_act_for_rocu
from core.govuk_dates import govuk_date, govuk_datetime
from core.site import absolute_url
from notifications.services import (
    NotificationDraft,
    notification_enqueue,
    notification_enqueue_many,
)
from vacancies.models import Competency, Vacancy
from vetting import rules
from vetting.clearance import HeldClearance
from vetting.clock import UK_TIME_ZONE
from vetting.models import VettingLevel
from vetting.self_check import Period

from . import emails, extensions, selectors, workflow
from .models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplicationReferenceCounter,
    CompetencyAnswer,
    EmploymentEntry,
    EqualityMonitoring,
    Referee,
    ResidencePeriod,
    ScoreRound,
    ScoreSheet,
)
from .sections import REFEREES_REQUIRED, Section
from .workflow import Actor, Stage

logger = logging.getLogger(__name__)


class ApplicationRefused(Exception):
    """A write the application's state does not allow; ``code`` names why."""

    def __init__(self, code: str, *, sections: tuple[str, ...] = ()):
        super().__init__(code)
        self.code = code
        self.sections = sections


CLOSED = "closed"
NOT_EDITABLE = "not_editable"
ALREADY_SUBMITTED = "already_submitted"
INCOMPLETE = "incomplete"
NOT_WITHDRAWABLE = "not_withdrawable"
TOO_MANY = "too_many"
MOVED_MEANWHILE = "moved_meanwhile"
NOT_A_CANDIDATE_MOVE = "not_a_candidate_move"


def _uk_date(at: datetime.datetime) -> datetime.date:
    return at.astimezone(UK_TIME_ZONE).date()


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _lock_draft(application: Application) -> Application:
    locked = _lock(application)
    if locked.stage not in workflow.EDITABLE_STAGES:
        raise ApplicationRefused(NOT_EDITABLE)
    return locked


# --- Start ---------------------------------------------------------------------------


def application_start(*, candidate, vacancy: Vacancy, at: datetime.datetime) -> Application:
    """The candidate's application for this advert: the existing one, or a new draft.

    A new draft only while the advert is open. The unique constraint settles two
    tabs pressing "Apply" at once: the loser reads the winner's row.
    """
    existing = selectors.application_find(candidate=candidate, vacancy=vacancy)
    if existing is not None:
        return existing
    if not vacancy.is_open(now=at):
        raise ApplicationRefused(CLOSED)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate, vacancy=vacancy, draft_at=at
            )
    except IntegrityError:
        return Application.objects.get(candidate=candidate, vacancy=vacancy)
    logger.info("applications: draft %s started", application.pk)
    return application


# --- Sections ------------------------------------------------------------------------

SECTION_FIELDS: dict[Section, tuple[str, ...]] = {
    Section.PERSONAL: (
        "full_name",
        "preferred_name",
        "phone",
        "address_location",
        "address_line_1",
        "address_line_2",
        "address_town",
        "address_postcode",
        "address_abroad",
        "right_to_work",
        "visa_ends_on",
    ),
    Section.RESIDENCE: (
        "residence_all_added",
        "residence_exemption_statement",
        "holds_clearance",
        "held_clearance_level",
        "held_clearance_granted_by",
        "held_clearance_granted_on",
    ),
    Section.EMPLOYMENT: ("employment_all_added",),
    Section.REFEREES: ("referee_consent",),
    Section.ADJUSTMENTS: ("adjustments_needed", "adjustments_detail", "disability_confident"),
    Section.DECLARATION: ("declaration_true", "declaration_vetting_consent"),
}


@transaction.atomic
def application_section_save(*, application: Application, section: Section, **values) -> None:
    """Save a section's own fields on the application (only that section's)."""
    allowed = SECTION_FIELDS[section]
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Not fields of {section}: {sorted(unknown)}")
    locked = _lock_draft(application)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*values, "updated_at"])


def application_clearance_save(*, application: Application, held: HeldClearance | None) -> None:
    """Whether the candidate holds clearance and, if so, which (None: they hold none).

    Sensitive (docs/vetting-requirements.md): stored with the application, never
    logged or emailed.
    """
    level = VettingLevel.objects.get(code=held.level_code) if held else None
    application_section_save(
        application=application,
        section=Section.RESIDENCE,
        holds_clearance="yes" if held else "no",
        held_clearance_level=level,
        held_clearance_granted_by=held.granted_by if held else "",
        held_clearance_granted_on=held.granted_on if held else None,
    )


_ROW_MODELS = {
    Section.RESIDENCE: (ResidencePeriod, None),
    Section.EMPLOYMENT: (EmploymentEntry, None),
    Section.REFEREES: (Referee, REFEREES_REQUIRED),
}
# Far more than any history needs; it bounds what one application can hold.
MAX_ROWS = 100


@transaction.atomic
def application_row_save(
    *, application: Application, section: Section, pk: int | None = None, **values
):
    """Add a row to a list section (pk None) or change one of this application's rows."""
    model, limit = _ROW_MODELS[section]
    locked = _lock_draft(application)
    rows = model.objects.filter(application=locked)
    if pk is None:
        if rows.count() >= (limit or MAX_ROWS):
            raise ApplicationRefused(TOO_MANY)
        row = model.objects.create(application=locked, **values)
    else:
        row = rows.get(pk=pk)  # another application's row: DoesNotExist (the view's 404)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    if section == Section.RESIDENCE:
        # A changed history must be confirmed again before it counts as complete.
        locked.residence_all_added = False
        locked.save(update_fields=["residence_all_added", "updated_at"])
    elif section == Section.EMPLOYMENT:
        locked.employment_all_added = False
        locked.save(update_fields=["employment_all_added", "updated_at"])
    return row


@transaction.atomic
def application_row_remove(*, application: Application, section: Section, pk: int) -> None:
    model, _ = _ROW_MODELS[section]
    locked = _lock_draft(application)
    model.objects.filter(application=locked, pk=pk).delete()


@transaction.atomic
def application_residence_prefill(*, application: Application, periods: list[Period]) -> int:
    """Copy the self-check's places into an application that has none yet."""
    locked = _lock_draft(application)
    if ResidencePeriod.objects.filter(application=locked).exists():
        return 0
    rows = [
        ResidencePeriod(
            application=locked,
            country=period.country,
            start=period.start,
            end=period.end,
            reason=period.reason,
        )
        for period in periods[:MAX_ROWS]
    ]
    ResidencePeriod.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def application_answers_save(*, application: Application, answers: Mapping[int, str]) -> None:
    """Save the competency answers (question id → text) for this advert's questions."""
    locked = _lock_draft(application)
    question_ids = set(locked.vacancy.questions.values_list("pk", flat=True))
    for question_id, text in answers.items():
        if question_id not in question_ids:
            raise ValueError(f"Question {question_id} is not on this advert")
        CompetencyAnswer.objects.update_or_create(
            application=locked, question_id=question_id, defaults={"answer": text}
        )
    locked.save(update_fields=["updated_at"])


@transaction.atomic
def application_equality_save(*, application: Application, answers: Mapping[str, str]) -> None:
    """Store the monitoring answers in their own table; the application only learns it is done."""
    locked = _lock_draft(application)
    EqualityMonitoring.objects.update_or_create(application=locked, defaults=dict(answers))
    locked.equality_completed = True
    locked.save(update_fields=["equality_completed", "updated_at"])


# --- Stage moves ----------------------------------------------------------------------


def _email_context(application: Application, vacancy: Vacancy) -> dict:
    """What the application emails show: the job and the reference, nothing from the answers."""
    return {
        "job_title": vacancy.title,
        "rocu_name": vacancy.rocu.name,
        "vacancy_reference": vacancy.reference,
        "application_reference": application.reference or "",
        "closing": govuk_datetime(vacancy.closing_at) if vacancy.closing_at else "",
        "applications_url": absolute_url(reverse("applications:your_applications")),
    }


def _email_key(application: Application, declared: workflow.Move, event: ApplicationEvent) -> str:
    """The outbox key for a move's email, from the event.

    A move into an end (or the submission) happens once per application, so its
    key is the event's name (stable across the code's history); a move that may
    recur (on hold, booking cancelled) adds the event row's id.
    """
    key = f"application:{application.pk}:{declared.event}"
    if declared.from_stage == Stage.DRAFT or declared.to_stage in workflow.TERMINAL_STAGES:
        return key
    return f"{key}:{event.pk}"


def _stage_email_context(application: Application, vacancy: Vacancy, event) -> dict:
    context = {
        **_email_context(application, vacancy),
        "closing": "",
        "message": emails.STAGE_EMAIL_MESSAGES.get(event.event, ""),
        "stage_label": "",
        "reasons": [],
        "start_date": "",
        "link_url": "",
        "respond_by": "",
        "bring": [],
        "contact_email": "",
    }
    if event.event == "unsuccessful":
        context["stage_label"] = workflow.candidate_label(event.from_stage)
        context["reasons"] = [
            workflow.UNSUCCESSFUL_REASONS[code][1] for code in event.extra.get("reasons", [])
        ]
    if event.event == "start_date_agreed" and application.start_date:
        context["start_date"] = govuk_date(application.start_date)
    # Slots and offers add their links (e.g. where to book) through the extension point.
    context.update(extensions.email_context(application, event))
    return context


def _apply_move(
    *,
    application: Application,
    declared: workflow.Move,
    at: datetime.datetime,
    vacancy: Vacancy,
    by_candidate=None,
    by_user=None,
    reason: str = "",
    extra: dict | None = None,
) -> tuple[ApplicationEvent, NotificationDraft | None]:
    """Apply one declared move to a locked row: stage, its timestamps, event row.

    Returns the event and the email to queue (the caller queues it, one at a
    time or a batch at once, in the same transaction).
    """
    from_stage = application.stage
    to_stage = declared.to_stage
    application.stage = to_stage
    application.stage_entered_at = at
    setattr(application, workflow.STAGE_TIMESTAMP_FIELDS[Stage(to_stage)], at)
    application.save()
    event = ApplicationEvent.objects.create(
        application=application,
        event=declared.event,
        from_stage=from_stage,
        to_stage=to_stage,
        at=at,
        by_candidate=by_candidate,
        by_user=by_user,
        reason=reason,
        extra=extra or {},
    )
    extensions.moved(application, event)
    draft = None
    if declared.email_kind:
        if declared.email_kind in (emails.SUBMITTED, emails.WITHDRAWN):
            context = _email_context(application, vacancy)
        else:
            context = _stage_email_context(application, vacancy, event)
        draft = NotificationDraft(
            kind=declared.email_kind,
            to_email=application.candidate.email,
            idempotency_key=_email_key(application, declared, event),
            context=context,
        )
    logger.info("applications: %s moved %s -> %s", application.pk, from_stage, to_stage)
    return event, draft


def _move(
    *,
    application: Application,
    to_stage: Stage,
    actor: Actor,
    at: datetime.datetime,
    vacancy: Vacancy,
    by_candidate=None,
    by_user=None,
    reason: str = "",
) -> ApplicationEvent:
    """A candidate's (or the system's) declared move, its email queued at once."""
    declared = workflow.move(application.stage, to_stage, actor)
    event, draft = _apply_move(
        application=application,
        declared=declared,
        at=at,
        vacancy=vacancy,
        by_candidate=by_candidate,
        by_user=by_user,
        reason=reason,
    )
    if draft is not None:
        notification_enqueue(
            kind=draft.kind,
            to_email=draft.to_email,
            idempotency_key=draft.idempotency_key,
            context=draft.context,
        )
    return event


def _next_reference(vacancy: Vacancy) -> str:
    """NERSOU-2026-0012-0042: the advert's reference and the next number for it.

    One INSERT … ON CONFLICT DO UPDATE … RETURNING, so two submissions at the
    same moment never share a number.
    """
    table = ApplicationReferenceCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (vacancy_id, last_number) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (vacancy_id) DO UPDATE SET last_number = {table}.last_number + 1 "
            f"RETURNING last_number",
            [vacancy.pk],
        )
        number = cursor.fetchone()[0]
    return f"{vacancy.reference}-{number:04d}"


@transaction.atomic
def application_submit(*, application: Application, at: datetime.datetime) -> Application:
    """Submit a complete draft while its advert is open at ``at`` (exact to the second).

    Re-runs the residence rule as of the submission date (UK) and stores the
    result with the application; a result other than eligible flags it for review.
    """
    locked = _lock(application)
    if locked.stage != Stage.DRAFT:
        raise ApplicationRefused(ALREADY_SUBMITTED)
    full = selectors.application_get_for_candidate(candidate=locked.candidate, pk=locked.pk)
    vacancy = full.vacancy
    if not vacancy.is_open(now=at):
        raise ApplicationRefused(CLOSED)
    overview = selectors.application_overview(full, as_of=_uk_date(at))
    if not overview.ready_to_submit:
        raise ApplicationRefused(
            INCOMPLETE,
            sections=tuple(
                section for section, status in overview.statuses.items() if status != "completed"
            ),
        )
    residence = overview.residence
    assessment = residence.assessment
    # The outcome with any clearance held (which a person must look at: flagged).
    locked.residence_outcome = residence.outcome.value
    locked.residence_level_code = assessment.level.code
    locked.residence_required_years = assessment.level.required_years
    locked.residence_window_start = assessment.window_start
    locked.residence_window_end = assessment.window_end
    locked.residence_reasons = rules.assessment_as_json(assessment)["reasons"]
    locked.flagged_for_review = (
        residence.outcome != rules.Outcome.ELIGIBLE or residence.clearance is not None
    )
    locked.reference = _next_reference(vacancy)
    _move(
        application=locked,
        to_stage=Stage.SUBMITTED,
        actor=Actor.CANDIDATE,
        at=at,
        vacancy=vacancy,
        by_candidate=locked.candidate,
    )
    return locked


@transaction.atomic
def application_withdraw(
    *, application: Application, at: datetime.datetime, reason: str = ""
) -> Application:
    """The candidate withdraws a submitted application; the reason is optional."""
    locked = _lock(application)
    if not workflow.can_move(locked.stage, Stage.WITHDRAWN, Actor.CANDIDATE):
        raise ApplicationRefused(NOT_WITHDRAWABLE)
    locked.withdrawal_reason = reason
    vacancy = Vacancy.objects.select_related("rocu").get(pk=locked.vacancy_id)
    _move(
        application=locked,
        to_stage=Stage.WITHDRAWN,
        actor=Actor.CANDIDATE,
        at=at,
        vacancy=vacancy,
        by_candidate=locked.candidate,
        reason=reason,
    )
    return locked


@transaction.atomic
def application_move_by_candidate(
    *,
    application: Application,
    to_stage: str,
    at: datetime.datetime,
    expected_stage: str | None = None,
    reason: str = "",
) -> ApplicationEvent:
    """A move the candidate makes on their own application from a page of an app above
    applications (book or cancel a slot in scheduling; accept or decline a conditional
    offer in offers): the staff service's sibling, with the same table, row lock, event
    and email.

    Refused (ApplicationRefused) with ``MOVED_MEANWHILE`` when ``expected_stage`` is
    given and the locked row is elsewhere (another tab or HR moved it first), and with
    ``NOT_A_CANDIDATE_MOVE`` when the table has no such move for the candidate. The
    calling app checks its own rules (a deadline, a slot's capacity) first.
    """
    locked = _lock(application)
    if expected_stage is not None and locked.stage != expected_stage:
        raise ApplicationRefused(MOVED_MEANWHILE)
    if not workflow.can_move(locked.stage, to_stage, Actor.CANDIDATE):
        raise ApplicationRefused(NOT_A_CANDIDATE_MOVE)
    vacancy = Vacancy.objects.select_related("rocu").get(pk=locked.vacancy_id)
    return _move(
        application=locked,
        to_stage=Stage(to_stage),
        actor=Actor.CANDIDATE,
        at=at,
        vacancy=vacancy,
        by_candidate=locked.candidate,
        reason=reason,
    )


# --- Reminders ------------------------------------------------------------------------


@transaction.atomic
def application_drafts_remind(*, now: datetime.datetime | None = None) -> int:
    """One reminder per unsubmitted draft, 48 hours before its advert closes.

    Exactly once even if two runs overlap: rows are claimed with SKIP LOCKED and
    marked in the same transaction, and the outbox key is per application.
    """
    now = now or timezone.now()
    due = (
        selectors.drafts_due_a_reminder(
            now=now, hours=settings.APPLICATIONS_REMINDER_HOURS_BEFORE_CLOSING
        )
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("candidate", "vacancy__rocu")
    )
    sent = 0
    for application in due:
        application.reminder_sent_at = now
        application.save(update_fields=["reminder_sent_at"])
        sent += notification_enqueue(
            kind=emails.CLOSING_REMINDER,
            to_email=application.candidate.email,
            idempotency_key=f"application:{application.pk}:closing-reminder",
            context=_email_context(application, application.vacancy),
        )
    if sent:
        logger.info("applications: %d closing reminder(s) queued", sent)
    return sent


# --- The selection pipeline: staff moves ---------------------------------------------


class ApplicationMoveRefused(Exception):
    """A staff move that cannot go ahead; ``problems`` says why, one sentence each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class ApplicationMovedMeanwhile(Exception):
    """Someone else moved the application after the caller looked at it.

    ``event`` is the move that happened, so the page can say who did what, when.
    """

    def __init__(self, event: ApplicationEvent | None, stage: str):
        self.event, self.stage = event, stage
        super().__init__(self.message)

    @property
    def message(self) -> str:
        stage = workflow.staff_label(self.stage)
        if self.event is None:
            return f"This application is now at {stage}: nothing was changed."
        if self.event.by_user is not None:
            who = self.event.by_user.get_full_name() or self.event.by_user.get_username()
        else:
            who = "The candidate" if self.event.by_candidate_id else "The system"
        return (
            f"{who} moved this application to {stage} at {govuk_datetime(self.event.at)}: "
            f"your change was not made. Check it and try again."
        )


@dataclass(frozen=True)
class MoveRequest:
    """What staff asked for: the target stage and the form's answers."""

    to_stage: str
    reason: str = ""
    reasons: tuple[str, ...] = ()
    start_date: datetime.date | None = None
    override: bool = False


def _needs_problems(declared: workflow.Move, request: MoveRequest) -> list[str]:
    problems = []
    if workflow.Needs.REASON in declared.needs and not request.reason.strip():
        problems.append("Give a reason")
    if workflow.Needs.REASONS in declared.needs:
        if not request.reasons:
            problems.append("Choose at least one reason to tell the candidate")
        unknown = [code for code in request.reasons if code not in workflow.UNSUCCESSFUL_REASONS]
        if unknown:
            problems.append(f"Unknown reasons: {', '.join(unknown)}")
    if workflow.Needs.DATE in declared.needs:
        if request.start_date is None:
            problems.append("Enter the start date")
        elif request.start_date < timezone.localdate():
            problems.append("The start date must be today or in the future")
    return problems


def _panel_scorers(application_ids) -> dict[int, int]:
    """Panel members who submitted interview scores, per application, in one query."""
    return dict(
        ScoreSheet.objects.filter(
            application_id__in=application_ids,
            round=ScoreRound.INTERVIEW,
            submitted_at__isnull=False,
        )
        .order_by()
        .values_list("application_id")
        .annotate(scorers=Count("id"))
        .values_list("application_id", "scorers")
    )


def _guard_facts(
    application: Application,
    declared: workflow.Move,
    request: MoveRequest,
    *,
    panel_scorers: int | None = None,
):
    guards = set(declared.guards)
    panel = 0
    if workflow.Guard.TWO_PANEL_SCORES in guards:
        panel = (
            panel_scorers
            if panel_scorers is not None
            else _panel_scorers([application.pk]).get(application.pk, 0)
        )
    vacancy = application.vacancy
    return workflow.GuardFacts(
        assessment_score=(
            float(application.assessment_score)
            if application.assessment_score is not None
            else None
        ),
        pass_mark=float(vacancy.assessment_pass_mark),
        interview_panel_scorers=panel,
        disability_confident=application.disability_confident == "yes",
        # Each check's app registers its reader (applications.extensions); a check
        # nobody registered is not cleared, so no offer is confirmed without it.
        checks_cleared=(
            extensions.checks_cleared(application)
            if workflow.Guard.CHECKS_CLEARED in guards
            else {}
        ),
        held_from=application.held_from_stage,
        override_reason=request.reason if request.override else "",
    )


def move_problems(
    *,
    application: Application,
    by,
    request: MoveRequest,
    answers: bool = True,
    panel_scorers: int | None = None,
) -> list[str]:
    """Every reason ``by`` cannot make this move now (empty: it may go ahead).

    Reads only; the row should be locked by the caller if it is about to write.
    ``answers=False`` leaves out what the form has yet to ask (for a preview).
    ``panel_scorers``, when the caller has counted them already (move_problems_many),
    saves the query for the two-panel-scores guard.
    """
    try:
        declared = workflow.move(application.stage, request.to_stage, Actor.STAFF)
    except workflow.MoveRefused:
        return [
            f"An application at {workflow.staff_label(application.stage)} cannot be moved to "
            f"{_stage_name(request.to_stage)}"
        ]
    problems = []
    if not user_may_act_for_rocu(by, application.vacancy.rocu_id):
        problems.append(f"You cannot move applications for {application.vacancy.rocu}")
    elif declared.permission and not by.has_perm(declared.permission):
        problems.append(f"You do not have permission to {declared.staff_label.lower()}")
    if answers:
        problems += _needs_problems(declared, request)
    facts = _guard_facts(application, declared, request, panel_scorers=panel_scorers)
    problems += workflow.check_guards(declared, facts, override=request.override)
    return problems


def move_problems_many(
    *, applications, by, request: MoveRequest, answers: bool = True
) -> dict[int, list[str]]:
    """``move_problems`` for each application (id -> problems), for the bulk move's preview.

    A fixed number of queries however many are selected: the panel scores are
    counted for all of them at once. (The pre-employment check readers of
    ``applications.extensions`` still run once per application, on a move to
    offer confirmed only.) ``applications`` need ``vacancy`` loaded.
    """
    applications = list(applications)
    panel = _panel_scorers([application.pk for application in applications])
    return {
        application.pk: move_problems(
            application=application,
            by=by,
            request=request,
            answers=answers,
            panel_scorers=panel.get(application.pk, 0),
        )
        for application in applications
    }


def _stage_name(stage: str) -> str:
    try:
        return workflow.staff_label(stage)
    except ValueError:
        return repr(stage)


def _extra(application: Application, declared: workflow.Move, request: MoveRequest, bulk: str):
    extra: dict = {}
    if request.reasons:
        extra["reasons"] = list(request.reasons)
    if request.override:
        extra["override"] = [g.value for g in declared.guards if g in workflow.OVERRIDABLE]
    if request.start_date:
        extra["start_date"] = request.start_date.isoformat()
    if bulk:
        extra["bulk"] = bulk
    return extra


def _set_stage_facts(application: Application, declared: workflow.Move, request: MoveRequest):
    if declared.to_stage == Stage.ON_HOLD:
        application.held_from_stage = declared.from_stage
    elif declared.from_stage == Stage.ON_HOLD:
        application.held_from_stage = ""
    if declared.to_stage == Stage.UNSUCCESSFUL:
        application.unsuccessful_stage = declared.from_stage
        application.unsuccessful_reasons = list(request.reasons)
    if declared.to_stage == Stage.START_DATE_AGREED:
        application.start_date = request.start_date


def _lock_for_move(queryset):
    return queryset.select_for_update(of=("self",)).select_related("vacancy__rocu", "candidate")


def _move_locked(
    *, locked: Application, by, request: MoveRequest, at, bulk: str = ""
) -> tuple[ApplicationEvent, NotificationDraft | None]:
    problems = move_problems(application=locked, by=by, request=request)
    if problems:
        raise ApplicationMoveRefused(problems)
    declared = workflow.move(locked.stage, request.to_stage, Actor.STAFF)
    _set_stage_facts(locked, declared, request)
    return _apply_move(
        application=locked,
        declared=declared,
        at=at,
        vacancy=locked.vacancy,
        by_user=by,
        reason=request.reason.strip(),
        extra=_extra(locked, declared, request, bulk),
    )


@transaction.atomic
def application_move(
    *,
    application: Application,
    by,
    request: MoveRequest,
    expected_stage: str | None = None,
    at: datetime.datetime | None = None,
) -> ApplicationEvent | None:
    """Move one application as ``by`` (staff) asked, or refuse with every problem.

    ``expected_stage`` is the stage the member of staff saw (default: the
    caller's copy). Under the row lock: if the application has meanwhile reached
    the asked-for stage, this is a replay and nothing happens (None); if it has
    moved elsewhere, ApplicationMovedMeanwhile says who moved it. Otherwise the
    table, ROCU, permission, the form's answers and the guards are checked
    (ApplicationMoveRefused lists every problem), then the stage, its
    timestamp, the event and the candidate's email are written together.
    """
    expected_stage = expected_stage or application.stage
    locked = _lock_for_move(Application.objects.filter(pk=application.pk)).get()
    if locked.stage != expected_stage:
        latest = locked.events.select_related("by_user").order_by("-at", "-id").first()
        if locked.stage == request.to_stage:
            return None
        raise ApplicationMovedMeanwhile(latest, locked.stage)
    event, draft = _move_locked(locked=locked, by=by, request=request, at=at or timezone.now())
    if draft is not None:
        notification_enqueue(
            kind=draft.kind,
            to_email=draft.to_email,
            idempotency_key=draft.idempotency_key,
            context=draft.context,
        )
    return event


@dataclass
class BulkMoveResult:
    moved: int = 0
    # application id -> every problem that stopped it (nothing was changed for it)
    refused: dict[int, list[str]] = field(default_factory=dict)


BULK_BATCH_SIZE = 200


def application_move_many(
    *,
    application_ids,
    from_stage: str,
    by,
    request: MoveRequest,
    bulk: str,
    at: datetime.datetime | None = None,
    batch_size: int = BULK_BATCH_SIZE,
) -> BulkMoveResult:
    """The same move for many applications: one event and one email each.

    Each batch is its own transaction (rows locked in id order, so two bulk moves
    cannot deadlock), and its emails are written as one chunked outbox insert,
    queued when the batch commits. ``bulk`` names the operation (the confirmation
    page's token): it is on every event, and applications no longer at
    ``from_stage`` (moved by someone else, or by an earlier run of the same bulk
    move) are skipped, so running it again does nothing twice.
    """
    result = BulkMoveResult()
    at = at or timezone.now()
    ids = sorted(set(application_ids))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            rows = _lock_for_move(
                Application.objects.filter(pk__in=ids[start : start + batch_size]).order_by("pk")
            )
            drafts = []
            for locked in rows:
                if locked.stage != from_stage:
                    if locked.stage != request.to_stage:
                        result.refused[locked.pk] = [
                            f"Now at {workflow.staff_label(locked.stage)}: moved by someone else"
                        ]
                    continue
                try:
                    _, draft = _move_locked(locked=locked, by=by, request=request, at=at, bulk=bulk)
                except ApplicationMoveRefused as refusal:
                    result.refused[locked.pk] = refusal.problems
                    continue
                result.moved += 1
                if draft is not None:
                    drafts.append(draft)
            notification_enqueue_many(drafts=drafts)
    logger.info(
        "applications: bulk move %s to %s: %d moved, %d refused",
        bulk,
        request.to_stage,
        result.moved,
        len(result.refused),
    )
    return result


# --- Scoring ----------------------------------------------------------------------------

# The stages at which each round may be scored.
SCORING_STAGES = {
    ScoreRound.ASSESSMENT: (Stage.ASSESSMENT_BOOKED, Stage.ASSESSMENT_COMPLETED),
    # A panel member may still submit after the decision, before an offer is made.
    ScoreRound.INTERVIEW: (
        Stage.INTERVIEW_BOOKED,
        Stage.INTERVIEW_COMPLETED,
        Stage.PREFERRED,
        Stage.RESERVE,
    ),
}


def _scoring_problems(locked: Application, by, round_: str) -> list[str]:
    if not user_may_act_for_rocu(by, locked.vacancy.rocu_id):
        return [f"You cannot score applications for {locked.vacancy.rocu}"]
    if not by.has_perm(workflow.MOVE):
        return ["You do not have permission to score applications"]
    if locked.stage not in SCORING_STAGES[round_]:
        return [
            f"An application at {workflow.staff_label(locked.stage)} cannot be scored for the "
            f"{ScoreRound(round_).label.lower()}"
        ]
    return []


@transaction.atomic
def score_sheet_submit(
    *, application: Application, by, round: str, scores: Mapping[str, int], comments: str = ""
) -> ScoreSheet:
    """Record one assessor's scores, one per competency on the advert, and submit them.

    Each score must be a whole number on the advert's scale; every problem is
    listed. A submitted sheet is final (a second submit by the same assessor is refused).
    """
    locked = _lock_for_move(Application.objects.filter(pk=application.pk)).get()
    problems = _scoring_problems(locked, by, round)
    vacancy = locked.vacancy
    competencies = list(
        dict.fromkeys(vacancy.questions.order_by("position").values_list("competency", flat=True))
    )
    low, high = vacancy.score_scale_min, vacancy.score_scale_max
    for code in competencies:
        value = scores.get(code)
        if value is None or value == "":
            problems.append(f"Enter a score for {Competency(code).label}")
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(
                f"The score for {Competency(code).label} must be a whole number "
                f"from {low} to {high}"
            )
    unknown = set(scores) - set(competencies)
    if unknown:
        problems.append("Score only the competencies on this advert")
    existing = ScoreSheet.objects.filter(application=locked, round=round, assessor=by).first()
    if existing is not None and existing.submitted_at is not None:
        problems.append("You have already submitted your scores for this application")
    if problems:
        raise ApplicationMoveRefused(problems)
    sheet = existing or ScoreSheet(application=locked, round=round, assessor=by)
    sheet.scores = {code: scores[code] for code in competencies}
    sheet.comments = comments
    sheet.submitted_at = timezone.now()
    sheet.save()
    logger.info("applications: %s %s scores submitted by user %s", locked.pk, round, by.pk)
    return sheet


@transaction.atomic
def application_assessment_moderate(
    *, application: Application, by, score: Decimal, reason: str = ""
) -> ApplicationEvent:
    """Record the moderated assessment score (on the advert's scale) after the assessors'.

    Writes an event (a note in the timeline, not a stage move) so the audit shows who
    set it and why.
    """
    locked = _lock_for_move(Application.objects.filter(pk=application.pk)).get()
    problems = _scoring_problems(locked, by, ScoreRound.ASSESSMENT)
    vacancy = locked.vacancy
    if not vacancy.score_scale_min <= score <= vacancy.score_scale_max:
        problems.append(
            f"The moderated score must be from {vacancy.score_scale_min} to "
            f"{vacancy.score_scale_max}"
        )
    if not ScoreSheet.objects.filter(
        application=locked, round=ScoreRound.ASSESSMENT, submitted_at__isnull=False
    ).exists():
        problems.append("No assessor has submitted scores yet")
    if problems:
        raise ApplicationMoveRefused(problems)
    locked.assessment_score = score
    locked.save(update_fields=["assessment_score", "updated_at"])
    return ApplicationEvent.objects.create(
        application=locked,
        event="assessment_moderated",
        from_stage=locked.stage,
        to_stage=locked.stage,
        at=timezone.now(),
        by_user=by,
        reason=reason,
        extra={"score": str(score)},
    )


def application_note_add(*, application: Application, by, text: str) -> ApplicationNote:
    """A staff note on an application of one of ``by``'s ROCUs."""
    problems = []
    if not user_may_act_for_rocu(by, application.vacancy.rocu_id):
        problems.append(f"You cannot add notes for {application.vacancy.rocu}")
    if not text.strip():
        problems.append("Enter the note")
    if problems:
        raise ApplicationMoveRefused(problems)
    return ApplicationNote.objects.create(application=application, author=by, text=text.strip())


# --- The nightly invariant check -----------------------------------------------------------


def pipeline_invariants_check() -> int:
    """Log each breach of the pipeline's invariants (rule and application id only)."""
    breaches = selectors.pipeline_breaches()
    for invariant, pk in breaches:
        logger.error("applications: invariant breached: %s (application %s)", invariant, pk)
    logger.info("applications: invariant check found %d breach(es)", len(breaches))
    return len(breaches)


# --- The daily HR digest ---------------------------------------------------------------------


def pipeline_hr_digest_send(*, now: datetime.datetime | None = None) -> int:
    """One email per ROCU HR member per ROCU, only when there is something to say.

    Counts only (no names or answers). Keyed by ROCU, person and day, so a second
    run on the same day queues nothing.
    """
    from accounts.models import Rocu
    from accounts.roles import ROCU_HR

    now = now or timezone.now()
    today = _uk_date(now)
    day_start = datetime.datetime.combine(
        today - datetime.timedelta(days=1), datetime.time(), tzinfo=UK_TIME_ZONE
    )
    day_end = datetime.datetime.combine(today, datetime.time(), tzinfo=UK_TIME_ZONE)
    drafts = []
    for rocu in Rocu.objects.prefetch_related("staff__groups").order_by("pk"):
        recipients = [
            user
            for user in rocu.staff.all()
            if user.is_active and user.email and any(g.name == ROCU_HR for g in user.groups.all())
        ]
        if not recipients:
            continue
        counts = selectors.digest_counts(rocu=rocu, day_start=day_start, day_end=day_end, now=now)
        if not counts.worth_sending:
            continue
        context = {
            "rocu_name": rocu.name,
            "day": govuk_date(today),
            "received": counts.received,
            "overdue": counts.overdue,
            "checks_waiting": counts.checks_waiting,
            "admin_url": absolute_url(reverse("admin:applications_application_changelist")),
        }
        drafts += [
            NotificationDraft(
                kind=emails.HR_DIGEST,
                to_email=user.email,
                idempotency_key=f"pipeline-digest:{rocu.pk}:{user.pk}:{today.isoformat()}",
                context=context,
            )
            for user in recipients
        ]
    with transaction.atomic():
        return notification_enqueue_many(drafts=drafts)
