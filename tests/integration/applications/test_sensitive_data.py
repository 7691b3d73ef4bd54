"""Residence history, equality answers and adjustments never reach the logs or any email."""

import datetime
import logging

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_render
from tests.factories.applications import make_candidate, open_vacancy, sign_in

pytestmark = pytest.mark.django_db

MARKERS = (
    "Kyrgyzstan",
    "KG",
    "MARKER-STATEMENT-7731",
    "MARKER-ADJUSTMENT-5512",
    "white_roma",
    "bisexual",
    "MARKER-BREAK-REASON-2210",
    "MARKER-FORCE-6630",
)


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_nothing_sensitive_reaches_logs_or_emails(client, caplog):
    caplog.set_level(logging.DEBUG)
    candidate = make_candidate()
    sign_in(client, candidate)
    vacancy = open_vacancy()
    client.post(f"/vacancies/{vacancy.reference}/apply/")
    application = candidate.applications.get()
    base = f"/your-applications/{application.pk}/"
    today = timezone.localdate()
    client.post(
        base + "personal-details/",
        {
            "full_name": "Sam Example",
            "phone": "07700 900982",
            "address_location": "uk",
            "address_line_1": "1 High Street",
            "address_town": "Newcastle",
            "address_postcode": "NE1 4AA",
            "right_to_work": "yes",
        },
    )
    year_ago = today.replace(year=today.year - 1)
    client.post(base + "where-you-have-lived/add/", {"country": "GB", **_date("start", year_ago)})
    client.post(
        base + "where-you-have-lived/add/",
        {
            "country": "KG",
            **_date("start", today.replace(year=today.year - 2)),
            **_date("end", year_ago - datetime.timedelta(days=1)),
            "reason": "work",
        },
    )
    client.post(
        base + "where-you-have-lived/add/",
        {
            "country": "GB",
            **_date("start", today.replace(year=today.year - 10)),
            **_date("end", today.replace(year=today.year - 2) - datetime.timedelta(days=1)),
        },
    )
    client.post(
        base + "where-you-have-lived/",
        {"all_added": "yes", "exemption_statement": "MARKER-STATEMENT-7731"},
    )
    client.post(base + "where-you-have-lived/clearance/", {"holds": "yes"})
    # Granted long ago: not recent, so the residence outcome stands (flagged for review).
    client.post(
        base + "where-you-have-lived/clearance/details/",
        {
            "level": "MV",
            "granted_by": "MARKER-FORCE-6630",
            **_date("granted_on", today.replace(year=today.year - 20)),
        },
    )
    client.post(
        base + "employment-and-education/add/",
        {
            "kind": "break",
            **_date("start", today.replace(year=today.year - 4)),
            "description": "MARKER-BREAK-REASON-2210",
        },
    )
    client.post(base + "employment-and-education/", {"all_added": "yes"})
    for number in range(2):
        client.post(
            base + "referees/add/",
            {
                "name": f"Ref {number}",
                "email": f"r{number}@example.com",
                "organisation": "Acme",
                "relationship": "Manager",
                "is_most_recent_employer": "yes" if number == 0 else "no",
            },
        )
    client.post(base + "referees/", {"consent": "on"})
    client.post(
        base + "about-the-role/",
        {f"answer_{question.pk}": "An example." for question in vacancy.questions.all()},
    )
    client.post(
        base + "adjustments/",
        {
            "adjustments_needed": "yes",
            "adjustments_detail": "MARKER-ADJUSTMENT-5512",
            "disability_confident": "yes",
        },
    )
    client.post(
        base + "equality-monitoring/",
        {
            "age_group": "25-34",
            "sex": "female",
            "ethnicity": "white_roma",
            "disability": "yes",
            "sexual_orientation": "bisexual",
            "religion": "none",
        },
    )
    client.post(
        base + "declaration/", {"declaration_true": "on", "declaration_vetting_consent": "on"}
    )
    assert client.post(base + "submit/")["Location"] == base + "submitted/"
    client.post(base + "withdraw/", {"reason": "A reason"})

    application.refresh_from_db()
    assert application.stage == "withdrawn"
    assert application.residence_outcome == "not_eligible"
    assert application.held_clearance_granted_by == "MARKER-FORCE-6630"
    assert application.flagged_for_review
    emails = list(Notification.objects.all())
    assert {email.kind for email in emails} == {"application_submitted", "application_withdrawn"}
    for email in emails:
        rendered = notification_render(kind=email.kind, context=email.context)
        for marker in MARKERS:
            for part in (rendered.subject, rendered.text, rendered.html, str(email.context)):
                assert marker not in part, f"{marker} in {email.kind}"
    for marker in MARKERS:
        assert marker not in caplog.text
