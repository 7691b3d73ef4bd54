"""Writes for the conditional offer and the pre-employment checks.

Stage changes go through ``applications.services`` (the candidate's answer to
the offer through ``application_move_by_candidate``, HR's moves through
``application_move``); the records here follow those moves through
``on_application_moved``, a listener that runs inside each move's transaction,
so an offer, a questionnaire or a vetting case never exists for a move that
rolled back. Emails go through the outbox with idempotency keys. Nothing here
logs an answer, a medical note or a vetting detail.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_may_act_for_rocu
from applications import services as application_services
from applications.models import Application
from applications.workflow import OFFER, Stage
from core.govuk_dates import govuk_datetime
from core.site import absolute_url
from notifications.services import notification_enqueue

from . import emails, rules
from .models import (
    MedicalQuestionnaire,
    MedicalStatus,
    Offer,
    OfferDecision,
    RightToWorkCheck,
    VettingCase,
    VettingStatus,
)

logger = logging.getLogger(__name__)

RECORD_VETTING = "offers.record_vetting"
DECIDE_MEDICAL = "offers.decide_medical"


class OfferRefused(Exception):
    """The candidate's answer cannot be taken; ``code`` names why (the page words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


EXPIRED = "expired"
ALREADY_ANSWERED = "already_answered"
NOT_OPEN = "not_open"


class CheckRefused(Exception):
    """A check cannot be recorded; ``problems`` maps a form field (or "") to a sentence."""

    def __init__(self, problems: dict[str, str] | list[str]):
        if isinstance(problems, list):
            problems = {"": " ".join(problems)}
        self.problems = problems
        super().__init__("; ".join(problems.values()))


# --- Following the application's moves -------------------------------------------------


def on_application_moved(application: Application, event) -> None:
    """Registered with applications.extensions: runs in every move's transaction."""
    if event.event == "conditional_offer":
        Offer.objects.update_or_create(
            application=application,
            defaults={
                "made_at": event.at,
                "respond_by": rules.respond_by(event.at, settings.OFFERS_RESPONSE_DAYS),
                "decision": OfferDecision.PENDING,
                "decided_at": None,
                "decline_reason": "",
                "reminder_sent_at": None,
            },
        )
    elif event.event in ("offer_accepted", "offer_declined"):
        decision = (
            OfferDecision.ACCEPTED if event.event == "offer_accepted" else OfferDecision.DECLINED
        )
        # A candidate who accepted may later decline: the latest answer stands.
        Offer.objects.filter(application=application).update(
            decision=decision,
            decided_at=event.at,
            decline_reason=event.reason if decision == OfferDecision.DECLINED else "",
        )
        if decision == OfferDecision.ACCEPTED:
            medical_questionnaire_send(application=application, at=event.at)
            _vetting_cases_open(application, at=event.at)


def _vetting_cases_open(application: Application, *, at) -> None:
    """One case per level the advert requires (force, then national security)."""
    for level in application.vacancy.vetting_levels():
        VettingCase.objects.get_or_create(
            application=application, level=level, defaults={"updated_at": at}
        )


# --- The candidate's answer ------------------------------------------------------------


def _locked_offer(application: Application) -> Offer:
    offer = Offer.objects.select_for_update().filter(application=application).first()
    if offer is None:
        raise OfferRefused(NOT_OPEN)
    return offer


def _answer(*, application: Application, to_stage: Stage, at, reason: str = "") -> None:
    offer = _locked_offer(application)
    if offer.decision != OfferDecision.PENDING:
        raise OfferRefused(ALREADY_ANSWERED)
    if at >= offer.respond_by:
        raise OfferRefused(EXPIRED)
    try:
        application_services.application_move_by_candidate(
            application=application, to_stage=to_stage, at=at, reason=reason
        )
    except application_services.ApplicationRefused as refused:
        raise OfferRefused(NOT_OPEN) from refused


@transaction.atomic
def offer_accept(*, application: Application, at: datetime.datetime | None = None) -> None:
    """The candidate accepts before the deadline: pre-employment checks start."""
    _answer(application=application, to_stage=Stage.PRE_EMPLOYMENT_CHECKS, at=at or timezone.now())


