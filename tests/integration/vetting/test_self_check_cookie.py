"""The self-check's answers in one encrypted cookie (vetting/self_check.py).

How big it can get, that answers too big are refused rather than lost, that a
key rotation keeps visitors' answers, that nothing is readable in it, and that
the forms are still CSRF-protected without a session.

Today is frozen at 25 November 2026 (UK).
"""

import base64
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tests.integration.vetting.test_self_check_pages import add_place, choose, error_links
from tests.support.self_check_cookie import answers_of, give_answers
from vetting import rules, self_check
from vetting.clearance import HeldClearance
from vetting.countries import country_choices

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))
# What a browser keeps of one cookie, name and value together (RFC 6265, 6.1).
BROWSER_COOKIE_BYTES = 4096


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _varied_periods(seed: int) -> list[self_check.Period]:
    """MAX_PERIODS places, newest first, as unlike each other as the pages allow: random
    countries and reasons, random dates over a century (compress worst)."""
    randomly = random.Random(seed)
    codes = [code for code, _name in country_choices() if code]
    first, last = date(1926, 1, 1).toordinal(), date(2026, 11, 25).toordinal()
    days = sorted(randomly.sample(range(first, last), 200), reverse=True)
    return [
        self_check.Period(
            country=randomly.choice(codes),
            start=date.fromordinal(days[2 * index + 1]),
            end=None if index == 0 else date.fromordinal(days[2 * index]),
            reason=randomly.choice(rules.REASONS_ABROAD),
        )
        for index in range(100)
    ]


def _set_cookie_length(response) -> int:
    morsel = response.cookies[self_check.COOKIE_NAME]
    return len(morsel.key) + 1 + len(morsel.value)


def _cookie_length(client) -> int:
    return len(self_check.COOKIE_NAME) + 1 + len(client.cookies[self_check.COOKIE_NAME].value)


@pytest.mark.parametrize("seed", range(5))
def test_the_largest_answers_the_pages_can_make_fit_in_a_cookie(client, seed):
    answers = self_check.Answers(
        level_codes=["MV", "SC"],
        vacancy_reference="R" * 30,  # the longest reference the choose page reads
        periods=_varied_periods(seed),
    )
    give_answers(client, answers)
    # The longest name the clearance form takes, in 4-byte characters that do not compress.
    randomly = random.Random(seed)
    granted_by = "".join(chr(randomly.randrange(0x10000, 0x2FFFF)) for _ in range(120))

    response = client.post(
        "/eligibility/clearance/details/",
        {
            "level": "DV",
            "granted_by": granted_by,
            "granted_on_0": "1",
            "granted_on_1": "6",
            "granted_on_2": "2026",
        },
    )

    assert response["Location"] == "/eligibility/result/"
    # Measured: at most 2,226 over 300 such answers; the limit is 4,000, a browser keeps 4,096.
    assert _set_cookie_length(response) < 2400 < BROWSER_COOKIE_BYTES
    kept = answers_of(client)
    assert kept.periods == answers.periods and len(kept.periods) == 100
    assert kept.held_clearance == HeldClearance(
        level_code="DV", granted_by=granted_by, granted_on=date(2026, 6, 1)
    )


def test_a_short_journey_makes_a_small_cookie(client):
    choose(client)

    response = add_place(client, "GB", ("1", "1", "2010"))

    assert _set_cookie_length(response) < 200


def test_answers_too_long_to_keep_are_refused_on_the_page_and_nothing_is_lost(client, settings):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))
    before = answers_of(client)
    # As long as the cookie with one place: a second place makes it longer.
    settings.VETTING_SELF_CHECK_COOKIE_MAX_BYTES = _cookie_length(client)

    response = add_place(client, "FR", ("1", "1", "2010"), ("31", "12", "2014"), "work")

    assert response.status_code == 200
    assert error_links(response) == [
        (
            "id_country",
            "Your answers are too long for this check to keep. "
            "Combine places in the same country to add this one",
        )
    ]
    assert self_check.COOKIE_NAME not in response.cookies
    assert answers_of(client) == before


