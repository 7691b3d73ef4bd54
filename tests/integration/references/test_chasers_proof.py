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
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_sweep
from references import emails
from references.models import ReferenceRequest
from references.tasks import chase_reference_requests
from references.tokens import new_token_key
from tests.factories.accounts import rocu_hr
from tests.support.outbox import in_flight, outbox_worker, settle, sweep_until
from tests.support.references import application_at_checks
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]

BATCH = 10
# The bulk requests' referees (the application's own two are asked, not chased).
SUCCEEDED = re.compile(r"chase_reference_requests\[[^\]]+\] succeeded in [\d.]+s: (\d+)")
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
    with outbox_worker(private_redis, smtp_sink, concurrency=2, extra_env=WORKER_ENV) as worker:
        chase_reference_requests.delay()
        chase_reference_requests.delay()
        # Results are not stored; the worker logs each run's return value (chasers queued).
        finished = wait_until(
            lambda: (
                SUCCEEDED.findall(worker.log())
                if len(SUCCEEDED.findall(worker.log())) == 2
                else None
            ),
            timeout=120,
            message="the worker did not finish both runs",
        )
        assert sum(int(count) for count in finished) == 120  # split however they raced
        wait_until(
            lambda: len(_chasers_at_sink(smtp_sink)) >= 120,
            timeout=120,
            message="not every chaser arrived",
        )
        settle(private_redis, sweepers=[notification_sweep])
        # Beat's next run, after the clock moved on a day: nothing more to send.
        chase_reference_requests.delay()
        settle(private_redis, sweepers=[notification_sweep])

    at_sink = _chasers_at_sink(smtp_sink)
    assert set(at_sink) == {request.referee_email for request in requests}
    assert max(at_sink.values()) == 1, "a referee got the chaser twice"
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
    with transaction.atomic():
        Notification.objects.create(
            kind=emails.CHASER, to_email="blocker@example.com", idempotency_key=blocker_key
        )
        with outbox_worker(
            private_redis, smtp_sink, concurrency=1, extra_env=WORKER_ENV
        ) as first_worker:
            chase_reference_requests.delay()
            wait_until(
                lambda: committed.count() == 50,
                timeout=120,
                hold=1.0,
                message="the run did not stop at the held batch",
            )
            first_worker.kill()  # SIGKILL to the whole process group
        transaction.set_rollback(True)  # the key is free again; the dead run's batch rolls back
    dead = in_flight(private_redis)
    assert _chaser_rows() == 50
    assert ReferenceRequest.objects.filter(first_chaser_at__isnull=False).count() == 50

    with outbox_worker(private_redis, smtp_sink, concurrency=2, extra_env=WORKER_ENV):
        # As beat would: run again (rows the dead run still held are skipped until its
        # database session ends, so keep running until every chaser is written).
        sweep_until(
            lambda: _chaser_rows() == 100,
            sweepers=[chase_reference_requests.delay],
            every=2.0,
            timeout=120,
            message="the chasers the killed run had not sent were never sent",
        )
        wait_until(
            lambda: len(_chasers_at_sink(smtp_sink)) >= 100,
            timeout=120,
            message="not every chaser arrived",
        )
        settle(private_redis, sweepers=[notification_sweep], ignore=dead)

    at_sink = _chasers_at_sink(smtp_sink)
    assert set(at_sink) == {request.referee_email for request in requests}
    assert max(at_sink.values()) == 1, "a referee got the chaser twice"
    assert _chaser_rows() == 100