@transaction.atomic
def offer_decline(
    *, application: Application, reason: str = "", at: datetime.datetime | None = None
) -> None:
    """The candidate declines before the deadline; the reason (optional) is for HR."""
    _answer(
        application=application,
        to_stage=Stage.OFFER_DECLINED,
        at=at or timezone.now(),
        reason=reason.strip(),
    )


@transaction.atomic
def offer_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """One reminder per unanswered offer, ``OFFERS_REMINDER_DAYS_BEFORE`` days before it ends.

    Exactly once: rows are claimed with SKIP LOCKED and marked in the same
    transaction as the email row, whose idempotency key also stops a second one.
    """
    now = now or timezone.now()
    window = datetime.timedelta(days=settings.OFFERS_REMINDER_DAYS_BEFORE)
    due = (
        Offer.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("application__vacancy__rocu", "application__candidate")
        .filter(
            decision=OfferDecision.PENDING,
            reminder_sent_at__isnull=True,
            application__stage=Stage.CONDITIONAL_OFFER,
            respond_by__gt=now,
            respond_by__lte=now + window,
        )
    )
    sent = 0
    for offer in due:
        application = offer.application
        notification_enqueue(
            kind=emails.OFFER_REMINDER,
            to_email=application.candidate.email,
            idempotency_key=f"offer:{offer.pk}:reminder",
            context={
                **_email_basics(application),
                "respond_by": govuk_datetime(offer.respond_by),
                "link_url": absolute_url(offer_url(application)),
            },
        )
        offer.reminder_sent_at = now
        offer.save(update_fields=["reminder_sent_at"])
        sent += 1
    if sent:
        logger.info("offers: %d offer reminder(s) queued", sent)
    return sent


def offer_url(application: Application) -> str:
    return reverse("offers:offer", kwargs={"pk": application.pk})


def medical_url(application: Application) -> str:
    return reverse("offers:medical", kwargs={"pk": application.pk})


def _email_basics(application: Application) -> dict:
    vacancy = application.vacancy
    return {
        "job_title": vacancy.title,
        "rocu_name": vacancy.rocu.name,
        "application_reference": application.reference or "",
        "applications_url": absolute_url(reverse("applications:your_applications")),
    }


# --- Medical questionnaire ---------------------------------------------------------------


def medical_questionnaire_send(*, application: Application, at) -> MedicalQuestionnaire:
    """Send the questionnaire: only once the conditional offer is accepted.

    Health questions before an offer are unlawful (Equality Act 2010 s.60), so
    this refuses at any stage before pre-employment checks.
    """
    if application.stage != Stage.PRE_EMPLOYMENT_CHECKS:
        raise CheckRefused(
            ["The medical questionnaire is sent only after the conditional offer is accepted"]
        )
    questionnaire, created = MedicalQuestionnaire.objects.get_or_create(
        application=application, defaults={"sent_at": at}
    )
    if created:
        notification_enqueue(
            kind=emails.MEDICAL_QUESTIONNAIRE,
            to_email=application.candidate.email,
            idempotency_key=f"medical:{application.pk}:sent",
            context={
                **_email_basics(application),
                "link_url": absolute_url(medical_url(application)),
            },
        )
    return questionnaire


@transaction.atomic
def medical_questionnaire_return(
    *, application: Application, answers: dict, at: datetime.datetime | None = None
) -> MedicalQuestionnaire:
    """The candidate sends their answers (once)."""
    questionnaire = (
        MedicalQuestionnaire.objects.select_for_update().filter(application=application).first()
    )
    if questionnaire is None or questionnaire.status != MedicalStatus.SENT:
        raise CheckRefused(["This questionnaire has already been sent"])
    questionnaire.answers = answers
    questionnaire.status = MedicalStatus.RETURNED
    questionnaire.returned_at = at or timezone.now()
    questionnaire.save(update_fields=["answers", "status", "returned_at"])
    return questionnaire


