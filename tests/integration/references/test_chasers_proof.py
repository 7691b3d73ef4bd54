"""Proof on a real worker: reference chasers go exactly once each when the beat task runs
twice at once, and when the worker running it is SIGKILLed in the middle of a run.

Each test runs its own redis-server, a real Celery worker (small chase batches, so a
run is many transactions) and a recording SMTP sink; counts are read once the broker
is idle (tests/support/outbox.py ``settle``).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from notifications.models import Notification
from references import emails
from references.models import ReferenceRequest
from references.tasks import chase_reference_requests
from references.tokens import new_token_key
from tests.factories.accounts import rocu_hr
from tests.support.periodic_task_proof import (
    assert_one_each,
    killed_mid_run,
    rerun_until_all_written,
    twice_at_once_then_again,
    waiting_on_this_session,
)
from tests.support.references import application_at_checks
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]

BATCH = 10
# The bulk requests' referees (the application's own two are asked, not chased).
CHASED_ADDRESS = re.compile(r"r\d+@example\.com")
WORKER_ENV = {"REFERENCES_CHASE_BATCH_SIZE": str(BATCH)}


def _unanswered(count: int) -> list[ReferenceRequest]:
    """``count`` requests sent 8 days ago (first chaser due), each to its own address."""
    application = application_at_checks(rocu_hr("nersou"))
    sent_at = timezone.now() - datetime.timedelta(days=8)
    return ReferenceRequest.objects.bulk_create(
        ReferenceRequest(
            application=application,
            referee_name=f"Referee {number}",
            referee_email=f"r{number}@example.com",
            token_key=new_token_key(),
            requested_at=sent_at,
            expires_at=sent_at + datetime.timedelta(days=84),
        )
        for number in range(count)
    )


def _chaser_rows() -> int:
    return Notification.objects.filter(kind=emails.CHASER).count()


def _chasers_at_sink(sink) -> dict[str, int]:
    return {
        address: count
        for address, count in sink.by_recipient().items()
        if CHASED_ADDRESS.fullmatch(address)
    }


def test_two_concurrent_runs_on_a_real_worker_send_each_chaser_exactly_once(
    private_redis, smtp_sink
):
    requests = _unanswered(120)
    # Beat's next run comes "after the clock moved on a day": nothing more to send.
    finished = twice_at_once_then_again(
        private_redis,
        smtp_sink,
        task=chase_reference_requests,
        at_sink=lambda: _chasers_at_sink(smtp_sink),
        expected=120,
        extra_env=WORKER_ENV,
    )

    assert sum(finished) == 120  # chasers queued by each run, split however they raced
    assert_one_each(_chasers_at_sink(smtp_sink), {request.referee_email for request in requests})
    assert _chaser_rows() == 120
    assert not ReferenceRequest.objects.filter(
        pk__in=[r.pk for r in requests], first_chaser_at__isnull=True
    ).exists()


def test_a_worker_killed_in_the_middle_of_a_run_then_each_chaser_goes_exactly_once(
    private_redis, smtp_sink
):
    requests = _unanswered(100)
    # The test holds, uncommitted, the outbox key of the 51st request's chaser: the
    # worker's sixth batch (requests 51-60) waits on it, so the kill lands mid-run at a
    # known point: five batches (50 chasers) committed, the sixth open, the rest not begun.
    blocked = sorted(requests, key=lambda r: r.pk)[50]
    blocker_key = f"reference:{blocked.pk}:chaser:1"
    committed = Notification.objects.filter(kind=emails.CHASER).exclude(idempotency_key=blocker_key)

    def stuck_at_the_held_batch(worker):
        wait_until(
            lambda: committed.count() == 50 and waiting_on_this_session(),
            timeout=120,
            message="the run did not stop at the held batch",
        )

    dead = killed_mid_run(
        private_redis,
        smtp_sink,
        task=chase_reference_requests,
        held_kind=emails.CHASER,
        held_key=blocker_key,
        stuck=stuck_at_the_held_batch,
        extra_env=WORKER_ENV,
    )
    # The dead run's open batch rolled back with it.
    assert _chaser_rows() == 50
    assert ReferenceRequest.objects.filter(first_chaser_at__isnull=False).count() == 50

    rerun_until_all_written(
        private_redis,
        smtp_sink,
        task=chase_reference_requests,
        rows=_chaser_rows,
        at_sink=lambda: _chasers_at_sink(smtp_sink),
        expected=100,
        dead=dead,
        extra_env=WORKER_ENV,
    )

    assert_one_each(_chasers_at_sink(smtp_sink), {request.referee_email for request in requests})
    assert _chaser_rows() == 100
