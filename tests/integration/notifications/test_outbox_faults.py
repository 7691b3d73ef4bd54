"""Proof: every email exactly once through a broker outage, a killed worker and racing workers.

Each test runs its own redis-server and Celery worker processes (never the
machine's shared ones), sends to a recording SMTP sink, bounds every wait and
stops what it started by PID. Counting is done at the sink, by Message-ID and
by recipient, once the broker has nothing queued or in flight (``settle``).
"""

from __future__ import annotations

import logging
import time

import pytest
from django.db import transaction

from notifications.models import Notification, NotificationStatus
from notifications.services import (
    NotificationDraft,
    message_id_for,
    notification_enqueue,
    notification_enqueue_many,
    notification_sweep,
)
from tests.support.outbox import (
    in_flight,
    outbox_worker,
    outbox_workers,
    settle,
    sweep_until,
    wait_past_lease,
)
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]

CONTEXT = {"requested_at": "1 December 2026 at 9:00am"}


def drafts(count, *, prefix):
    for n in range(count):
        yield NotificationDraft("staff_test_email", f"r{n}@example.com", f"{prefix}:{n}", CONTEXT)


def assert_exactly_once(sink, *, count, prefix):
    by_id = sink.by_message_id()
    by_recipient = sink.by_recipient()
    assert by_id == {message_id_for(f"{prefix}:{n}"): 1 for n in range(count)}
    assert by_recipient == {f"r{n}@example.com": 1 for n in range(count)}


def test_broker_down_rows_are_saved_without_error_and_sent_once_when_it_returns(
    private_redis, smtp_sink, settings, caplog
):
    private_redis.stop()
    caplog.set_level(logging.WARNING, logger="notifications.services")

    slowest = 0.0
    for n in range(50):
        start = time.monotonic()
        with transaction.atomic():
            assert notification_enqueue(
                kind="staff_test_email",
                to_email=f"r{n}@example.com",
                idempotency_key=f"outage:{n}",
                context=CONTEXT,
            )
        slowest = max(slowest, time.monotonic() - start)

    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 50
    assert slowest < 2, f"an enqueue took {slowest:.1f}s with the broker down"
    warnings = [r.getMessage() for r in caplog.records if "stay pending" in r.getMessage()]
    assert len(warnings) == 50
    assert not any("@" in message for message in warnings)  # no addresses in logs
    assert smtp_sink.count() == 0

    private_redis.start()
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    with outbox_worker(private_redis, smtp_sink):
        # A worker sweeps as it starts (notifications/liveness.py), so it may have queued
        # the 50 before this beat-like sweep does: what matters is that each arrives once.
        notification_sweep()
        wait_until(lambda: smtp_sink.count() >= 50, timeout=90, message="not all 50 arrived")
        settle(private_redis, sweepers=[notification_sweep])

    assert_exactly_once(smtp_sink, count=50, prefix="outage")
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 50


def _kill_worker_at(sink, worker_box, *, message_number, reply=None):
    """A before/after-accept hook that SIGKILLs the worker as message N arrives."""
    seen = 0

    def hook(_):
        nonlocal seen
        seen += 1
        if seen == message_number:
            worker_box["worker"].kill()  # SIGKILL to its process group, waits until gone
            worker_box["killed_at_message"] = seen
            return reply
        return None

    return hook


def _recover(private_redis, smtp_sink, settings, *, expected):
    """What production does after a crash: a new worker, and the sweeper's next runs."""
    # The killed worker's messages stay "in flight" at the broker; nobody works on them.
    dead = in_flight(private_redis)
    # A lease this short is only right while no live worker holds a claim: the
    # first sweep runs before the new worker starts; later ones use the default.
    settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS = 1
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 2
    wait_past_lease()
    notification_sweep()
    settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS = 360
    with outbox_worker(private_redis, smtp_sink, concurrency=2):
        sweep_until(
            lambda: smtp_sink.count() >= expected,
            sweepers=[notification_sweep],
            every=3,
            timeout=180,
            message=f"not all {expected} arrived after the restart",
        )
        settle(private_redis, sweepers=[notification_sweep], ignore=dead)


# The kill proofs are about exactly-once across a SIGKILL with batches in every
# state at once (sent, claimed by the dead worker, still queued), not about volume:
# 500 rows in batches of 60 (nine batches, the kill in the third) prove what 2,000
# in batches of 250 did, at a quarter of the CPU. Volume is `make bench-fanout`'s
# job (10,000 and 100,000 messages).
FANOUT = 500
FANOUT_BATCH_SIZE = 60
KILL_AT = 175  # the third batch


def test_worker_killed_mid_fanout_each_recipient_gets_exactly_one(
    private_redis, smtp_sink, settings
):
    """SIGKILL while message KILL_AT is on the wire, before the server accepted it."""
    settings.NOTIFICATIONS_BATCH_SIZE = FANOUT_BATCH_SIZE
    box = {}
    # 421: what a server answers when the client vanished mid-message; nothing is kept.
    smtp_sink.before_accept = _kill_worker_at(
        smtp_sink, box, message_number=KILL_AT, reply="421 4.4.2 Connection dropped"
    )
    # One process, so exactly one message is on the wire when the kill lands.
    with outbox_worker(private_redis, smtp_sink, concurrency=1) as first:
        box["worker"] = first
        with transaction.atomic():
            assert notification_enqueue_many(drafts=drafts(FANOUT, prefix="kill")) == FANOUT
        wait_until(lambda: "killed_at_message" in box, timeout=120, message="never reached it")
    smtp_sink.before_accept = None
    delivered_before_recovery = smtp_sink.count()
    assert 150 <= delivered_before_recovery < FANOUT
    stuck = Notification.objects.exclude(status=NotificationStatus.SENT).count()
    assert stuck == FANOUT - delivered_before_recovery

    _recover(private_redis, smtp_sink, settings, expected=FANOUT)

    assert_exactly_once(smtp_sink, count=FANOUT, prefix="kill")
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == FANOUT


