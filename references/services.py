"""Writes for references: open the requests, take the referee's answer, chase, notice
bounces, ask the candidate for another referee, and HR's mark.

Every email goes through the outbox in the same transaction as the change that
causes it, under a key that names the request and the email
(``reference:<id>:request``, ``…:chaser:<n>``, ``…:replacement_needed``), so a
replayed move, a task run twice or a worker killed mid-run never sends one twice.
docs/references.md says what each step means to referees, candidates and HR.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_may_act_for_rocu
from core.govuk_dates import govuk_date
from core.site import absolute_url
from core.validators import validate_person_name
from notifications.models import Notification, NotificationStatus
from notifications.services import (
    NotificationDraft,
    notification_enqueue,
    notification_enqueue_many,
)

from . import emails, rules, selectors, tokens
from .models import ReferenceRequest, ReferenceStatus

logger = logging.getLogger(__name__)

ASSESS_PERMISSION = "references.assess_reference"
# The chaser timestamps, in the order of settings.REFERENCES_CHASER_DAYS.
CHASER_FIELDS = ("first_chaser_at", "second_chaser_at")
_NAME_MAX_LENGTH = 100


class ReferenceClosed(Exception):
    """The referee's link can no longer be used; ``code`` says why (the page it shows)."""

    ANSWERED = "answered"
    EXPIRED = "expired"
    NOT_NEEDED = "not_needed"  # the application has moved on or ended

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class ReferenceRefused(Exception):
    """A staff or candidate action refused, with every problem in plain English."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def email_safe_name(value: str) -> str:
    """``value`` if it is a plain person's name, else "" (the email then names nobody).

    A name is the only text the candidate typed that reaches a referee's inbox:
    letters, spaces, apostrophes and hyphens cannot carry a link or a message
    (docs/security.md, "No typed text in email to an unverified address").
    """
    value = " ".join(value.split())
    if not value or len(value) > _NAME_MAX_LENGTH:
        return ""
    try:
        validate_person_name(value)
    except ValidationError:
        return ""
    return value


def _referee_draft(reference: ReferenceRequest, application, *, chaser: int | None):
    vacancy = application.vacancy
    key = f"reference:{reference.pk}:request"
    if chaser is not None:
        key = f"reference:{reference.pk}:chaser:{chaser + 1}"
    return NotificationDraft(
        kind=emails.REQUEST if chaser is None else emails.CHASER,
        to_email=reference.referee_email,
        idempotency_key=key,
        context={
            "referee_name": email_safe_name(reference.referee_name),
            "candidate_name": email_safe_name(application.full_name),
            "job_title": vacancy.title,
            "rocu_name": vacancy.rocu.name,
            "link_url": tokens.make_url(reference.token_key),
            "expires": govuk_date(reference.expires_at),
            "is_chaser": chaser is not None,
        },
    )


def _new_request(application, *, at, referee=None, replaces=None, **referee_fields):
    return ReferenceRequest.objects.create(
        application=application,
        referee=referee,
        replaces=replaces,
        token_key=tokens.new_token_key(),
        requested_at=at,
        expires_at=rules.link_expires_at(at, max_age_days=settings.REFERENCES_LINK_MAX_AGE_DAYS),
        **referee_fields,
    )


# --- Opening requests ------------------------------------------------------------------


def reference_requests_open(*, application, at: datetime.datetime) -> int:
    """One request per referee the candidate gave, each emailed; returns how many are new.

    Runs in the caller's transaction (the "offer accepted" move, row locked). A
    referee who already has a request gets no second one.
    """
    asked = set(
        ReferenceRequest.objects.filter(application=application, referee__isnull=False).values_list(
            "referee_id", flat=True
        )
    )
    opened = [
        _new_request(
            application,
            at=at,
            referee=referee,
            referee_name=referee.name,
            referee_email=referee.email,
            referee_organisation=referee.organisation,
            referee_relationship=referee.relationship,
        )
        for referee in application.referees.all()
        if referee.pk not in asked
    ]
    notification_enqueue_many(
        drafts=[_referee_draft(reference, application, chaser=None) for reference in opened]
    )
    if opened:
        logger.info(
            "references: %d request(s) opened for application %s", len(opened), application.pk
        )
    return len(opened)


def reference_requests_on_move(application, event) -> None:
    """The move listener (applications.extensions): checks start when the offer is accepted."""
    if event.event == "offer_accepted":
        reference_requests_open(application=application, at=event.at)


# --- The referee's answer ----------------------------------------------------------------


def _lock_open(token_key: str, *, now: datetime.datetime) -> ReferenceRequest:
    """The request, locked, if its link may still be used; ReferenceClosed otherwise."""
    reference = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("application__vacancy__rocu", "application__candidate")
        .filter(token_key=token_key)
        .first()
    )
    if reference is None:
        raise tokens.InvalidLink
    reference_closed_problem(reference, now=now)
    return reference


def reference_closed_problem(reference: ReferenceRequest, *, now: datetime.datetime) -> None:
    """Raise ReferenceClosed if the referee can no longer answer (the pages ask first)."""
    if reference.status in (ReferenceStatus.RECEIVED, ReferenceStatus.DECLINED):
        raise ReferenceClosed(ReferenceClosed.ANSWERED)
    if reference.status != ReferenceStatus.REQUESTED:  # bounced: someone else is asked now
        raise ReferenceClosed(ReferenceClosed.NOT_NEEDED)
    if not rules.application_is_open(reference.application.stage):
        raise ReferenceClosed(ReferenceClosed.NOT_NEEDED)
    if reference.expires_at <= now:
        raise ReferenceClosed(ReferenceClosed.EXPIRED)


RESPONSE_FIELDS = (
    "referee_position",
    "capacity",
    "known_from",
    "known_to",
    "candidate_role",
    "disciplinary",
    "disciplinary_detail",
    "integrity_concerns",
    "integrity_detail",
    "would_reemploy",
    "comments",
)
_DATES = frozenset({"known_from", "known_to"})


@transaction.atomic
def reference_submit(
    *, token_key: str, answers: dict, at: datetime.datetime | None = None
) -> ReferenceRequest:
    """Record the referee's answers once; a second submission is ReferenceClosed(ANSWERED)."""
    at = at or timezone.now()
    reference = _lock_open(token_key, now=at)
    for name in RESPONSE_FIELDS:
        setattr(reference, name, answers.get(name) or ("" if name not in _DATES else None))
    reference.status = ReferenceStatus.RECEIVED
    reference.responded_at = at
    reference.save(update_fields=[*RESPONSE_FIELDS, "status", "responded_at"])
    logger.info("references: request %s answered", reference.pk)
    return reference


