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
from django.utils import timezone

from notifications.models import Notification
from offers import emails
from offers.models import Offer
from offers.tasks import remind_unanswered_offers
from tests.factories.accounts import rocu_hr
from tests.factories.applications import clone_applications
from tests.factories.offers import at_conditional_offer
from tests.support.celery_worker import succeeded_runs
from tests.support.periodic_task_proof import (
    assert_one_each,
    killed_mid_run,
    rerun_until_all_written,
    twice_at_once_then_again,
    waiting_on_this_session,
)
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]

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
    finished = twice_at_once_then_again(
        private_redis,
        smtp_sink,
        task=remind_unanswered_offers,
        at_sink=lambda: _reminders_at_sink(smtp_sink),
        expected=60,
    )

    # Split however they raced (the template's own offer, made just now, is not due).
    assert sum(finished) == 60
    assert_one_each(_reminders_at_sink(smtp_sink), _addresses(offers))
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

    def stuck_on_the_held_key(worker):
        wait_until(
            waiting_on_this_session,
            timeout=60,
            message="the run never came to wait on the held key",
        )
        # Stuck there: nothing it did is committed.
        assert not succeeded_runs(worker, remind_unanswered_offers)

    dead = killed_mid_run(
        private_redis,
        smtp_sink,
        task=remind_unanswered_offers,
        held_kind=emails.OFFER_REMINDER,
        held_key=f"offer:{blocked.pk}:reminder",
        stuck=stuck_on_the_held_key,
    )
    assert _reminder_rows().count() == 0
    assert not Offer.objects.filter(reminder_sent_at__isnull=False).exists()

    rerun_until_all_written(
        private_redis,
        smtp_sink,
        task=remind_unanswered_offers,
        rows=_reminder_rows().count,
        at_sink=lambda: _reminders_at_sink(smtp_sink),
        expected=40,
        dead=dead,
    )

    assert_one_each(_reminders_at_sink(smtp_sink), _addresses(offers))
    assert _reminder_rows().count() == 40
