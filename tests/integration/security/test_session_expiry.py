"""Hole 4 (and hole 10's staff idle timeout): answers and sessions expire, and go.

On main a candidate's residence history stayed in ``django_session`` for the
cookie's 8 hours and nothing deleted expired rows. Now the self-check's answers
are never stored on our side: they travel in an encrypted cookie that expires 2
hours after the last answer, in the browser (Max-Age) and here (a copy kept past
it is refused). Staff sessions end after 30 minutes idle, and the daily beat job
deletes expired rows.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session

from core.tasks import clear_expired_sessions
from tests.factories.accounts import national_hr
from tests.support.self_check_cookie import holds_answers
from tests.support.staff import login_staff
from vetting.self_check import COOKIE_NAME

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/London"))


PLACE = {"country": "DE", "reason": "british_forces", "start_0": "1", "start_1": "9"}
PLACE |= {"start_2": "2022", "end_0": "", "end_1": "", "end_2": ""}


def _start_self_check(client):
    assert client.post("/eligibility/job/", {"choice": "level:MV"}).status_code == 302
    assert client.post("/eligibility/places/add/", PLACE).status_code == 302


def test_a_residence_history_is_never_stored_on_our_side(client):
    with time_machine.travel(T0, tick=False):
        _start_self_check(client)
        assert "Germany" in client.get("/eligibility/places/").content.decode()

        assert Session.objects.count() == 0
        assert "sessionid" not in client.cookies


def test_a_residence_history_is_unreadable_two_hours_after_the_last_answer(client):
    # The test client, unlike a browser, sends the cookie past its Max-Age: the
    # answers' own timestamp is what refuses it.
    with time_machine.travel(T0, tick=False) as clock:
        _start_self_check(client)

        clock.move_to(T0 + timedelta(hours=1, minutes=59))
        assert "Germany" in client.get("/eligibility/places/").content.decode()

        clock.move_to(T0 + timedelta(hours=2, minutes=1))
        page = client.get("/eligibility/places/", follow=True)
        assert "Germany" not in page.content.decode()
        assert page.redirect_chain[0][0] == "/eligibility/job/"


def test_each_answer_restarts_the_two_hours(client):
    with time_machine.travel(T0, tick=False) as clock:
        _start_self_check(client)
        clock.move_to(T0 + timedelta(hours=1, minutes=55))
        assert client.post("/eligibility/places/", {"add_another": "yes"}).status_code == 302
        again = dict(PLACE, start_2="2018", end_0="31", end_1="8", end_2="2022")
        assert client.post("/eligibility/places/add/", again).status_code == 302

        clock.move_to(T0 + timedelta(hours=3, minutes=50))  # 1 h 55 min after the last answer
        assert "Germany" in client.get("/eligibility/places/").content.decode()

        clock.move_to(T0 + timedelta(hours=3, minutes=56))
        assert client.get("/eligibility/places/")["Location"] == "/eligibility/job/"


def test_the_answers_cookie_expires_two_hours_after_it_is_set(client):
    with time_machine.travel(T0, tick=False):
        assert client.post("/eligibility/job/", {"choice": "level:MV"}).status_code == 302
        response = client.post("/eligibility/places/add/", PLACE)

        cookie = response.cookies[COOKIE_NAME]
        assert cookie["max-age"] == 2 * 60 * 60 == settings.ANONYMOUS_SESSION_IDLE_SECONDS
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
        assert not cookie["secure"]  # the test settings speak plain HTTP
        assert holds_answers(client)


def test_the_answers_cookie_is_secure_where_sessions_are_and_so_is_its_deletion(client, settings):
    settings.SESSION_COOKIE_SECURE = True

    saved = client.post("/eligibility/job/", {"choice": "level:MV"})
    deleted = client.post("/eligibility/start-again/")

    assert saved.cookies[COOKIE_NAME]["secure"] is True
    assert deleted.cookies[COOKIE_NAME]["secure"] is True
    assert deleted.cookies[COOKIE_NAME]["max-age"] == 0 and deleted.cookies[COOKIE_NAME]["httponly"]
    assert not holds_answers(client)


def test_clearing_keeps_sessions_still_in_use(client):
    with time_machine.travel(T0, tick=False) as clock:
        login_staff(client, national_hr())
        clock.move_to(T0 + timedelta(minutes=10))
        clear_expired_sessions.delay()
        clear_expired_sessions.delay()  # idempotent

        assert Session.objects.count() == 1


def test_staff_are_signed_out_after_thirty_idle_minutes(client, settings):
    # With cached_db sessions Redis forgets an idle session by its TTL (the same 30
    # minutes: set_expiry sets the cache timeout), in real time that travel cannot
    # move; the database store checks the expiry date against the travelled clock.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    with time_machine.travel(T0, tick=False) as clock:
        login_staff(client, national_hr())
        assert client.get("/admin/").status_code == 200

        clock.move_to(T0 + timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200  # active: the clock restarts

        clock.move_to(T0 + timedelta(minutes=29 + 31))
        response = client.get("/admin/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
