"""Candidate sign-in: an emailed link that works once for 20 minutes, no enumeration,
rate limits, idle expiry and sign-out."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache

from applicants.models import Candidate, SignInLink
from notifications.models import Notification
from tests.factories.applications import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _link_path(email: str) -> str:
    row = Notification.objects.filter(kind="applicants_sign_in", to_email=email).latest("id")
    return re.sub(r"^https?://[^/]+", "", row.context["sign_in_url"])


def test_the_same_answer_whether_or_not_the_address_is_known(client):
    make_candidate("known@example.com")

    known = client.post("/sign-in/", {"email": "known@example.com"})
    unknown = client.post("/sign-in/", {"email": "new@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/sign-in/check-your-email/"
    # Both get a link; nobody is created until a link is used.
    assert Notification.objects.filter(kind="applicants_sign_in").count() == 2
    assert not Candidate.objects.filter(email="new@example.com").exists()


def test_a_link_signs_in_once_and_makes_the_candidate(client):
    client.post("/sign-in/", {"email": "New@Example.com", "next": "/your-applications/"})
    path = _link_path("new@example.com")

    assert client.get(path).status_code == 200  # a button: opening the link uses nothing
    response = client.post(path)

    assert response.status_code == 302 and response["Location"] == "/your-applications/"
    assert Candidate.objects.filter(email="new@example.com").exists()
    assert client.get("/your-applications/").status_code == 200
    # Reused: refused, in another browser too.
    client.post("/sign-out/")
    reused = client.post(path)
    assert reused.status_code == 404
    assert "This sign-in link does not work" in reused.content.decode()


def test_a_tampered_link_is_refused(client):
    client.post("/sign-in/", {"email": "sam@example.com"})
    path = _link_path("sam@example.com")

    response = client.post(path[:-3] + "xx/")

    assert response.status_code == 404
    assert not Candidate.objects.exists()


def test_a_link_expires_after_20_minutes(client):
    with time_machine.travel(
        datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client.post("/sign-in/", {"email": "sam@example.com"})
        path = _link_path("sam@example.com")
        clock.shift(datetime.timedelta(minutes=20))
        response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert SignInLink.objects.get().used_at is None


def test_only_site_paths_are_kept_as_the_next_page(client):
    client.post("/sign-in/", {"email": "sam@example.com", "next": "//evil.example/"})
    response = client.post(_link_path("sam@example.com"))
    assert response["Location"] == "/your-applications/"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format"),
        ("a" * 250 + "@example.com", "Email address must be 254 characters or fewer"),
    ],
)
def test_bad_addresses_are_explained_on_the_page(client, email, message):
    response = client.post("/sign-in/", {"email": email})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert 'href="#id_email"' in body


def test_sign_in_is_rate_limited_per_address(client, settings):
    settings.APPLICANTS_SIGN_IN_RATE_PER_ADDRESS = "2/h"
    for _ in range(2):
        assert client.post("/sign-in/", {"email": "sam@example.com"}).status_code == 302
    response = client.post("/sign-in/", {"email": "SAM@example.com"})
    assert response.status_code == 429
    assert Notification.objects.filter(kind="applicants_sign_in").count() == 2


def test_sign_in_is_rate_limited_per_ip(client, settings):
    settings.APPLICANTS_SIGN_IN_RATE_PER_IP = "3/h"
    for number in range(3):
        assert client.post("/sign-in/", {"email": f"p{number}@example.com"}).status_code == 302
    assert client.post("/sign-in/", {"email": "p9@example.com"}).status_code == 429


def test_a_session_idle_for_2_hours_is_signed_out(client):
    with time_machine.travel(
        datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client.post("/sign-in/", {"email": "sam@example.com"})
        client.post(_link_path("sam@example.com"))
        clock.shift(datetime.timedelta(hours=1, minutes=59))
        assert client.get("/your-applications/").status_code == 200
        clock.shift(datetime.timedelta(hours=1, minutes=59))  # active a moment ago: still in
        assert client.get("/your-applications/").status_code == 200
        clock.shift(datetime.timedelta(hours=2, seconds=1))
        response = client.get("/your-applications/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_sign_out_ends_the_session(client):
    client.post("/sign-in/", {"email": "sam@example.com"})
    client.post(_link_path("sam@example.com"))
    page = client.get("/your-applications/").content.decode()
    assert "Sign out" in page and "sam@example.com" in page

    client.post("/sign-out/")

    assert client.get("/your-applications/").status_code == 302