def test_worker_killed_at_an_arbitrary_moment_leaves_at_most_one_message_per_process_uncertain(
    private_redis, smtp_sink, settings
):
    """SIGKILL from outside, wherever the worker happens to be (render, SMTP, database)."""
    settings.NOTIFICATIONS_BATCH_SIZE = FANOUT_BATCH_SIZE
    with outbox_worker(private_redis, smtp_sink, concurrency=2) as first:
        with transaction.atomic():
            notification_enqueue_many(drafts=drafts(FANOUT, prefix="anytime"))
        wait_until(lambda: smtp_sink.count() >= KILL_AT, timeout=120, interval=0.01)
        first.kill()
    assert smtp_sink.count() < FANOUT

    _recover(private_redis, smtp_sink, settings, expected=FANOUT)

    by_recipient = smtp_sink.by_recipient()
    assert set(by_recipient) == {f"r{n}@example.com" for n in range(FANOUT)}
    # One message per worker process was on the wire; only those can repeat, and
    # they repeat with the same Message-ID.
    repeated = {address: n for address, n in by_recipient.items() if n > 1}
    assert len(repeated) <= 2 and all(n == 2 for n in repeated.values())
    assert len(smtp_sink.by_message_id()) == FANOUT
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == FANOUT


def test_worker_killed_after_the_server_accepted_but_before_marking_sent_duplicates_only_that_one(
    private_redis, smtp_sink, settings
):
    """The one case the outbox cannot close (docs/outbox.md): the in-flight message.

    The server has the message but the worker dies before recording it, so it is
    sent again, with the same Message-ID. Every other recipient still gets one.
    """
    settings.NOTIFICATIONS_BATCH_SIZE = 100
    box = {}
    smtp_sink.after_accept = _kill_worker_at(smtp_sink, box, message_number=150)
    with outbox_worker(private_redis, smtp_sink) as first:
        box["worker"] = first
        with transaction.atomic():
            notification_enqueue_many(drafts=drafts(300, prefix="inflight"))
        wait_until(lambda: "killed_at_message" in box, timeout=120, message="never reached 150")
    smtp_sink.after_accept = None
    in_flight = smtp_sink.messages[149]

    _recover(private_redis, smtp_sink, settings, expected=301)

    by_id = smtp_sink.by_message_id()
    assert by_id[in_flight.message_id] == 2
    assert {mid: n for mid, n in by_id.items() if mid != in_flight.message_id} == {
        message_id_for(f"inflight:{n}"): 1
        for n in range(300)
        if message_id_for(f"inflight:{n}") != in_flight.message_id
    }
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 300


def test_two_workers_racing_on_the_same_batches_never_send_a_row_twice(
    private_redis, smtp_sink, settings
):
    from notifications.tasks import send_batch

    settings.NOTIFICATIONS_BATCH_SIZE = 1000
    with transaction.atomic():
        notification_enqueue_many(drafts=drafts(600, prefix="race"))
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    # Already queued once on commit; queue the very same batches 7 more times,
    # in halves and reversed, for two workers of two processes each to fight over.
    for _ in range(3):
        send_batch.delay(ids)
        send_batch.delay(ids[:300])
        send_batch.delay(list(reversed(ids)))
    with outbox_workers(private_redis, smtp_sink, count=2, concurrency=2):
        wait_until(lambda: smtp_sink.count() >= 600, timeout=120, message="not all 600 arrived")
        settle(private_redis, sweepers=[notification_sweep])

    assert_exactly_once(smtp_sink, count=600, prefix="race")


def test_a_replayed_fanout_through_the_real_worker_sends_nothing_new(private_redis, smtp_sink):
    with outbox_worker(private_redis, smtp_sink):
        with transaction.atomic():
            assert notification_enqueue_many(drafts=drafts(200, prefix="replay")) == 200
        wait_until(lambda: smtp_sink.count() >= 200, timeout=60)
        with transaction.atomic():  # the same event, replayed
            assert notification_enqueue_many(drafts=drafts(200, prefix="replay")) == 0
            assert not notification_enqueue(
                kind="staff_test_email",
                to_email="r0@example.com",
                idempotency_key="replay:0",
                context=CONTEXT,
            )
        settle(private_redis, sweepers=[notification_sweep])

    assert_exactly_once(smtp_sink, count=200, prefix="replay")
    assert Notification.objects.count() == 200


def test_a_greylisted_message_is_retried_by_the_worker_after_its_back_off(private_redis, smtp_sink):
    refusals = []

    def greylist_first_attempt(envelope):
        if not refusals:
            refusals.append(time.monotonic())
            return "451 4.7.1 Greylisted, please try again later"
        return None

    smtp_sink.before_accept = greylist_first_attempt
    with outbox_worker(
        private_redis, smtp_sink, extra_env={"NOTIFICATIONS_RETRY_BASE_SECONDS": "1"}
    ):
        with transaction.atomic():
            notification_enqueue(
                kind="staff_test_email",
                to_email="r0@example.com",
                idempotency_key="grey:0",
                context=CONTEXT,
            )
        wait_until(lambda: smtp_sink.count() >= 1, timeout=60, message="never retried")
        delivered_after = time.monotonic() - refusals[0]

    assert delivered_after >= 0.75  # waited for its back-off (1 s), not at once
    row = Notification.objects.get()
    assert (row.status, row.attempts, row.last_error) == (NotificationStatus.SENT, 2, "")
    assert_exactly_once(smtp_sink, count=1, prefix="grey")
