"""The retention schedule: each line a setting, applied daily, idempotent, in batches.

The clock is moved forward past each period (time-machine), as the daily beat
job would find the rows months later.
"""

import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from applicants.models import Candidate
from applications.models import (
    Application,
    ApplicationEvent,
    EqualityMonitoring,
    Referee,
    ResidencePeriod,
)
from mailing_list.models import Subscriber
from mailing_list.services import subscriber_unsubscribe
from notifications.models import Notification
from privacy import registry
from privacy.models import ReadAuditEntry
from privacy.services import read_audit_record, retention_apply
from privacy.tasks import apply_retention_schedule
from tests.factories.accounts import national_hr, rocu_hr
from tests.factories.applications import (
    complete_application,
    make_candidate,
    move,
    submitted_application,
)

from .conftest import KEY, days

pytestmark = pytest.mark.django_db


def test_every_rule_has_a_period_setting_and_every_setting_a_rule():
    keys = {rule.key for rule in registry.retention_rules()}
    assert keys == set(settings.RETENTION_DAYS)
    assert "privacy-apply-retention" in settings.CELERY_BEAT_SCHEDULE


def test_the_schedule_is_documented_with_a_reason_for_every_line():
    schedule = (settings.BASE_DIR / "docs" / "privacy.md").read_text()
    for key in settings.RETENTION_DAYS:
        assert f"`{key}`" in schedule, f"{key} is not in docs/privacy.md"


def test_drafts_go_a_month_after_closing_and_ended_applications_are_anonymised_at_six_months(
    person, vacancy
):
    hr = rocu_hr(vacancy.rocu.slug)
    draft = complete_application(make_candidate("drafter@example.com"), vacancy)
    live = move(submitted_application("live@example.com", vacancy=vacancy), "sift", hr)
    closes = vacancy.closing_at

    with time_machine.travel(closes + days(29)):
        assert retention_apply()["applications.drafts"] == 0
    with time_machine.travel(closes + days(31)):
        handled = retention_apply()
    assert handled["applications.drafts"] == 1 and handled["applications.ended"] == 0
    assert not Application.objects.filter(pk=draft.pk).exists()
    person.refresh_from_db()
    assert person.full_name and person.candidate_id

    with time_machine.travel(closes + days(184)):
        handled = apply_retention_schedule()  # the beat task itself
    assert handled["applications.ended"] == 1
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.candidate_id is None
    assert (person.full_name, person.phone, person.address_line_1, person.withdrawal_reason) == (
        "",
        "",
        "",
        "",
    )
    # Counts for reports survive: the row, its advert, stage and dates.
    assert person.stage == "withdrawn" and person.submitted_at and person.reference
    for model in (ResidencePeriod, Referee):
        assert not model.objects.filter(application=person).exists()
    assert not ApplicationEvent.objects.filter(application=person).exclude(reason="").exists()
    events = ApplicationEvent.objects.filter(application=person)
    assert not events.filter(by_candidate__isnull=False).exists()
    # Equality answers go for every application after six months; the live one is kept whole.
    assert not EqualityMonitoring.objects.exists()
    live.refresh_from_db()
    assert live.anonymised_at is None and live.full_name and live.residence_periods.exists()

    # The next day the candidate with no application left goes too; then nothing is left to do.
    assert Candidate.objects.filter(email=KEY).exists()
    with time_machine.travel(closes + days(185)):
        assert retention_apply()["applicants.idle_candidates"] == 1
        again = retention_apply()
    assert not Candidate.objects.filter(email=KEY).exists()
    assert set(again.values()) == {0}


def test_unsubscribed_addresses_go_after_30_days_and_old_outbox_rows_lose_their_address(person):
    subscriber = Subscriber.objects.get(address_key=KEY)
    subscriber_unsubscribe(subscriber=subscriber)
    sent = Notification.objects.filter(to_email__iexact=KEY)
    assert sent.exists()
    with time_machine.travel(timezone.now() + days(29)):
        handled = retention_apply()
    assert handled["mailing_list.unsubscribed"] == 0 and Subscriber.objects.exists()
    with time_machine.travel(timezone.now() + days(31)):
        assert retention_apply()["mailing_list.unsubscribed"] == 1
    assert not Subscriber.objects.filter(address_key=KEY).exists()

    count = sent.count()
    with time_machine.travel(timezone.now() + days(91)):
        assert retention_apply()["notifications.addresses"] >= count
    assert not Notification.objects.filter(to_email__iexact=KEY).exists()
    blanked = Notification.objects.filter(to_email="")
    assert blanked.count() >= count and not blanked.exclude(context={}).exists()
    assert set(blanked.values_list("status", flat=True)) == {"sent"}  # counts by kind survive


def test_read_audit_rows_go_after_two_years_in_batches():
    staff = national_hr()
    for number in range(5):
        read_audit_record(by=staff, record_type="t", record_id=number, part="application")
    with time_machine.travel(timezone.now() + days(729)):
        assert retention_apply(batch_size=2)["privacy.read_audit"] == 0
    with time_machine.travel(timezone.now() + days(731)):
        assert retention_apply(batch_size=2)["privacy.read_audit"] == 5
    assert not ReadAuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_row_locked_by_another_transaction_is_skipped_not_waited_for():
    staff = national_hr()
    locked, free = (
        read_audit_record(by=staff, record_type="t", record_id=n, part="application")
        for n in (1, 2)
    )
    holding, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                list(ReadAuditEntry.objects.select_for_update().filter(pk=locked.pk))
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with time_machine.travel(timezone.now() + days(800)):
            handled = retention_apply()  # would block here without SKIP LOCKED
        assert handled["privacy.read_audit"] == 1
        assert list(ReadAuditEntry.objects.values_list("pk", flat=True)) == [locked.pk]
    finally:
        release.set()
        thread.join(timeout=30)
    with time_machine.travel(timezone.now() + days(800)):
        assert retention_apply()["privacy.read_audit"] == 1
    assert not ReadAuditEntry.objects.exists() and free.pk


def test_hr_still_open_an_anonymised_application_in_the_admin(person, vacancy, client):
    """The row stays for counts with no candidate: the list and the change page still
    render for HR (no name, no 500), and its moves are none (an end has no exits)."""
    from tests.support.staff import login_staff

    with time_machine.travel(vacancy.closing_at + days(184)):
        retention_apply()
    person.refresh_from_db()
    assert person.candidate_id is None
    login_staff(client, rocu_hr(vacancy.rocu.slug))
    listing = client.get("/admin/applications/application/")
    assert listing.status_code == 200
    assert person.reference in listing.content.decode()
    page = client.get(f"/admin/applications/application/{person.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Took another job in Leeds" not in body and KEY not in body
    assert "None: this application is at an end" in body
