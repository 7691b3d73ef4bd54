"""The self-check's result page from a frame per shape (core/rendered_once.py).

The test settings render every framed page the ordinary way too and compare the
bytes (``RENDERED_ONCE_VERIFY``), so every result-page test checks the frame;
these check what only a frame can get wrong: one visitor's answers in another's
page, answers in a frame's key, the language, and what a request costs.

Today is frozen at 25 November 2026 (UK).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import translation

from core import rendered_once
from tests.factories.vacancies import PublishedVacancyFactory
from tests.integration.vetting.test_self_check_pages import add_place, choose, date_data, text_of
from tests.integration.vetting.test_self_check_requirements_and_clearance import declare
from tests.support.redis_commands import redis_commands
from tests.support.self_check_cookie import holds_answers
from vetting.models import VettingLevel
from vetting.self_check import COOKIE_NAME

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen_clock_and_no_frames():
    rendered_once._forget()
    with time_machine.travel(NOW, tick=False):
        yield
    rendered_once._forget()


def _result_frame_keys():
    return [key for key in rendered_once._frames if key[0] == "vetting/result.html"]


def _journey(client, *, country, years, reason, granted_by=None):
    """MV, a place abroad then the UK: the same shape whatever the country and years."""
    advert = PublishedVacancyFactory(vetting_level=VettingLevel.objects.get(code="MV"))
    choose(client, f"vacancy:{advert.reference}")
    add_place(client, country, ("1", "1", years[0]), ("31", "12", years[1]), reason)
    add_place(client, "GB", ("1", "1", str(int(years[1]) + 1)))
    if granted_by:
        declare(
            client, level="MV", granted_by=granted_by, **date_data("granted_on", "1", "6", "2026")
        )
    return advert


def test_two_visitors_of_one_shape_see_only_their_own_answers():
    first, second = Client(), Client()
    first_advert = _journey(
        first, country="FR", years=("2019", "2022"), reason="work", granted_by="Kent Police"
    )
    second_advert = _journey(
        second, country="JP", years=("2018", "2021"), reason="work", granted_by="Essex Police"
    )

    mine = text_of(first.get("/eligibility/result/"))
    theirs = text_of(second.get("/eligibility/result/"))

    assert len(_result_frame_keys()) == 1  # one shape: the second page came from the frame
    assert "France" in mine and "Kent Police" in mine and first_advert.title in mine
    assert "Japan" not in mine and "Essex Police" not in mine
    assert "Japan" in theirs and "Essex Police" in theirs and second_advert.title in theirs
    assert "France" not in theirs and "Kent Police" not in theirs


def test_a_frame_key_holds_no_countries_dates_or_names():
    client = Client()
    _journey(client, country="FR", years=("2019", "2022"), reason="work", granted_by="Kent Police")
    client.get("/eligibility/result/")

    [key] = _result_frame_keys()
    written = repr(key)
    for answer in ("FR", "France", "2019", "2022", "Kent Police", "Intelligence Researcher"):
        assert answer not in written
    # Nor in the frame's bytes: they are holes there.
    [(_expires, pieces)] = [rendered_once._frames[key]]
    # The frame's text (kept encoded) and its holes' names.
    kept = b"".join(pieces[::2]).decode() + "".join(pieces[1::2])
    assert not any(answer in kept for answer in ("France", "Kent Police"))


def test_the_result_deletes_the_answers_cookie_and_nothing_was_stored_on_our_side():
    client = Client()
    _journey(client, country="FR", years=("2019", "2022"), reason="work", granted_by="Kent Police")
    assert holds_answers(client)

    response = client.get("/eligibility/result/")

    assert "France" in text_of(response)
    deleted = response.cookies[COOKIE_NAME]
    assert deleted.value == "" and deleted["max-age"] == 0 and deleted["path"] == "/"
    assert not holds_answers(client)
    # No session was ever made for the visitor: no row, no cookie.
    assert Session.objects.count() == 0 and "sessionid" not in client.cookies
    # Asked again (the cookie gone), the page has nothing left to show.
    assert client.get("/eligibility/result/")["Location"] == "/eligibility/"


def test_result_frames_are_kept_by_language():
    client = Client()
    _journey(client, country="FR", years=("2019", "2022"), reason="work")
    client.get("/eligibility/result/")
    other = Client()
    _journey(other, country="FR", years=("2019", "2022"), reason="work")
    with translation.override("cy"):
        other.get("/eligibility/result/")

    languages = sorted(key[2] for key in _result_frame_keys())
    assert languages == ["cy", "en-gb"]


def test_the_result_page_has_no_form_and_no_token():
    client = Client()
    _journey(client, country="GB", years=("2010", "2011"), reason="")
    body = client.get("/eligibility/result/").content.decode()

    assert "csrfmiddlewaretoken" not in body and "<form" not in body


def test_a_result_makes_no_query_and_no_session_read_or_write(
    monkeypatch, django_assert_num_queries
):
    warm = Client()
    _journey(warm, country="FR", years=("2019", "2022"), reason="work")
    warm.get("/eligibility/result/")  # the levels kept, the frame rendered
    client = Client()
    _journey(client, country="JP", years=("2018", "2021"), reason="work")

    commands = redis_commands(monkeypatch)
    with django_assert_num_queries(0):
        response = client.get("/eligibility/result/")

    assert response.status_code == 200 and "Japan" in text_of(response)
    # Only the public pages' version, to know the kept levels still hold: the
    # answers came in the cookie and are deleted by the response's Set-Cookie.
    assert commands == ["GET"]
    assert response.cookies[COOKIE_NAME].value == ""
