"""Reads for the vetting app: levels as rules, and assessments.

Assessing a residence history is a read: it applies vetting/rules.py with the
service's tolerance settings and stores nothing. The command line
(assess_eligibility) and the public self-check both come through here, so they
can never disagree about the thresholds.
"""

from collections.abc import Mapping, Sequence
from datetime import date

from django.conf import settings

from . import rules
from .models import VettingLevel


def level_rules_by_code() -> dict[str, rules.LevelRule]:
    """Every vetting level, active or not, keyed by code (one query).

    Inactive levels are kept: a batch check of old applications may name one.
    """
    return {level.code: level.as_rule() for level in VettingLevel.objects.all()}


def vetting_level_list_active() -> list[VettingLevel]:
    return list(VettingLevel.objects.filter(is_active=True))


def vetting_level_get(*, code: str) -> VettingLevel | None:
    """A level by code, active or not (an open advert may name a retired level)."""
    return VettingLevel.objects.filter(code=code).first()


def residence_assess(
    *, level: rules.LevelRule, as_of: date, periods: Sequence[rules.ResidencePeriod]
) -> rules.Assessment:
    """The residence rule with this service's tolerances (settings VETTING_*_TOLERANCE_DAYS)."""
    return rules.assess(
        level=level,
        as_of=as_of,
        periods=periods,
        gap_tolerance_days=settings.VETTING_GAP_TOLERANCE_DAYS,
        abroad_tolerance_days=settings.VETTING_ABROAD_TOLERANCE_DAYS,
    )


def eligibility_request_assess(raw: object, *, levels: Mapping[str, rules.LevelRule]) -> dict:
    """One decoded JSON request in, its JSON answer out (the assess_eligibility contract).

    Raises rules.RuleInputError naming every invalid field.
    """
    level, as_of, periods = rules.parse_request(raw, levels=levels)
    return rules.assessment_as_json(residence_assess(level=level, as_of=as_of, periods=periods))


def eligibility_batch_assess(raw: object) -> tuple[dict | list, bool]:
    """Assess one request or a list of them; return (JSON answer, whether any was invalid).

    A list gives a list of answers in the same order; an invalid item's answer is
    its {"errors": [...]}, so one bad row never hides the others' results.
    """
    levels = level_rules_by_code()

    def answer(request: object) -> tuple[dict, bool]:
        try:
            return eligibility_request_assess(request, levels=levels), False
        except rules.RuleInputError as error:
            return rules.errors_as_json(error), True

    if isinstance(raw, list):
        answers = [answer(request) for request in raw]
        return [body for body, _ in answers], any(invalid for _, invalid in answers)
    return answer(raw)
