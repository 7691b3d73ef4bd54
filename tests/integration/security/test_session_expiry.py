"""Hole 4 (and hole 10's staff idle timeout): sessions expire when idle, and go.

On main a candidate's residence history stayed in ``django_session`` for the
cookie's 8 hours and nothing deleted expired rows. Now an anonymous session
expires 2 hours after its last use, staff after 30 minutes idle, and the daily
beat job deletes expired rows.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session

from core.tasks import clear_expired_sessions
from tests.factories.accounts import national_hr
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _start_self_check(client):
    assert client.post("/eligibility/job/", {"choice": "level:MV"}).status_code == 302
    data = {"country": "DE", "reason": "british_forces"}
    data.update({"start_0": "1", "start_1": "9", "start_2": "2022"})
    data.update({"end_0": "", "end_1": "", "end_2": ""})
    assert client.post("/eligibility/places/add/", data).status_code == 302


def _stored_sessions() -> list[dict]:
    return [row.get_decoded() for row in Session.objects.all()]


def test_a_residence_history_left_in_a_session_is_gone_after_two_idle_hours(client):
    with time_machine.travel(T0, tick=False) as clock:
        _start_self_check(client)
        assert "Germany" in client.get("/eligibility/places/").content.decode()
        assert any("DE" in str(data) for data in _stored_sessions())

        clock.move_to(T0 + timedelta(hours=1, minutes=55))  # still in use: the clock restarts
        assert "Germany" in client.get("/eligibility/places/").content.decode()

        clock.move_to(T0 + timedelta(hours=3, minutes=56))  # 2 h 1 min after the last page
        clear_expired_sessions.delay()

        assert Session.objects.count() == 0
        page = client.get("/eligibility/places/", follow=True)
        assert "Germany" not in page.content.decode()


def test_the_expiry_of_an_anonymous_session_is_two_hours_after_its_last_use(client):
    with time_machine.travel(T0, tick=False):
        _start_self_check(client)

        (row,) = Session.objects.all()
        assert row.expire_date == T0 + timedelta(hours=2)
        assert settings.ANONYMOUS_SESSION_IDLE_SECONDS == 2 * 60 * 60


def test_clearing_keeps_sessions_still_in_use(client):
    with time_machine.travel(T0, tick=False) as clock:
        _start_self_check(client)
        clock.move_to(T0 + timedelta(hours=1))
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
