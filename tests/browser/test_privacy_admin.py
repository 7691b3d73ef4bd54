"""In a real browser, National HR answers a subject access request and an erasure request
from the candidate's application page; axe on every privacy page, errors included."""

import io
import json
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from applications.services import application_withdraw
from privacy.models import ReadAuditEntry, SubjectAccessRecord
from tests.factories.accounts import national_hr
from tests.factories.applications import submitted_application
from tests.support.staff import sign_in_with_session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "robin.browser@example.com"


def test_national_hr_exports_then_erases_a_candidate_with_confirmation_pages(
    page, assert_accessible
):
    application = application_withdraw(
        application=submitted_application(EMAIL), at=timezone.now(), reason="Moved abroad"
    )
    hr = national_hr(username="national.hr.privacy")
    sign_in_with_session_cookie(page, hr)

    page.goto(f"/admin/applications/application/{application.pk}/change/")
    assert_accessible(page)
    page.get_by_role("button", name="Export or erase the candidate's data").click()
    expect(page.get_by_role("heading", name="What we hold about this person")).to_be_visible()
    assert EMAIL not in page.url  # the address travels in the POST body only
    assert_accessible(page)

    page.get_by_role("button", name="Download the export").click()  # no reason given
    expect(page.get_by_text("Say why the data is being exported").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is this being exported?").fill("SAR-7 received by post")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    document = json.loads(archive.read("export.json"))
    assert document["subject"] == EMAIL
    assert application.reference in archive.read("export.html").decode()

    page.get_by_role("button", name="Review erasure").click()
    expect(page.get_by_role("heading", name="What will go")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is this being erased?").fill("ERA-2 by email")
    page.get_by_role("button", name="Erase this person's data").click()  # not ticked
    expect(page.get_by_text("Confirm that you understand").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Erase this person's data").click()
    expect(page.get_by_text("The person's data is erased")).to_be_visible()
    expect(page.get_by_text("ERA-2 by email")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Find a person's data").click()
    assert_accessible(page)
    page.goto("/admin/privacy/readauditentry/")
    expect(page.get_by_text(application.reference).first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/admin/privacy/readauditentry/{ReadAuditEntry.objects.first().pk}/change/")
    assert_accessible(page)
    page.goto(
        f"/admin/privacy/subjectaccessrecord/{SubjectAccessRecord.objects.first().pk}/change/"
    )
    assert_accessible(page)

    erased = Application.objects.get(pk=application.pk)
    assert erased.candidate_id is None and erased.full_name == ""
    assert list(SubjectAccessRecord.objects.values_list("kind", flat=True)) == [
        "erasure",
        "export",
    ]
