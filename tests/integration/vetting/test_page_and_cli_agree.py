"""The self-check result page and `manage.py assess_eligibility` give the same answer.

Both apply vetting/rules.py through vetting.selectors with the service's
tolerance settings; the page only chooses words for each reason's effect. Each
case goes through both for real: the CLI with a JSON request on stdin, the page
with the same answers in the candidate's cookie, then GET /eligibility/result/.
"""

import io
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from tests.support.self_check_cookie import give_answers
from vetting import self_check
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
HEADINGS = {
    "eligible": "You meet the residence rule for",
    "review": "The vetting team would need to look at your history",
    "not_eligible": "You do not meet the residence rule for",
}


def uk(start, end=None):
    return {"start": start, "end": end, "country": "GB", "reason": "resident"}


def abroad(start, end, reason, country="FR"):
    return {"start": start, "end": end, "country": country, "reason": reason}


# (name, level code, periods, abroad tolerance in days, outcome both must give)
CASES = [
    ("all in the UK", "MV", [uk("2000-01-01")], 0, "eligible"),
    (
        "a short gap between homes",
        "MV",
        [uk("2000-01-01", "2023-03-01"), uk("2023-03-11")],
        0,
        "eligible",
    ),
    (
        "a long gap",
        "MV",
        [uk("2000-01-01", "2023-03-01"), uk("2023-06-01")],
        0,
        "review",
    ),
    (
        "a year working abroad",
        "MV",
        [
            uk("2000-01-01", "2022-12-31"),
            abroad("2023-01-01", "2023-12-31", "work"),
            uk("2024-01-01"),
        ],
        0,
        "not_eligible",
    ),
    (
        "a week's study abroad within the tolerance",
        "MV",
        [
            uk("2000-01-01", "2023-12-31"),
            abroad("2024-01-01", "2024-01-07", "study"),
            uk("2024-01-08"),
        ],
        14,
        "review",
    ),
    (
        "the same week with no tolerance",
        "MV",
        [
            uk("2000-01-01", "2023-12-31"),
            abroad("2024-01-01", "2024-01-07", "study"),
            uk("2024-01-08"),
        ],
        0,
        "not_eligible",
    ),
    (
        "abroad in the Forces and on HM Government duty",
        "DV",
        [
            uk("2000-01-01", "2019-12-31"),
            abroad("2020-01-01", "2021-12-31", "british_forces", country="DE"),
            abroad("2022-01-01", "2022-12-31", "hmg_official_duty", country="US"),
            uk("2023-01-01"),
        ],
        0,
        "eligible",
    ),
    (
        "with family in the Forces, at a level that reviews it",
        "MV",
        [
            uk("2000-01-01", "2021-12-31"),
            abroad("2022-01-01", "2022-12-31", "family_of_forces", country="CY"),
            uk("2023-01-01"),
        ],
        0,
        "review",
    ),
    (
        "with family in the Forces, at a level that counts it as UK",
        "FAMX",
        [
            uk("2000-01-01", "2021-12-31"),
            abroad("2022-01-01", "2022-12-31", "family_of_hmg", country="CY"),
            uk("2023-01-01"),
        ],
        0,
        "eligible",
    ),
]


@pytest.fixture(autouse=True)
def frozen_clock():
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture(autouse=True)
def family_exempt_level():
    VettingLevel.objects.create(
        code="FAMX",
        name="A level that counts family abroad as UK",
        required_residence_years=3,
        family_of_exempt="exempt",
    )


def _cli(level, periods) -> dict:
    out = io.StringIO()
    request = {"level": level, "as_of": TODAY.isoformat(), "periods": periods}
    call_command("assess_eligibility", "-", stdin=io.StringIO(json.dumps(request)), stdout=out)
    return json.loads(out.getvalue())


def _page(client, level, periods):
    answers = self_check.Answers(
        level_codes=[level], periods=[self_check.Period.from_json(period) for period in periods]
    )
    give_answers(client, answers)
    response = client.get("/eligibility/result/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("level", "periods", "tolerance", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_result_page_and_the_cli_agree(client, settings, level, periods, tolerance, expected):
    settings.VETTING_ABROAD_TOLERANCE_DAYS = tolerance
    answer = _cli(level, periods)
    response = _page(client, level, periods)
    result = response.context["result"]
    heading = re.search(r"<h1[^>]*>([^<]+)</h1>", response.content.decode()).group(1)

    assert answer["outcome"] == result.outcome == expected
    assert heading.startswith(HEADINGS[expected])
    # The same reasons, stretch by stretch, on the page as in the CLI's answer.
    assert [
        (stretch.code, stretch.start.isoformat(), stretch.end.isoformat())
        for stretch in result.stretches
        if stretch.code is not None
    ] == [(reason["code"], reason["start"], reason["end"]) for reason in answer["reasons"]]
    # A candidate who meets the rule is shown no problem; otherwise at least one.
    assert bool(result.problems) == (expected != "eligible")
