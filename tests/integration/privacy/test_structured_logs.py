"""Structured logs carry no personal data: a whole journey, every line grepped.

A person joins the mailing list, runs the self-check with a spell in France,
signs in, applies through the pages (name, address, residence, equality
answers), submits; HR opens the application and moves it to sift; the outbox
sends every email. Every log line written meanwhile is captured through the
production formatter (JSON, request id, token masking) and searched for what
the person typed.
"""

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from applicants.models import Candidate
from applications.demo import fill_other_sections
from applications.models import Application
from core.log_filters import MaskLinkTokens
from core.log_format import JsonFormatter, RequestIdFilter
from notifications.models import Notification
from tests.factories.accounts import rocu_hr
from tests.factories.applications import open_vacancy
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

NAME, FIRST_NAME = "Morwenna Quillfeather", "Morwenna"
EMAIL = "morwenna.quillfeather@example.org"
POSTCODE, STREET, PHONE = "TR1 2AB", "7 Lemon Street", "07700 900461"
EQUALITY = {
    "age_group": "25-34",
    "sex": "female",
    "ethnicity": "white_roma",
    "disability": "prefer_not_to_say",
    "sexual_orientation": "bisexual",
    "religion": "sikh",
}
# What must never appear in a log line (country: the name and the code as a word).
SECRETS = [NAME, FIRST_NAME, EMAIL, "morwenna", POSTCODE, STREET, PHONE, "France", "Lemon", "Lyon"]
SECRET_PATTERNS = [
    r"\bFR\b",
    *(rf"\b{re.escape(value)}\b" for key, value in EQUALITY.items() if key != "disability"),
]


@pytest.fixture
def captured_logs():
    """The production handler set-up (settings.LOGGING's json formatter and filters)."""
    assert settings.LOG_FORMAT == "json"  # DEBUG off, as in production
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(MaskLinkTokens())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.DEBUG)  # more than production writes: a stricter test
    cache.clear()
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _page(client, path, data=None, expect=(200, 302)):
    response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code in expect, (path, response.status_code)
    return response


def _journey(client, django_capture_on_commit_callbacks):
    vacancy = open_vacancy()
    with django_capture_on_commit_callbacks(execute=True):
        _page(
            client,
            "/register-interest/",
            {
                "email": EMAIL,
                "first_name": FIRST_NAME,
                "where": "anywhere",
                "frequency": "immediately",
                "website": "",
            },
        )
        _page(client, "/eligibility/job/", {"choice": "level:MV"})
        _page(
            client,
            "/eligibility/places/add/",
            {
                "country": "FR",
                "reason": "study",
                "start_0": "1",
                "start_1": "9",
                "start_2": "2021",
                "end_0": "",
                "end_1": "",
                "end_2": "",
            },
        )
        apply = f"/vacancies/{vacancy.reference}/apply/"
        _page(client, "/sign-in/", {"email": EMAIL, "next": apply})
        link = Notification.objects.filter(kind="applicants_sign_in").latest("id")
        path = re.sub(r"^https?://[^/]+", "", link.context["sign_in_url"])
        _page(client, path, {})
        _page(client, apply, {})
        application = Application.objects.get(candidate__email=EMAIL)
        base = f"/your-applications/{application.pk}/"
        _page(
            client,
            base + "personal-details/",
            {
                "full_name": NAME,
                "preferred_name": "",
                "phone": PHONE,
                "address_location": "uk",
                "address_line_1": STREET,
                "address_town": "Truro",
                "address_postcode": POSTCODE,
                "right_to_work": "yes",
            },
        )
        today = timezone.localdate()
        _page(
            client,
            base + "where-you-have-lived/add/",
            {
                "country": "GB",
                "reason": "",
                "start_0": "1",
                "start_1": "1",
                "start_2": str(today.year - 1),
                "end_0": "",
                "end_1": "",
                "end_2": "",
            },
        )
        _page(
            client,
            base + "where-you-have-lived/add/",
            {
                "country": "FR",
                "reason": "study",
                "start_0": "1",
                "start_1": "1",
                "start_2": str(today.year - 12),
                "end_0": "31",
                "end_1": "12",
                "end_2": str(today.year - 2),
            },
        )
        _page(
            client,
            base + "where-you-have-lived/",
            {
                "all_added": "yes",
                "exemption_statement": "Studying at the university in Lyon",
            },
        )
        _page(client, base + "where-you-have-lived/clearance/", {"holds": "no"})
        fill_other_sections(application)  # jobs, referees, answers: typed text of their own
        _page(client, base + "equality-monitoring/", EQUALITY)
        _page(client, base + "check-your-answers/")
        _page(client, base + "submit/", {})
        _page(client, "/no-such-page/", expect=(404,))
        application.refresh_from_db()
        assert application.stage == "submitted", "the journey must really submit"

        hr = rocu_hr(vacancy.rocu.slug)
        login_staff(client, hr)
        change = f"/admin/applications/application/{application.pk}/"
        _page(client, change + "change/")
        _page(client, change + "move/sift/", {"expected_stage": "submitted"})
    application.refresh_from_db()
    assert application.stage == "sift"
    assert Candidate.objects.filter(email=EMAIL).exists()
    assert Notification.objects.filter(to_email=EMAIL, status="sent").count() >= 3
    return application


def test_a_whole_journey_logs_json_with_request_ids_and_no_personal_data(
    client, captured_logs, django_capture_on_commit_callbacks
):
    application = _journey(client, django_capture_on_commit_callbacks)
    lines = [line for line in captured_logs.getvalue().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert len(entries) >= 5, "the journey should have logged something to search"
    loggers = {entry["logger"] for entry in entries}
    assert "django.request" in loggers  # the 404
    assert any(str(application.pk) in entry["message"] for entry in entries)  # ids are fine
    request_ids = {entry["request_id"] for entry in entries if entry["logger"] == "django.request"}
    assert request_ids and "-" not in request_ids

    text = captured_logs.getvalue()
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered, f"{secret!r} appears in the logs"
    for pattern in SECRET_PATTERNS:
        assert not re.search(pattern, text), f"{pattern!r} matches the logs"


def test_a_response_carries_its_request_id_and_a_well_formed_one_from_the_proxy_is_kept(client):
    own = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", own)
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == (
        "proxy-abc-12345"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\r\nSet-Cookie: x")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])
