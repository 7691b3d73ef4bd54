"""notification_enqueue / notification_enqueue_many: one row per key, queued after commit."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification, NotificationStatus
from notifications.services import (
    NotificationDraft,
    message_id_for,
    notification_enqueue,
    notification_enqueue_many,
)

pytestmark = pytest.mark.django_db

CONTEXT = {"requested_at": "1 December 2026 at 9:00am"}


def enqueue(key="test:1", to="person@example.com"):
    return notification_enqueue(
        kind="staff_test_email", to_email=to, idempotency_key=key, context=CONTEXT
    )


def test_enqueue_writes_one_pending_row_and_sends_only_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert enqueue() is True
    row = Notification.objects.get()
    assert (row.kind, row.to_email, row.status, row.attempts) == (
        "staff_test_email",
        "person@example.com",
        NotificationStatus.PENDING,
        0,
    )
    assert row.context == CONTEXT
    assert mail.outbox == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: the (eager) task sends it
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.sent_at is not None
    assert row.attempts == 1
    [message] = mail.outbox
    assert message.to == ["person@example.com"]
    assert message.extra_headers["Message-ID"] == message_id_for("test:1")
    assert "1 December 2026 at 9:00am" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "1 December 2026 at 9:00am" in html


def test_enqueueing_the_same_key_twice_creates_and_sends_nothing_new(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue() is True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert enqueue(to="someone-else@example.com") is False
    assert callbacks == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue()
                raise RuntimeError("the change that caused the email failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_unknown_kind_is_refused_at_enqueue():
    with pytest.raises(LookupError):
        notification_enqueue(
            kind="no_such_kind", to_email="a@example.com", idempotency_key="k", context={}
        )
    assert not Notification.objects.exists()


def test_a_context_that_is_not_json_is_refused_at_enqueue():
    import datetime

    with pytest.raises(TypeError):
        notification_enqueue(
            kind="staff_test_email",
            to_email="a@example.com",
            idempotency_key="k",
            context={"when": datetime.date(2026, 1, 1)},
        )


def drafts(count, *, prefix="fanout", start=0):
    for number in range(start, start + count):
        yield NotificationDraft(
            kind="staff_test_email",
            to_email=f"person{number}@example.com",
            idempotency_key=f"{prefix}:{number}",
            context=CONTEXT,
        )


def test_enqueue_many_inserts_in_chunks_and_queues_one_task_per_chunk(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BATCH_SIZE = 40
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notification_enqueue_many(drafts=drafts(100)) == 100
    assert len(callbacks) == 3  # 40 + 40 + 20
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 100
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"person{number}@example.com" for number in range(100)
    )


def test_enqueue_many_again_with_overlapping_keys_adds_only_the_new_ones(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BATCH_SIZE = 40
    with django_capture_on_commit_callbacks(execute=True):
        notification_enqueue_many(drafts=drafts(50))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_enqueue_many(drafts=drafts(70)) == 20  # keys 50..69
    assert Notification.objects.count() == 70
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"person{number}@example.com" for number in range(50, 70)
    )


def test_enqueue_many_consumes_its_drafts_one_chunk_at_a_time(settings):
    """Memory flat in the number of drafts: never more than a chunk pulled ahead."""
    settings.NOTIFICATIONS_BATCH_SIZE = 25
    pulled = 0
    most_ahead = 0

    def counting_drafts():
        nonlocal pulled, most_ahead
        for draft in drafts(200):
            pulled += 1
            most_ahead = max(most_ahead, pulled - Notification.objects.count())
            yield draft

    with transaction.atomic():
        assert notification_enqueue_many(drafts=counting_drafts()) == 200
    assert most_ahead <= 25


def test_ids_waiting_for_commit_are_held_as_ranges_and_queued_exactly():
    from notifications.services import _as_ranges

    assert _as_ranges([3, 4, 5, 9, 11, 12]) == ((3, 5), (9, 9), (11, 12))
    assert _as_ranges([]) == ()
