"""Vetting levels as rules, and the selectors the self-check and the command share."""

import pytest

from tests.factories.vacancies import PublishedVacancyFactory
from vetting import adverts, rules, selectors
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db


def test_seeded_levels_become_rules():
    assert VettingLevel.objects.get(code="MV").as_rule() == rules.LevelRule(
        code="MV", required_years=5, family_of_exempt="review"
    )
    assert VettingLevel.objects.get(code="DV").as_rule().required_years == 10


def test_a_level_that_treats_family_as_exempt_says_so_to_the_rule():
    level = VettingLevel.objects.create(
        code="TEST",
        name="Test level",
        required_residence_years=3,
        family_of_exempt="exempt",
        description="x",
        source="test",
    )

    assert level.as_rule().family_of_exempt == rules.FAMILY_EXEMPT


def test_level_rules_by_code_includes_inactive_levels_in_one_query(django_assert_num_queries):
    VettingLevel.objects.filter(code="DV").update(is_active=False)

    with django_assert_num_queries(1):
        levels = selectors.level_rules_by_code()

    assert list(levels) == ["CTC", "RV", "MV", "SC", "DV"]
    assert [level.code for level in selectors.vetting_level_list_active()] == [
        "CTC",
        "RV",
        "MV",
        "SC",
    ]


@pytest.mark.parametrize(
    ("abroad_tolerance", "gap_tolerance", "outcome"),
    [(0, 31, "not_eligible"), (10, 31, "review"), (9, 31, "not_eligible")],
)
def test_residence_assess_uses_the_tolerance_settings(
    settings, abroad_tolerance, gap_tolerance, outcome
):
    from datetime import date

    settings.VETTING_ABROAD_TOLERANCE_DAYS = abroad_tolerance
    settings.VETTING_GAP_TOLERANCE_DAYS = gap_tolerance
    periods = [
        rules.ResidencePeriod(date(2010, 1, 1), date(2020, 5, 31), "GB"),
        rules.ResidencePeriod(date(2020, 6, 1), date(2020, 6, 10), "US", "travel"),
        rules.ResidencePeriod(date(2020, 6, 11), None, "GB"),
    ]

    assessment = selectors.residence_assess(
        level=VettingLevel.objects.get(code="MV").as_rule(), as_of=date(2022, 4, 1), periods=periods
    )

    assert assessment.outcome.value == outcome


def test_open_advert_lookup_by_reference_goes_through_the_source_vacancies_registered(rocu):
    advert = PublishedVacancyFactory(rocu=rocu)
    closed = PublishedVacancyFactory(rocu=rocu, status="closed", closed_at=advert.published_at)

    assert adverts.open_advert(reference=advert.reference) == advert
    assert adverts.open_advert(reference=closed.reference) is None
    assert adverts.open_advert(reference="NOPE") is None
    assert adverts.open_adverts() == [advert]