@transaction.atomic
def medical_questionnaire_decide(
    *,
    questionnaire: MedicalQuestionnaire,
    by,
    cleared: bool,
    note: str = "",
    at: datetime.datetime | None = None,
) -> MedicalQuestionnaire:
    """Occupational health clears the candidate, or not; HR sees only which."""
    locked = (
        MedicalQuestionnaire.objects.select_for_update(of=("self",))
        .select_related("application__vacancy")
        .get(pk=questionnaire.pk)
    )
    if not by.has_perm(DECIDE_MEDICAL) or not user_may_act_for_rocu(
        by, locked.application.vacancy.rocu_id
    ):
        raise CheckRefused(["You cannot decide medical questionnaires for this ROCU"])
    if locked.status != MedicalStatus.RETURNED:
        status = locked.get_status_display().lower()
        raise CheckRefused([f"Only a returned questionnaire can be decided (this one is {status})"])
    locked.status = MedicalStatus.CLEARED if cleared else MedicalStatus.NOT_CLEARED
    locked.decided_at = at or timezone.now()
    locked.decided_by = by
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    return locked


# --- Right to work ---------------------------------------------------------------------


def _hr_problems(application: Application, by) -> list[str]:
    if not user_may_act_for_rocu(by, application.vacancy.rocu_id) or not by.has_perm(OFFER):
        return ["You cannot record pre-employment checks for this ROCU"]
    if application.stage != Stage.PRE_EMPLOYMENT_CHECKS:
        return ["Checks are recorded while the application is at pre-employment checks"]
    return []


@transaction.atomic
def right_to_work_record(
    *,
    application: Application,
    by,
    checked_on: datetime.date,
    document_type: str,
    expires_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> RightToWorkCheck:
    """HR records the document they checked, who checked it and when."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy")
        .get(pk=application.pk)
    )
    problems = _hr_problems(locked, by)
    today = timezone.localdate()
    field_problems: dict[str, str] = {}
    if checked_on > today:
        field_problems["checked_on"] = "The date checked must be today or in the past"
    if expires_on is not None and expires_on < today:
        field_problems["expires_on"] = (
            "The document has expired: check a document that is still valid"
        )
    if problems or field_problems:
        raise CheckRefused({**({"": " ".join(problems)} if problems else {}), **field_problems})
    check, _ = RightToWorkCheck.objects.update_or_create(
        application=locked,
        defaults={
            "checked_on": checked_on,
            "checked_by": by,
            "recorded_at": at or timezone.now(),
            "document_type": document_type,
            "expires_on": expires_on,
        },
    )
    return check


# --- Vetting ---------------------------------------------------------------------------


def vetting_facts(case: VettingCase) -> rules.VettingFacts:
    return rules.VettingFacts(
        status=case.status,
        forms_sent_on=case.forms_sent_on,
        submitted_on=case.submitted_on,
        decided_on=case.decided_on,
        refusal_detail=case.refusal_detail,
        appeal_lodged_on=case.appeal_lodged_on,
        appeal_decided_on=case.appeal_decided_on,
        appeal_outcome=case.appeal_outcome,
    )


@transaction.atomic
def vetting_case_record(
    *, case: VettingCase, by, facts: rules.VettingFacts, at: datetime.datetime | None = None
) -> VettingCase:
    """A vetting officer records where the case is; refuses with every problem at once."""
    locked = (
        VettingCase.objects.select_for_update(of=("self",))
        .select_related("application__vacancy", "level")
        .get(pk=case.pk)
    )
    application = locked.application
    if not by.has_perm(RECORD_VETTING) or not user_may_act_for_rocu(
        by, application.vacancy.rocu_id
    ):
        raise CheckRefused(["You cannot record vetting for this ROCU"])
    if application.stage != Stage.PRE_EMPLOYMENT_CHECKS:
        raise CheckRefused(
            ["Vetting is recorded while the application is at pre-employment checks"]
        )
    problems = rules.vetting_problems(facts, today=timezone.localdate())
    if problems:
        raise CheckRefused(problems)
    locked.status = facts.status
    locked.forms_sent_on = facts.forms_sent_on
    locked.submitted_on = facts.submitted_on
    locked.decided_on = facts.decided_on
    locked.refusal_detail = (
        facts.refusal_detail.strip() if facts.status == VettingStatus.REFUSED else ""
    )
    locked.appeal_lodged_on = facts.appeal_lodged_on
    locked.appeal_decided_on = facts.appeal_decided_on
    locked.appeal_outcome = facts.appeal_outcome
    locked.renewal_due_on = rules.renewal_due_on(
        rules.vetting_cleared_on(facts), locked.level.renewal_years
    )
    locked.updated_at = at or timezone.now()
    locked.updated_by = by
    locked.save()
    return locked
