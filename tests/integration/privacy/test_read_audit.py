"""The audit of reads: one row per opening of an application, readable by National HR only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rocu
from privacy.models import ReadAuditEntry
from tests.factories.accounts import national_hr, rocu_hr
from tests.factories.applications import open_vacancy, submitted_application
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

AUDIT = "/admin/privacy/readauditentry/"


def _change(application):
    return f"/admin/applications/application/{application.pk}/change/"


def test_opening_an_application_records_who_read_it_and_not_what_it_said(client):
    application = submitted_application("reader-test@example.com")
    reader = rocu_hr(application.vacancy.rocu.slug)
    login_staff(client, reader)
    assert client.get(_change(application)).status_code == 200
    assert client.get(_change(application)).status_code == 200
    entries = list(ReadAuditEntry.objects.all())
    assert len(entries) == 2
    entry = entries[0]
    assert (entry.by, entry.record_type, entry.record_id, entry.part) == (
        reader,
        "applications.application",
        str(application.pk),
        "application",
    )
    assert entry.record_label == application.reference
    stored = " ".join(str(value) for value in ReadAuditEntry.objects.values().first().values())
    assert "Sam Example" not in stored and "reader-test" not in stored


def test_another_rocus_application_is_a_404_and_records_nothing(client):
    application = submitted_application(vacancy=open_vacancy(rocu=Rocu.objects.get(slug="nersou")))
    login_staff(client, rocu_hr("semrocu"))
    assert client.get(_change(application)).status_code == 404
    assert not ReadAuditEntry.objects.exists()


def test_national_hr_lists_reads_filtered_by_staff_and_record_and_cannot_change_them(client):
    first, second = submitted_application("a@example.com"), submitted_application("b@example.com")
    reader, other = rocu_hr("nersou", "semrocu"), rocu_hr("nersou", "semrocu")
    login_staff(client, reader)
    client.get(_change(first))
    login_staff(client, other)
    client.get(_change(second))
    hr = national_hr()
    login_staff(client, hr)
    listing = client.get(AUDIT).content.decode()
    assert first.reference in listing and second.reference in listing
    only_reader = client.get(AUDIT, {"by__id__exact": reader.pk}).content.decode()
    assert first.reference in only_reader and second.reference not in only_reader
    by_reference = client.get(AUDIT, {"q": second.reference}).content.decode()
    assert second.reference in by_reference and first.reference not in by_reference
    entry = ReadAuditEntry.objects.first()
    assert client.post(f"{AUDIT}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{AUDIT}add/").status_code == 403
    assert ReadAuditEntry.objects.count() == 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_change_page_and_the_audit_list_run_constant_queries_at_two_sizes(client):
    """One INSERT per view; neither page grows with the audit rows already there."""
    application = submitted_application()
    login_staff(client, national_hr())
    client.get(_change(application))  # warm: the session and the audit list's caches
    change_small, audit_small = _queries(client, _change(application)), _queries(client, AUDIT)
    for _ in range(10):  # each view of the change page adds one audit row
        client.get(_change(application))
    other = submitted_application("other@example.com")
    client.get(_change(other))
    assert ReadAuditEntry.objects.count() == 13
    assert _queries(client, _change(application)) == change_small
    assert _queries(client, AUDIT) == audit_small
    assert change_small <= 25 and audit_small <= 12  # measured: 16 and 10
