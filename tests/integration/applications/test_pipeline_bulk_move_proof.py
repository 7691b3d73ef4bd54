"""Proof on a real worker: a bulk move's emails survive a SIGKILL in the middle of sending.

HR moves 200 applications at sift to unsuccessful in one bulk move. A real
Celery worker (2 processes, paced so the kill lands mid-way) starts sending the
200 emails to a recording SMTP sink and is killed with SIGKILL; a new worker and
``celery beat`` (the outbox's sweeper, as in production, on shorter clocks: see
``QUICK_SWEEPER``) finish the job. Every
candidate then holds exactly one email for that move: one Message-ID each (the
outbox's, from the move's idempotency key), one outbox row each, all sent. A
second copy of the same message is possible only for an email a killed process
had on the wire (docs/outbox.md, the boundary case): at most one per process.
"""

from __future__ import annotations

import pytest

from applications import services
from applications.models import Application
from notifications.models import Notification, NotificationStatus
from notifications.services import message_id_for, notification_sweep
from tests.factories.accounts import rocu_hr
from tests.factories.applications import clone_applications, move, submitted_application
from tests.support.outbox import in_flight, outbox_beat, outbox_worker, settle
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.proof]

COUNT = 200
PROCESSES = 2
# Recovery is the same path as production's (the dead processes' heartbeat keys
# expire, beat's next sweep takes their claims back), on shorter clocks: a beat
# every second (TTL 3 s) and a sweep every second, where production waits up to
# 15 s for each (docs/outbox.md). For the worker and beat alike: the sweep runs
# on the worker, and judges a claim by its own heartbeat setting.
QUICK_SWEEPER = {
    "NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS": "1",
    "NOTIFICATIONS_SWEEP_INTERVAL_SECONDS": "1",
}


def sweep_everything_due():
    """The sweeper, taking back every row that is due (what beat's next runs would)."""
    notification_sweep(requeue_all_due=True)


def test_a_worker_killed_mid_bulk_move_leaves_every_candidate_exactly_one_email(
    private_redis, smtp_sink, settings
):
    settings.NOTIFICATIONS_BATCH_SIZE = 25  # several batches in flight at the kill
    hr = rocu_hr("nersou")
    template = move(submitted_application("template@example.com"), "sift", hr)
    moved = clone_applications(template, COUNT, "kill")  # at sift, like the template
    ids = [application.pk for application in moved]
    email_of = dict(Application.objects.filter(pk__in=ids).values_list("pk", "candidate__email"))
    expected = {email_of[pk]: message_id_for(f"application:{pk}:unsuccessful") for pk in ids}

    with outbox_beat(private_redis, smtp_sink, extra_env=QUICK_SWEEPER):
        # 20 a second: the kill lands mid-way
        paced = {"NOTIFICATIONS_MAX_PER_SECOND": "10", **QUICK_SWEEPER}
        with outbox_worker(
            private_redis, smtp_sink, concurrency=PROCESSES, extra_env=paced
        ) as first:
            result = services.application_move_many(
                application_ids=ids,
                from_stage="sift",
                by=hr,
                request=services.MoveRequest("unsuccessful", reasons=("posts_filled",)),
                bulk="proof-kill",
            )
            assert result.moved == COUNT and not result.refused
            wait_until(
                lambda: sum(smtp_sink.by_recipient()[email] for email in expected) >= 30,
                timeout=120,
                interval=0.01,
                message="the first worker sent nothing",
            )
            first.kill()  # SIGKILL to the whole process group
        dead = in_flight(private_redis)  # what the killed worker held: nobody works on it
        delivered_before = sum(smtp_sink.by_recipient()[email] for email in expected)
        assert delivered_before < COUNT

        with outbox_worker(
            private_redis, smtp_sink, concurrency=PROCESSES, extra_env=QUICK_SWEEPER
        ):
            wait_until(
                lambda: set(smtp_sink.by_recipient()) >= set(expected),
                timeout=120,
                interval=0.1,
                message="not every candidate got the email after the restart",
            )
            # Every candidate can have the email while a row is still claimed by the
            # dead: the one a killed process had on the wire, accepted but not
            # recorded. Beat takes it back once that heartbeat expires; it goes again.
            rows = Notification.objects.filter(to_email__in=list(expected))
            wait_until(
                lambda: not rows.exclude(status=NotificationStatus.SENT).exists(),
                timeout=120,
                interval=0.1,
                message="rows the dead worker had claimed were never sent",
            )
            # Whatever is still in flight arrives; then the sweeper runs once more and
            # what it queued runs too: nothing more can arrive after this.
            settle(private_redis, sweepers=[sweep_everything_due], ignore=dead)

    received: dict[str, list[str]] = {}
    for message in smtp_sink.messages:
        for address in message.recipients:
            if address in expected:
                received.setdefault(address, []).append(message.message_id)
    print(  # noqa: T201 - the figure docs/performance.md quotes
        f"\nbulk move SIGKILL: {delivered_before} of {COUNT} delivered before the kill; "
        f"copies after the restart: {sum(len(ids) for ids in received.values()) - COUNT}"
    )
    assert set(received) == set(expected)
    # One email per candidate: every copy a candidate got is that move's message.
    assert {address: set(ids) for address, ids in received.items()} == {
        address: {message_id} for address, message_id in expected.items()
    }
    repeated = [address for address, ids in received.items() if len(ids) > 1]
    assert len(repeated) <= PROCESSES and all(len(received[a]) == 2 for a in repeated)
    assert rows.count() == COUNT
    assert set(rows.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(rows.values_list("kind", flat=True)) == {"application_unsuccessful"}