def _ask_candidate_for_another(reference: ReferenceRequest, *, bounced: bool, at) -> bool:
    """Queue "we need another referee" to the candidate (once per request)."""
    application = reference.application
    reference.replacement_asked_at = at
    reference.save(update_fields=["replacement_asked_at"])
    if not rules.application_is_open(application.stage):
        return False
    vacancy = application.vacancy
    path = reverse("references:new_referee", args=[application.pk, reference.pk])
    return notification_enqueue(
        kind=emails.REPLACEMENT_NEEDED,
        to_email=application.candidate.email,
        idempotency_key=f"reference:{reference.pk}:replacement_needed",
        context={
            "application_reference": application.reference or "",
            "job_title": vacancy.title,
            "rocu_name": vacancy.rocu.name,
            "referee_name": email_safe_name(reference.referee_name),
            "bounced": bounced,
            "link_url": absolute_url(path),
        },
    )


@transaction.atomic
def reference_decline(
    *, token_key: str, reason: str, at: datetime.datetime | None = None
) -> ReferenceRequest:
    """The referee cannot give a reference: record why (optional), ask the candidate for another."""
    at = at or timezone.now()
    reference = _lock_open(token_key, now=at)
    reference.status = ReferenceStatus.DECLINED
    reference.responded_at = at
    reference.cannot_give_reason = reason.strip()
    reference.save(update_fields=["status", "responded_at", "cannot_give_reason"])
    _ask_candidate_for_another(reference, bounced=False, at=at)
    logger.info("references: request %s declined by the referee", reference.pk)
    return reference


# --- Replacement referee ------------------------------------------------------------------


def reference_replace_problems(reference: ReferenceRequest) -> list[str]:
    if reference.status not in (ReferenceStatus.BOUNCED, ReferenceStatus.DECLINED):
        return [_("This referee does not need replacing.")]
    if hasattr(reference, "replaced_by"):
        return [_("You have already given another referee in their place.")]
    if not rules.application_is_open(reference.application.stage):
        return [_("Your application is no longer at pre-employment checks.")]
    return []


@transaction.atomic
def reference_replace(
    *,
    reference: ReferenceRequest,
    candidate,
    name: str,
    email: str,
    organisation: str,
    relationship: str,
    at: datetime.datetime | None = None,
) -> ReferenceRequest:
    """The candidate names another referee for a bounced or refused request; they are asked."""
    at = at or timezone.now()
    locked = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("application__vacancy__rocu", "replaced_by")
        .get(pk=reference.pk, application__candidate=candidate)
    )
    problems = reference_replace_problems(locked)
    if email.casefold() in selectors.referee_emails_asked(locked.application):
        problems.append(_("You have already given this referee: give someone else"))
    if problems:
        raise ReferenceRefused(problems)
    new = _new_request(
        locked.application,
        at=at,
        replaces=locked,
        referee_name=name,
        referee_email=email,
        referee_organisation=organisation,
        referee_relationship=relationship,
    )
    notification_enqueue_many(drafts=[_referee_draft(new, locked.application, chaser=None)])
    logger.info("references: request %s replaces %s", new.pk, locked.pk)
    return new


# --- HR's mark ----------------------------------------------------------------------------


