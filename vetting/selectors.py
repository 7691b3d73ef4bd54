"""Reads for the vetting app: levels as rules, adverts to check against, assessments.

Assessing a residence history is a read: it applies vetting/rules.py with the
service's tolerance settings and stores nothing. The command line
(assess_eligibility) and the public self-check both come through here, so they
can never disagree about the thresholds.
"""

from collections.abc import Mapping, Sequence
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from accounts.models import Rocu
from vacancies.models import Vacancy, VacancyStatus

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


def _open_vacancies():
    # "Open" is the contract between the apps: published and not yet closed.
    return (
        Vacancy.objects.filter(
            status=VacancyStatus.PUBLISHED,
            closing_at__gt=timezone.now(),
            vetting_level__isnull=False,
        )
        .select_related("rocu", "vetting_level")
        .order_by("closing_at", "reference")
    )


def vacancy_list_open_for_self_check(*, rocu_id: int | None = None) -> list[Vacancy]:
    """Open adverts that name a vetting level, soonest closing first, with ROCU and level;
    only one ROCU's when ``rocu_id`` is given."""
    vacancies = _open_vacancies()
    if rocu_id is not None:
        vacancies = vacancies.filter(rocu_id=rocu_id)
    return list(vacancies)


def rocu_list_with_open_vacancy_counts() -> list[Rocu]:
    """ROCUs with at least one open advert to check against, each with
    ``open_vacancy_count``, by name (one query, whatever the number of adverts)."""
    return list(
        Rocu.objects.filter(
            vacancies__status=VacancyStatus.PUBLISHED,
            vacancies__closing_at__gt=timezone.now(),
            vacancies__vetting_level__isnull=False,
        )
        .annotate(open_vacancy_count=Count("vacancies"))
        .order_by("name")
    )


def vacancy_get_open_for_self_check(*, reference: str) -> Vacancy | None:
    return _open_vacancies().filter(reference=reference).first()


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