def test_a_clearance_too_long_to_keep_is_refused_on_the_page(client, settings):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))
    settings.VETTING_SELF_CHECK_COOKIE_MAX_BYTES = _cookie_length(client)

    assert client.post("/eligibility/clearance/", {"holds": "yes"}).status_code == 302
    response = client.post(
        "/eligibility/clearance/details/",
        {
            "level": "MV",
            "granted_by": "Constabulary of " + "".join(map(chr, range(65, 123))),
            "granted_on_0": "1",
        }
        | {"granted_on_1": "6", "granted_on_2": "2026"},
    )

    assert response.status_code == 200
    assert error_links(response) == [
        ("id_granted_by", "Your answers are too long for this check to keep. Enter a shorter name")
    ]
    assert answers_of(client).held_clearance is None


def test_nothing_the_candidate_entered_is_readable_in_the_cookie(client):
    choose(client)
    add_place(client, "NZ", ("3", "4", "2019"), ("5", "6", "2023"), "work")
    add_place(client, "GB", ("6", "6", "2023"))

    value = client.cookies[self_check.COOKIE_NAME].value
    sealed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))

    # The answers as the payload writes them (JSON strings) are not in the bytes, nor
    # in the text (random letters may spell "MV" by chance; four bytes hardly ever).
    for answer in (b'"NZ"', b'"GB"', b'["MV"]', b"New Zealand"):
        assert answer not in sealed
        assert answer.decode() not in value
    assert len(answers_of(client).periods) == 2


def test_a_key_rotation_keeps_the_answers_of_visitors_mid_check(client, settings):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789abcdef"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert client.get("/eligibility/places/").status_code == 200
    add_place(client, "FR", ("1", "1", "2010"), ("31", "12", "2014"), "work")

    # Saved again under the new key: readable once the old one is dropped.
    settings.SECRET_KEY_FALLBACKS = []
    assert [period.country for period in answers_of(client).periods] == ["GB", "FR"]


def test_without_the_old_key_the_answers_start_afresh(client, settings):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789abcdef"
    settings.SECRET_KEY_FALLBACKS = []

    assert client.get("/eligibility/places/")["Location"] == "/eligibility/job/"


def test_a_cookie_from_the_future_is_refused(client, frozen_clock):
    frozen_clock.move_to(NOW + timedelta(hours=1))
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    frozen_clock.move_to(NOW)
    assert client.get("/eligibility/places/")["Location"] == "/eligibility/job/"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/eligibility/job/", {"choice": "level:MV"}),
        ("/eligibility/places/add/", {"country": "GB"}),
        ("/eligibility/places/0/remove/", {"remove": "yes"}),
        ("/eligibility/clearance/", {"holds": "no"}),
        ("/eligibility/start-again/", {}),
    ],
)
def test_every_form_still_needs_its_csrf_token(path, data):
    client = Client(enforce_csrf_checks=True)
    period = self_check.Period(country="GB", start=date(2015, 1, 1), end=None)
    give_answers(client, self_check.Answers(level_codes=["MV"], periods=[period]))

    refused = client.post(path, data)

    assert refused.status_code == 403
    assert answers_of(client).periods == [period]


def test_the_self_check_works_while_redis_is_down(client, settings):
    # Nothing listens on port 1: every Redis command fails at once, as when Redis is
    # down. The answers need no Redis; the levels and adverts come from the database.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    }

    choose(client)
    add_place(client, "FR", ("1", "1", "2019"), ("31", "12", "2022"), "work")
    add_place(client, "GB", ("1", "1", "2023"))
    assert "France" in client.get("/eligibility/places/").content.decode()
    assert client.post("/eligibility/clearance/", {"holds": "no"}).status_code == 302
    result = client.get("/eligibility/result/")

    assert result.status_code == 200
    assert "You do not meet the residence rule for Management Vetting" in result.content.decode()