@transaction.atomic
def reference_assess(
    *,
    reference: ReferenceRequest,
    by,
    satisfactory: bool,
    note: str,
    at: datetime.datetime | None = None,
) -> ReferenceRequest:
    """HR marks a received reference satisfactory or not (once), with a note."""
    locked = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("application__vacancy")
        .get(pk=reference.pk)
    )
    if not (
        by.has_perm(ASSESS_PERMISSION)
        and user_may_act_for_rocu(by, locked.application.vacancy.rocu_id)
    ):
        raise ReferenceRefused(["You do not have permission to mark references"])
    problems = []
    if locked.status != ReferenceStatus.RECEIVED:
        problems.append("Only a reference the referee has sent can be marked")
    elif locked.satisfactory is not None:
        problems.append("This reference is already marked")
    if not satisfactory and not note.strip():
        problems.append("Say why the reference is not satisfactory")
    if problems:
        raise ReferenceRefused(problems)
    locked.satisfactory = satisfactory
    locked.assessment_note = note.strip()
    locked.assessed_by = by
    locked.assessed_at = at or timezone.now()
    locked.save(update_fields=["satisfactory", "assessment_note", "assessed_by", "assessed_at"])
    logger.info("references: request %s marked by user %s", locked.pk, by.pk)
    return locked


# --- Beat tasks: chasers and bounces ------------------------------------------------------


def _chaser_due_q(number: int, now: datetime.datetime) -> Q:
    """rules.due_chaser in SQL: chaser ``number`` is due, neither it nor a later one sent."""
    days = settings.REFERENCES_CHASER_DAYS
    due = Q(
        status=ReferenceStatus.REQUESTED,
        requested_at__lte=now - datetime.timedelta(days=days[number]),
        expires_at__gt=now,
        application__stage__in=rules.OPEN_STAGES,
    )
    for later in CHASER_FIELDS[number:]:
        due &= Q(**{f"{later}__isnull": True})
    if number + 1 < len(days):
        due &= Q(requested_at__gt=now - datetime.timedelta(days=days[number + 1]))
    return due


@dataclass
class ChaseResult:
    sent: dict[int, int]  # chaser number (1-based) -> emails queued by this run


def references_chase_due(*, now: datetime.datetime | None = None) -> ChaseResult:
    """Queue every chaser now due, exactly once each; safe to run twice at once.

    Each batch locks its rows with SKIP LOCKED (another run takes others), stamps
    the chaser's time with a conditional update and writes the emails in the same
    transaction; the idempotency key per request and chaser is the backstop.
    """
    now = now or timezone.now()
    result = ChaseResult(sent={})
    for number, field in enumerate(CHASER_FIELDS[: len(settings.REFERENCES_CHASER_DAYS)]):
        due = _chaser_due_q(number, now)
        queued = 0
        while True:
            with transaction.atomic():
                batch = list(
                    ReferenceRequest.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(due)
                    .select_related("application__vacancy__rocu")
                    .order_by("id")[: settings.REFERENCES_CHASE_BATCH_SIZE]
                )
                if not batch:
                    break
                ReferenceRequest.objects.filter(
                    pk__in=[reference.pk for reference in batch], **{f"{field}__isnull": True}
                ).update(**{field: now})
                queued += notification_enqueue_many(
                    drafts=[
                        _referee_draft(reference, reference.application, chaser=number)
                        for reference in batch
                    ]
                )
        result.sent[number + 1] = queued
    if any(result.sent.values()):
        logger.info("references: chasers queued %s", result.sent)
    return result


def _hard_bounced_request_ids(now: datetime.datetime) -> list[int]:
    since = now - datetime.timedelta(days=settings.REFERENCES_BOUNCE_LOOKBACK_DAYS)
    failed = Notification.objects.filter(
        status=NotificationStatus.FAILED,
        kind__in=(emails.REQUEST, emails.CHASER),
        created_at__gte=since,
    ).values_list("idempotency_key", "failure_reason", "smtp_code")
    return sorted(
        {
            int(key.split(":")[1])
            for key, reason, code in failed
            if key.startswith("reference:") and rules.is_hard_bounce(reason, code)
        }
    )


def references_notice_bounces(*, now: datetime.datetime | None = None) -> int:
    """Mark requests whose email hard-bounced, and ask each candidate for another referee."""
    now = now or timezone.now()
    ids = _hard_bounced_request_ids(now)
    noticed = 0
    for start in range(0, len(ids), settings.REFERENCES_CHASE_BATCH_SIZE):
        with transaction.atomic():
            batch = list(
                ReferenceRequest.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    pk__in=ids[start : start + settings.REFERENCES_CHASE_BATCH_SIZE],
                    status=ReferenceStatus.REQUESTED,
                )
                .select_related("application__vacancy__rocu", "application__candidate")
            )
            for reference in batch:
                reference.status = ReferenceStatus.BOUNCED
                reference.save(update_fields=["status"])
                _ask_candidate_for_another(reference, bounced=True, at=now)
            noticed += len(batch)
    if noticed:
        logger.info("references: %d bounced request(s) noticed", noticed)
    return noticed
