"""Proof on a real worker: the reminder before a conditional offer's deadline goes exactly
once per offer when the beat task runs twice at once, and when the worker running it is
SIGKILLed in the middle of a run.

Each test runs its own redis-server, a real Celery worker and a recording SMTP sink;
counts are read once the broker is idle (tests/support/outbox.py ``settle``).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_sweep
from offers import emails
from offers.models import Offer
from offers.tasks import remind_unanswered_offers
from tests.factories.accounts import rocu_hr
from tests.factories.applications import clone_applications
from tests.factories.offers import at_conditional_offer
from tests.support.outbox import in_flight, outbox_worker, settle, sweep_until
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]

SUCCEEDED = re.compile(r"remind_unanswered_offers\[[^\]]+\] succeeded in [\d.]+s: (\d+)")
BULK_ADDRESS = re.compile(r"bulk\w+-\d+@example\.com")


def _offers_due_a_reminder(count: int) -> list[Offer]:
    """``count`` unanswered offers whose deadline is two days away (the reminder is due)."""
    template = at_conditional_offer(rocu_hr("nersou"))
    applications = clone_applications(template, count, "offer", stage="conditional_offer")
    now = timezone.now()
    return Offer.objects.bulk_create(
        Offer(
            application=application,
            made_at=now - datetime.timedelta(days=8),
            respond_by=now + datetime.timedelta(days=2),
        )
        for application in applications
    )


def _reminder_rows():
    return Notification.objects.filter(kind=emails.OFFER_REMINDER)


def _reminders_at_sink(sink) -> dict[str, int]:
    return {
        address: count
        for address, count in sink.by_recipient().items()
        if BULK_ADDRESS.fullmatch(address)
    }


def _addresses(offers) -> set[str]:
    return set(
        Offer.objects.filter(pk__in=[offer.pk for offer in offers]).values_list(
            "application__candidate__email", flat=True
        )
    )


def test_two_concurrent_runs_on_a_real_worker_send_each_reminder_exactly_once(
    private_redis, smtp_sink
):
    offers = _offers_due_a_reminder(60)
    with outbox_worker(private_redis, smtp_sink, concurrency=2) as worker:
        remind_unanswered_offers.delay()
        remind_unanswered_offers.delay()
        finished = wait_until(
            lambda: (
                SUCCEEDED.findall(worker.log())
                if len(SUCCEEDED.findall(worker.log())) == 2
                else None
            ),
            timeout=120,
            message="the worker did not finish both runs",
        )
        # Split however they raced (the template's own offer, made just now, is not due).
        assert sum(int(count) for count in finished) == 60
        wait_until(
            lambda: len(_reminders_at_sink(smtp_sink)) >= 60,
            timeout=120,
            message="not every reminder arrived",
        )
        settle(private_redis, sweepers=[notification_sweep])
        # Beat's next run: nothing more to send.
        remind_unanswered_offers.delay()
        settle(private_redis, sweepers=[notification_sweep])

    at_sink = _reminders_at_sink(smtp_sink)
    assert set(at_sink) == _addresses(offers)
    assert max(at_sink.values()) == 1, "a candidate got the reminder twice"
    assert _reminder_rows().count() == 60
    assert not Offer.objects.filter(
        pk__in=[offer.pk for offer in offers], reminder_sent_at__isnull=True
    ).exists()


def test_a_worker_killed_in_the_middle_of_a_run_then_each_reminder_goes_exactly_once(
    private_redis, smtp_sink
):
    offers = _offers_due_a_reminder(40)
    # The test holds, uncommitted, the outbox key of one offer's reminder: the run (one
    # transaction, rows in no set order) waits on it when it gets there, so the kill
    # lands mid-run with some reminders written but none committed.
    blocked = sorted(offers, key=lambda offer: offer.pk)[20]
    blocker_key = f"offer:{blocked.pk}:reminder"
    with transaction.atomic():
        Notification.objects.create(
            kind=emails.OFFER_REMINDER, to_email="blocker@example.com", idempotency_key=blocker_key
        )
        with outbox_worker(private_redis, smtp_sink, concurrency=1) as first_worker:
            remind_unanswered_offers.delay()
            wait_until(
                lambda: "remind_unanswered_offers" in first_worker.log(),
                timeout=60,
                message="the worker never started the run",
            )
            # It is stuck on the held key; nothing it did is committed.
            wait_until(
                lambda: not SUCCEEDED.search(first_worker.log()),
                timeout=5,
                hold=2.0,
                message="the run finished although a key it needs was held",
            )
            first_worker.kill()  # SIGKILL to the whole process group
        transaction.set_rollback(True)  # the key is free again
    dead = in_flight(private_redis)
    assert _reminder_rows().count() == 0
    assert not Offer.objects.filter(reminder_sent_at__isnull=False).exists()

    with outbox_worker(private_redis, smtp_sink, concurrency=2):
        # As beat would: run again until every reminder is written (rows the dead run
        # held stay locked until its database session ends).
        sweep_until(
            lambda: _reminder_rows().count() == 40,
            sweepers=[remind_unanswered_offers.delay],
            every=2.0,
            timeout=120,
            message="the reminders the killed run had not sent were never sent",
        )
        wait_until(
            lambda: len(_reminders_at_sink(smtp_sink)) >= 40,
            timeout=120,
            message="not every reminder arrived",
        )
        settle(private_redis, sweepers=[notification_sweep], ignore=dead)

    at_sink = _reminders_at_sink(smtp_sink)
    assert set(at_sink) == _addresses(offers)
    assert max(at_sink.values()) == 1, "a candidate got the reminder twice"
    assert _reminder_rows().count() == 40
