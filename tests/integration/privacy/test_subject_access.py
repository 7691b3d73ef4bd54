"""Subject access and erasure: National HR only, POST-only addresses, audited, complete."""

import io
import json
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Candidate, SignInLink
from applications.models import Application, EqualityMonitoring, ResidencePeriod
from mailing_list.models import Subscriber
from notifications.models import Notification
from privacy.models import ReadAuditEntry, SubjectAccessRecord
from privacy.services import subject_digest
from tests.factories.accounts import national_hr, rocu_hr
from tests.factories.applications import move, submitted_application
from tests.support.staff import login_staff

from .conftest import EMAIL, KEY

pytestmark = pytest.mark.django_db

BASE = "/admin/privacy/subjectaccessrecord/subject/"


@pytest.fixture
def hr_client(client):
    return login_staff(client, national_hr())


def _export(client, email=EMAIL, reason="SAR-12 received 1 December"):
    return client.post(f"{BASE}export/", {"email": email, "reason": reason})


def _unzip(response) -> tuple[dict, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["export.html", "export.json"]
    return json.loads(archive.read("export.json")), archive.read("export.html").decode()


def test_the_application_page_offers_national_hr_the_button_and_no_one_else(client, person):
    change = f"/admin/applications/application/{person.pk}/change/"
    login_staff(client, national_hr())
    page = client.get(change).content.decode()
    assert "Export or erase the candidate" in page and f'value="{KEY}"' in page
    assert 'formaction="/admin/privacy/subjectaccessrecord/subject/"' in page  # no nested form
    login_staff(client, rocu_hr(person.vacancy.rocu.slug))
    page = client.get(change).content.decode()
    assert "Export or erase the candidate" not in page and KEY not in page


def test_rocu_roles_are_refused_every_page(client, person):
    login_staff(client, rocu_hr(person.vacancy.rocu.slug))
    assert client.get(BASE).status_code == 403
    assert client.post(BASE, {"email": EMAIL}).status_code == 403
    assert _export(client).status_code == 403
    assert client.post(f"{BASE}erase/", {"email": EMAIL}).status_code == 403
    assert client.get("/admin/privacy/readauditentry/").status_code == 403
    assert not SubjectAccessRecord.objects.exists()


def test_the_summary_counts_what_each_app_holds(hr_client, person):
    page = hr_client.post(BASE, {"email": EMAIL}).content.decode()
    assert "What we hold about this person" in page
    assert '<th scope="row">Applications</th><td>1</td>' in page
    assert '<th scope="row">Mailing list</th><td>1</td>' in page
    bad = hr_client.post(BASE, {"email": "not an address"}).content.decode()
    assert "There is a problem" in bad and "correct format" in bad


def test_the_export_holds_everything_and_is_audited_without_the_address(hr_client, person):
    refused = _export(hr_client, reason="")
    assert "Say why the data is being exported" in refused.content.decode()
    hr_client.get(f"/admin/applications/application/{person.pk}/change/")
    response = _export(hr_client)
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and KEY not in disposition
    document, html = _unzip(response)
    sections = {section["title"]: section["records"] for section in document["sections"]}
    (application,) = sections["Applications"]
    assert application["reference"] == person.reference
    assert application["full_name"] == "Sam Example"
    assert application["residence_history"][0]["country"] == "GB"
    assert application["equality_monitoring"]["age_group"] == "prefer_not_to_say"
    assert application["withdrawal_reason"] == "Took another job in Leeds"
    assert [event["to"] for event in application["events"]][-1] == "Withdrawn"
    assert len(application["referees"]) == 2 and application["answers"]
    (opened,) = application["opened_by_staff"]
    assert opened["by"] == "staff" and opened["what"].startswith("Application")
    assert sections["Mailing list"][0]["first_name"] == "Robin"
    assert sections["Candidate sign-in identity"][0]["email"] == KEY
    emails = sections["Emails sent"]
    assert {row["kind"] for row in emails} >= {"application_submitted", "application_withdrawn"}
    assert not any(key.endswith("_url") for row in emails for key in row["content"])
    assert "Sam Example" in html and person.reference in html and "Took another job" in html
    # Dates and times as GOV.UK writes them (core/govuk_dates.py), in the page and its rows.
    when = r"(\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} [A-Z][a-z]+ 20\d\d"
    assert re.search(f"as at {when}", html) and re.search(f"<td>{when}</td>", html)
    assert "<script" not in html

    record = SubjectAccessRecord.objects.get()
    assert record.kind == "export" and record.reason == "SAR-12 received 1 December"
    assert record.subject_digest == subject_digest(EMAIL)
    assert KEY not in json.dumps(record.summary) and KEY not in record.subject_digest
    assert record.summary["applications"] == {"Applications": 1}
    assert ReadAuditEntry.objects.filter(part="subject_access_export").count() == 1


def test_erasure_is_refused_while_an_application_is_live(hr_client, person):
    live = move(submitted_application(KEY), "sift", rocu_hr("nersou", "semrocu"))
    page = hr_client.post(f"{BASE}erase/", {"email": EMAIL}).content.decode()
    assert "cannot be erased now" in page and f"{live.reference} is at Sift" in page
    assert 'name="confirm_erasure"' not in page
    forced = hr_client.post(
        f"{BASE}erase/",
        {"email": EMAIL, "reason": "asked", "confirm": "on", "confirm_erasure": "1"},
    ).content.decode()
    assert "is at Sift" in forced
    assert Candidate.objects.filter(email=KEY).exists() and not SubjectAccessRecord.objects.exists()


def test_erasure_says_what_will_go_then_removes_it_everywhere_and_records_it(hr_client, person):
    page = hr_client.post(f"{BASE}erase/", {"email": EMAIL}).content.decode()
    assert "What will go" in page and "Applications anonymised" in page and person.reference in page
    assert "Mailing-list subscription deleted" in page
    unconfirmed = hr_client.post(
        f"{BASE}erase/", {"email": EMAIL, "reason": "ERA-3", "confirm_erasure": "1"}
    ).content.decode()
    assert "Confirm that you understand" in unconfirmed and Candidate.objects.exists()

    response = hr_client.post(
        f"{BASE}erase/",
        {"email": EMAIL, "reason": "ERA-3", "confirm": "on", "confirm_erasure": "1"},
    )
    assert response.status_code == 302
    assert not Candidate.objects.filter(email=KEY).exists()
    assert not SignInLink.objects.filter(email=KEY).exists()
    assert not Subscriber.objects.filter(address_key=KEY).exists()
    assert not Notification.objects.filter(to_email__iexact=KEY).exists()
    application = Application.objects.get(pk=person.pk)
    assert application.anonymised_at and application.candidate is None
    assert application.full_name == ""
    assert not ResidencePeriod.objects.filter(application=application).exists()
    assert not EqualityMonitoring.objects.filter(application=application).exists()

    record = SubjectAccessRecord.objects.get(kind="erasure")
    assert record.summary["applications"] == {"drafts deleted": 0, "anonymised": 1}
    assert record.summary["mailing_list"] == {"subscriptions deleted": 1}
    listing = hr_client.get("/admin/privacy/subjectaccessrecord/", {"q": EMAIL}).content.decode()
    assert "ERA-3" in listing
    assert (
        "ERA-3"
        not in hr_client.get(
            "/admin/privacy/subjectaccessrecord/", {"q": "other@example.com"}
        ).content.decode()
    )
    # Nothing left to export afterwards but the fact of the erasure.
    document, _ = _unzip(_export(hr_client))
    assert all(not section["records"] for section in document["sections"])


def test_a_record_is_still_found_by_address_after_the_secret_key_is_rotated(
    client, person, settings
):
    staff = national_hr()
    login_staff(client, staff)
    assert _export(client).status_code == 200
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 30
    listing = "/admin/privacy/subjectaccessrecord/"

    def search() -> str:
        login_staff(client, staff)  # a new key signs sessions afresh
        response = client.get(listing, {"q": EMAIL})
        assert response.status_code == 200
        return response.content.decode()

    settings.SECRET_KEY_FALLBACKS = []
    assert "SAR-12" not in search()
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert "SAR-12" in search()


def test_the_summary_and_the_export_run_constant_queries_at_two_sizes(client):
    login_staff(client, national_hr())

    def queries(path, data) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(path, data).status_code == 200
        return len(captured)

    def both() -> tuple[int, int]:
        return queries(BASE, {"email": EMAIL}), queries(
            f"{BASE}export/", {"email": EMAIL, "reason": "SAR"}
        )

    submitted_application(KEY)
    one = both()
    for _ in range(3):
        submitted_application(KEY)  # more applications, each with its rows and emails
    assert both() == one
