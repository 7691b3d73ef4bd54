"""Reads for the offer and the checks: one summary per application, constant queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_noop

from . import rules
from .models import (
    MedicalQuestionnaire,
    MedicalStatus,
    Offer,
    OfferDecision,
    RightToWorkCheck,
    VettingCase,
    VettingStatus,
)


@dataclass
class ChecksSummary:
    offer: Offer | None = None
    medical: MedicalQuestionnaire | None = None
    right_to_work: RightToWorkCheck | None = None
    vetting_cases: list[VettingCase] = field(default_factory=list)

    @property
    def offer_overdue(self) -> bool:
        return bool(
            self.offer
            and self.offer.decision == OfferDecision.PENDING
            and timezone.now() >= self.offer.respond_by
        )

    @property
    def failed(self) -> list[str]:
        """The checks that failed (staff words; no detail): grounds to withdraw the offer."""
        found = []
        if self.medical and self.medical.status == MedicalStatus.NOT_CLEARED:
            found.append("The medical questionnaire was not cleared")
        for case in self.vetting_cases:
            if rules.vetting_refused_finally(_facts(case)):
                found.append(f"{case.level.name} was refused, with no appeal waiting")
        return found


def _facts(case: VettingCase) -> rules.VettingFacts:
    return rules.VettingFacts(
        status=case.status,
        decided_on=case.decided_on,
        appeal_lodged_on=case.appeal_lodged_on,
        appeal_decided_on=case.appeal_decided_on,
        appeal_outcome=case.appeal_outcome,
    )


def checks_summary(application) -> ChecksSummary:
    """Everything the panels show, in four queries whatever the application holds."""
    return ChecksSummary(
        offer=Offer.objects.filter(application=application).first(),
        medical=MedicalQuestionnaire.objects.filter(application=application)
        .defer("answers", "decision_note")
        .first(),
        right_to_work=RightToWorkCheck.objects.filter(application=application)
        .select_related("checked_by")
        .first(),
        vetting_cases=list(
            VettingCase.objects.filter(application=application).select_related("level")
        ),
    )


def vetting_case_cleared(case: VettingCase) -> bool:
    return rules.vetting_cleared_on(_facts(case)) is not None


# --- The offer-confirmed guard's readers (applications.extensions.register_check) -------


def medical_cleared(application) -> bool:
    return MedicalQuestionnaire.objects.filter(
        application=application, status=MedicalStatus.CLEARED
    ).exists()


def right_to_work_checked(application) -> bool:
    today = timezone.localdate()
    check = RightToWorkCheck.objects.filter(application=application).first()
    return check is not None and (check.expires_on is None or check.expires_on >= today)


def vetting_cleared(application) -> bool:
    """Cleared at every level the advert requires (force and, if any, national security)."""
    required = {level.pk for level in application.vacancy.vetting_levels()}
    cleared = {
        case.level_id
        for case in VettingCase.objects.filter(application=application, level_id__in=required)
        if vetting_case_cleared(case)
    }
    return bool(required) and required <= cleared


def candidate_vetting_words(cases: list[VettingCase]) -> str:
    """Status words only: the vetting unit tells the candidate its decision itself."""
    if not cases or all(case.status == VettingStatus.NOT_STARTED for case in cases):
        return gettext_noop("Not started")
    if all(vetting_case_cleared(case) for case in cases):
        return gettext_noop("Complete")
    if any(case.status == VettingStatus.REFUSED for case in cases):
        return gettext_noop("Decision made: the vetting unit will write to you")
    return gettext_noop("In progress")
