"""Signed-in staff and candidates keep working while Redis is down.

PostgreSQL holds every session; Redis only a copy (core/sessions.py). Before,
a Redis outage answered 500 on every page with a session (the copy written
after reading the database raised), at staff sign-in (the per-username
slowdown's counts) and after every advert change (the job board's version).
Each test signs in while Redis is up, as people were when it went down, then
points the cache at a port where nothing listens (every command is refused, as
when Redis is stopped) or at one that accepts connections and never replies (a
hung Redis: each command gives up after CACHE_SOCKET_TIMEOUT_SECONDS).
"""

import datetime
import logging
import signal
import socket

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories.accounts import rocu_lead
from tests.factories.applications import make_candidate, sign_in, submitted_application
from tests.factories.vacancies import VacancyFactory, VacancyLocationFactory
from tests.support.staff import login_staff
from vacancies.models import VacancyStatus

pytestmark = pytest.mark.django_db

ADVERTS = "/admin/vacancies/vacancy/"


@pytest.fixture
def redis_down(settings):
    def stop():
        settings.CACHES = {
            "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
        }

    return stop


def test_a_signed_in_lead_publishes_and_closes_an_advert_while_redis_is_down(
    client, redis_down, rocu
):
    lead = rocu_lead("nersou")
    draft = VacancyFactory(
        rocu=rocu,
        title="Published during the outage",
        closing_at=timezone.now() + datetime.timedelta(days=14),
    )
    VacancyLocationFactory(vacancy=draft)
    login_staff(client, lead)
    redis_down()

    assert client.get(ADVERTS).status_code == 200
    published = client.post(
        ADVERTS, {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assert f"Published: {draft.reference}" in published.content.decode()
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.PUBLISHED
    # The job board reads the database while its cache is unreachable.
    assert "Published during the outage" in client.get("/vacancies/").content.decode()

    client.post(
        ADVERTS,
        {
            "action": "close_selected",
            "_selected_action": [draft.pk],
            "confirm": "yes",
            "reason": "All posts filled",
        },
    )
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.CLOSED
    assert "Published during the outage" not in client.get("/vacancies/").content.decode()


def test_staff_sign_in_and_out_while_redis_is_down_and_the_session_outlives_it(
    client, redis_down, settings, caplog
):
    settings.AXES_ENABLED = True
    lead = rocu_lead("nersou")
    original_caches = settings.CACHES
    redis_down()

    wrong = client.post("/admin/login/?next=/admin/", {"username": lead.username, "password": "x"})
    assert wrong.status_code == 200
    assert "Enter the correct username and password" in wrong.content.decode()
    # The per-username slowdown cannot count it; django-axes (in the database) does.
    assert AccessAttempt.objects.get(username=lead.username).failures_since_start == 1
    right = client.post(
        "/admin/login/?next=/admin/",
        {"username": lead.username, "password": "a-long-test-password"},
    )
    assert right.status_code == 302
    assert Session.objects.count() == 1  # written to the database alone

    # Redis comes back: the session made during the outage is read from the database,
    # signed in with a password and waiting for the code.
    settings.CACHES = original_caches
    waiting = client.get("/admin/login/?next=/admin/")
    assert waiting.status_code == 302 and waiting["Location"].startswith("/admin/sign-in/code/")
    login_staff(client, lead)  # past the two-factor step
    assert client.get(ADVERTS).status_code == 200

    session_key = client.session.session_key
    redis_down()
    with caplog.at_level(logging.WARNING, logger="core.sessions"):
        signed_out = client.post("/admin/logout/")
    assert signed_out.status_code == 200
    assert Session.objects.count() == 0
    # The copy in Redis could not be deleted: said, without the session's key.
    assert "copy in the cache could not be deleted" in caplog.text
    assert session_key not in caplog.text
    settings.CACHES = original_caches
    assert client.get(ADVERTS).status_code == 302  # signed out: to the sign-in page


@pytest.fixture
def silent_redis():
    """A port that accepts connections (the kernel's backlog) and never answers a command:
    Redis hung, or a network path that drops replies."""
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def test_pages_answer_when_redis_accepts_connections_but_never_replies(
    client, settings, silent_redis
):
    lead = rocu_lead("nersou")
    login_staff(client, lead)
    config = settings.CACHES["default"]
    # The production setting's mechanism (CACHE_SOCKET_TIMEOUT_SECONDS), made short here.
    assert config["OPTIONS"]["socket_timeout"] == settings.CACHE_SOCKET_TIMEOUT_SECONDS
    settings.CACHES = {
        "default": {
            **config,
            "LOCATION": silent_redis,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    # Each command gives up after 0.2 s here. A client that ignored the setting would
    # wait redis-py's default 5 s on its first command: the alarm says so.
    def waited_too_long(signum, frame):
        raise AssertionError("a cache client waited past the configured time limit")

    previous = signal.signal(signal.SIGALRM, waited_too_long)
    signal.alarm(4)
    try:
        answers = {
            "admin": client.get(ADVERTS).status_code,
            "job board": client.get("/vacancies/").status_code,
        }
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert answers == {"admin": 200, "job board": 200}


def test_a_signed_in_candidate_follows_and_withdraws_an_application_while_redis_is_down(
    client, redis_down
):
    application = submitted_application("sam@example.com")
    sign_in(client, make_candidate("sam@example.com"))
    redis_down()

    listed = client.get("/your-applications/")
    assert listed.status_code == 200
    assert application.reference in listed.content.decode()
    assert client.get(f"/your-applications/{application.pk}/").status_code == 200
    withdrawn = client.post(
        f"/your-applications/{application.pk}/withdraw/",
        {"reason": "Took another job"},
        follow=True,
    )
    assert "Application withdrawn" in withdrawn.content.decode()
    application.refresh_from_db()
    assert application.stage == "withdrawn"


def test_a_version_bump_redis_refuses_is_logged_not_raised(redis_down, caplog):
    from vacancies.cache import public_pages_changed

    redis_down()
    with caplog.at_level(logging.WARNING, logger="vacancies.cache"):
        public_pages_changed()  # raised ConnectionError, after the change had committed
    assert "could not mark the cached job board pages stale" in caplog.text
