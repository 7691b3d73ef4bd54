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

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.govuk_dates import govuk_datetime
from notifications.services import notification_enqueue
from vacancies.models import Vacancy
from vetting import rules
from vetting.clock import UK_TIME_ZONE
from vetting.self_check import Period

from . import emails, selectors, workflow
from .models import (
    Application,
    ApplicationEvent,
    ApplicationReferenceCounter,
    CompetencyAnswer,
    EmploymentEntry,
    EqualityMonitoring,
    Referee,
    ResidencePeriod,
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
    Section.RESIDENCE: ("residence_all_added", "residence_exemption_statement"),
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
        "applications_url": f"{settings.SITE_URL}/your-applications/",
    }


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
    """Apply one declared move to a locked row: stage, its timestamp, event row, email."""
    declared = workflow.move(application.stage, to_stage, actor)
    from_stage = application.stage
    application.stage = to_stage
    timestamp_field = workflow.STAGE_TIMESTAMP_FIELDS[Stage(to_stage)]
    setattr(application, timestamp_field, at)
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
    )
    if declared.email_kind:
        notification_enqueue(
            kind=declared.email_kind,
            to_email=application.candidate.email,
            idempotency_key=f"application:{application.pk}:{declared.event}",
            context=_email_context(application, vacancy),
        )
    logger.info("applications: %s moved %s -> %s", application.pk, from_stage, to_stage)
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
    assessment = overview.assessment
    locked.residence_outcome = assessment.outcome.value
    locked.residence_level_code = assessment.level.code
    locked.residence_required_years = assessment.level.required_years
    locked.residence_window_start = assessment.window_start
    locked.residence_window_end = assessment.window_end
    locked.residence_reasons = rules.assessment_as_json(assessment)["reasons"]
    locked.flagged_for_review = assessment.outcome != rules.Outcome.ELIGIBLE
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
