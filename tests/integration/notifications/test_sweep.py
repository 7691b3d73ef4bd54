"""The sweeper re-queues rows never queued, and rows whose worker died."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.services import NotificationDraft, notification_enqueue_many, notification_sweep
from notifications.tasks import sweep_outbox

pytestmark = pytest.mark.django_db

CONTEXT = {"requested_at": "1 December 2026 at 9:00am"}


@pytest.fixture
def rows(settings):
    """Three committed-looking pending rows whose after-commit task never ran."""
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 120
    settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS = 360
    notification_enqueue_many(
        drafts=[
            NotificationDraft("staff_test_email", f"s{n}@example.com", f"sweep:{n}", CONTEXT)
            for n in range(3)
        ]
    )  # no on-commit: the test transaction never commits, like a lost task
    return list(Notification.objects.order_by("pk"))


def age(pk, **fields):
    Notification.objects.filter(pk=pk).update(**fields)


def test_pending_rows_past_the_grace_period_are_sent_and_recent_ones_left(rows):
    old = timezone.now() - timedelta(seconds=121)
    age(rows[0].pk, available_at=old)
    age(rows[1].pk, available_at=old)

    result = notification_sweep()

    assert result.queued == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["s0@example.com", "s1@example.com"]
    assert Notification.objects.get(pk=rows[2].pk).status == NotificationStatus.PENDING


def test_a_claim_older_than_the_lease_is_taken_back_and_sent(rows):
    now = timezone.now()
    age(rows[0].pk, status="sending", claimed_at=now - timedelta(seconds=361), attempts=1)
    age(rows[1].pk, status="sending", claimed_at=now - timedelta(seconds=30), attempts=1)

    result = notification_sweep()

    assert result.reclaimed == 1
    first, second = (Notification.objects.get(pk=row.pk) for row in rows[:2])
    assert (first.status, first.attempts) == (NotificationStatus.SENT, 2)
    assert second.status == NotificationStatus.SENDING  # its worker may still be at it
    assert [message.to[0] for message in mail.outbox] == ["s0@example.com"]


def test_a_row_whose_worker_died_on_every_attempt_fails_instead_of_looping(rows, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    age(rows[0].pk, status="sending", claimed_at=timezone.now() - timedelta(hours=1), attempts=3)

    result = notification_sweep()

    assert result.abandoned == 1
    row = Notification.objects.get(pk=rows[0].pk)
    assert row.status == NotificationStatus.FAILED
    assert "worker" in row.last_error
    assert mail.outbox == []


def test_sent_and_failed_rows_are_never_swept(rows):
    old = timezone.now() - timedelta(days=1)
    age(rows[0].pk, status="sent", available_at=old)
    age(rows[1].pk, status="failed", available_at=old)
    assert notification_sweep().queued == 0
    assert mail.outbox == []


def test_the_sweeper_is_on_the_beat_schedule_and_runs_as_a_task(rows, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"]
    assert entry["task"] == "notifications.tasks.sweep_outbox"
    assert entry["schedule"] <= 60
    age(rows[0].pk, available_at=timezone.now() - timedelta(seconds=121))
    assert sweep_outbox.delay().get()["queued"] == 1
    assert len(mail.outbox) == 1


def test_a_row_the_sweeper_queued_gets_a_fresh_grace_period(rows, private_redis):
    """A row waiting behind a long queue is not queued again by every sweep."""
    import redis

    broker = redis.Redis.from_url(private_redis.url)  # its own Redis: no worker consumes it
    age(rows[0].pk, available_at=timezone.now() - timedelta(seconds=121))

    assert notification_sweep().queued == 1
    assert notification_sweep().queued == 0
    assert broker.llen(private_redis.queue) == 1
    assert Notification.objects.get(pk=rows[0].pk).status == NotificationStatus.PENDING
