"""`assess_eligibility` with the force and national-security levels, and with an advert.

MV and DV answers are unchanged (test_assess_eligibility_command.py holds them);
these are the new levels and the combined MV + SC advert.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories.vacancies import PublishedVacancyFactory, VacancyFactory
from vacancies.models import VacancyStatus
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

# UK since 2022-06-01, France before: 3 years of UK residence at 2026-04-01, not 5.
THREE_YEARS_IN_THE_UK = [
    {"start": "2019-01-01", "end": "2022-05-31", "country": "FR", "reason": "work"},
    {"start": "2022-06-01", "end": None, "country": "GB", "reason": "resident"},
]


def assess(request):
    stdout = io.StringIO()
    try:
        call_command("assess_eligibility", stdin=io.StringIO(json.dumps(request)), stdout=stdout)
    except CommandError as error:
        return json.loads(stdout.getvalue()), error.returncode
    return json.loads(stdout.getvalue()), 0


def request_for(**fields):
    return {"as_of": "2026-04-01", "periods": THREE_YEARS_IN_THE_UK, **fields}


def test_recruitment_vetting_looks_back_three_years():
    answer, status = assess(request_for(level="RV"))

    assert status == 0
    assert answer == {
        "outcome": "eligible",
        "level": "RV",
        "required_years": 3,
        "window": {"start": "2023-04-01", "end": "2026-04-01"},
        "reasons": [],
    }


def test_security_check_looks_back_five_years():
    answer, status = assess(request_for(level="SC"))

    assert status == 0
    assert answer["outcome"] == "not_eligible"
    assert (answer["level"], answer["required_years"]) == ("SC", 5)
    assert answer["window"] == {"start": "2021-04-01", "end": "2026-04-01"}
    assert answer["reasons"] == [{"code": "ABROAD", "start": "2021-04-01", "end": "2022-05-31"}]


def test_counter_terrorist_check_is_accepted_like_any_level_in_the_table():
    answer, status = assess(request_for(level="CTC"))
    assert (status, answer["outcome"], answer["required_years"]) == (0, "eligible", 3)


def test_an_mv_plus_sc_advert_applies_the_stricter_window_and_names_both():
    advert = PublishedVacancyFactory(
        vetting_level=VettingLevel.objects.get(code="MV"),
        national_security_level=VettingLevel.objects.get(code="SC"),
    )

    answer, status = assess(request_for(advert=advert.reference))

    assert status == 0
    assert list(answer) == [
        "outcome",
        "level",
        "required_years",
        "window",
        "reasons",
        "advert",
        "levels",
    ]
    assert answer["outcome"] == "not_eligible"
    assert (answer["level"], answer["required_years"]) == ("MV+SC", 5)
    assert (answer["advert"], answer["levels"]) == (advert.reference, ["MV", "SC"])


def test_an_rv_plus_dv_advert_uses_the_ten_year_window():
    advert = PublishedVacancyFactory(
        vetting_level=VettingLevel.objects.get(code="RV"),
        national_security_level=VettingLevel.objects.get(code="DV"),
    )
    answer, _ = assess(request_for(advert=advert.reference))
    assert answer["window"] == {"start": "2016-04-01", "end": "2026-04-01"}


def test_a_single_level_advert_answers_as_its_level_does_and_closed_adverts_count():
    advert = VacancyFactory(
        status=VacancyStatus.CLOSED, vetting_level=VettingLevel.objects.get(code="RV")
    )

    by_advert, _ = assess(request_for(advert=advert.reference))
    by_level, _ = assess(request_for(level="RV"))

    assert by_advert == {**by_level, "advert": advert.reference, "levels": ["RV"]}


def test_an_unknown_advert_is_an_error_reported_with_the_others():
    answer, status = assess({"advert": "NOPE-2026-0001", "periods": []})

    assert status == 2
    assert answer == {
        "errors": [
            {"field": "advert", "message": "No advert has the reference NOPE-2026-0001"},
            {"field": "as_of", "message": "Enter the assessment date"},
        ]
    }


def test_a_level_and_an_advert_together_is_an_error():
    advert = PublishedVacancyFactory()
    answer, status = assess(request_for(advert=advert.reference, level="MV"))
    assert status == 2
    assert answer["errors"][0]["field"] == "advert"


def test_a_batch_of_advert_requests_reads_the_adverts_in_one_query(django_assert_num_queries):
    adverts = PublishedVacancyFactory.create_batch(
        5,
        vetting_level=VettingLevel.objects.get(code="MV"),
        national_security_level=VettingLevel.objects.get(code="SC"),
    )
    batch = [request_for(advert=advert.reference) for advert in adverts]

    # One for the levels, one for the adverts with theirs.
    with django_assert_num_queries(2):
        stdout = io.StringIO()
        call_command("assess_eligibility", stdin=io.StringIO(json.dumps(batch)), stdout=stdout)

    assert [answer["levels"] for answer in json.loads(stdout.getvalue())] == [["MV", "SC"]] * 5
