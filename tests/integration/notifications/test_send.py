"""Sending over real SMTP (the recording sink): claims, retries, permanent failures."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.services import (
    NotificationDraft,
    message_id_for,
    notification_enqueue_many,
    notification_send_batch,
)

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {"requested_at": "1 December 2026 at 9:00am"}


def make_rows(count, *, prefix="send"):
    """Pending rows, committed, with nothing queued (the test sends them itself)."""
    notification_enqueue_many(
        drafts=(
            NotificationDraft("staff_test_email", f"p{n}@example.com", f"{prefix}:{n}", CONTEXT)
            for n in range(count)
        )
    )
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


@pytest.fixture
def no_auto_send(private_redis):
    """Tasks go to a Redis of the test's own that no worker consumes: tests drive sends."""
    return private_redis


def test_a_batch_goes_over_one_smtp_connection_with_deterministic_message_ids(
    smtp_to_sink, no_auto_send
):
    ids = make_rows(5)
    sessions_before = smtp_to_sink.sessions

    result = notification_send_batch(ids=ids)

    assert result.sent == 5
    assert smtp_to_sink.sessions - sessions_before == 1
    assert smtp_to_sink.by_message_id() == {message_id_for(f"send:{n}"): 1 for n in range(5)}
    assert smtp_to_sink.by_recipient() == {f"p{n}@example.com": 1 for n in range(5)}
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_the_same_batch_sent_again_sends_nothing_more(smtp_to_sink, no_auto_send):
    ids = make_rows(3)
    notification_send_batch(ids=ids)
    again = notification_send_batch(ids=ids)
    assert again.sent == 0
    assert smtp_to_sink.count() == 3


def test_a_row_claimed_by_another_worker_is_not_sent(smtp_to_sink, no_auto_send):
    ids = make_rows(2)
    Notification.objects.filter(pk=ids[0]).update(
        status=NotificationStatus.SENDING, claimed_at=timezone.now(), claim_token="other"
    )
    result = notification_send_batch(ids=ids)
    assert result.sent == 1
    assert smtp_to_sink.by_recipient() == {"p1@example.com": 1}


def test_a_permanent_refusal_fails_the_row_with_its_error_and_the_rest_are_sent(
    smtp_to_sink, no_auto_send, caplog
):
    ids = make_rows(3)
    smtp_to_sink.rcpt_replies["p1@example.com"] = "550 5.1.1 Mailbox does not exist"

    result = notification_send_batch(ids=ids)

    assert (result.sent, result.failed) == (2, 1)
    failed = Notification.objects.get(pk=ids[1])
    assert failed.status == NotificationStatus.FAILED
    assert "550" in failed.last_error and "Mailbox does not exist" in failed.last_error
    assert smtp_to_sink.by_recipient() == {"p0@example.com": 1, "p2@example.com": 1}
    [logged] = [r.getMessage() for r in caplog.records if "refused permanently" in r.getMessage()]
    assert "550" in logged and "@" not in logged  # the code, never the address


def test_a_transient_refusal_backs_off_and_succeeds_on_a_later_attempt(
    smtp_to_sink, no_auto_send, settings
):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    [pk] = make_rows(1)
    smtp_to_sink.rcpt_replies["p0@example.com"] = "451 4.7.1 Greylisted, try again later"

    before = timezone.now()
    result = notification_send_batch(ids=[pk])

    assert result.retried == 1
    row = Notification.objects.get(pk=pk)
    assert row.status == NotificationStatus.PENDING
    assert row.attempts == 1
    assert "451" in row.last_error
    assert row.available_at >= before + timedelta(seconds=59)
    # Not due yet: a re-delivered task does not send it early.
    assert notification_send_batch(ids=[pk]).sent == 0

    del smtp_to_sink.rcpt_replies["p0@example.com"]
    Notification.objects.filter(pk=pk).update(available_at=timezone.now())
    assert notification_send_batch(ids=[pk]).sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (NotificationStatus.SENT, 2, "")


def test_back_off_doubles_and_the_row_fails_at_the_attempt_limit(
    smtp_to_sink, no_auto_send, settings
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 10
    [pk] = make_rows(1)
    smtp_to_sink.before_accept = lambda envelope: "452 4.3.1 Insufficient system storage"
    delays = []
    for _ in range(3):
        Notification.objects.filter(pk=pk).update(available_at=timezone.now())
        start = timezone.now()
        notification_send_batch(ids=[pk])
        row = Notification.objects.get(pk=pk)
        if row.status == NotificationStatus.PENDING:
            delays.append(round((row.available_at - start).total_seconds()))
    assert delays == [10, 20]
    assert row.status == NotificationStatus.FAILED
    assert row.last_error.startswith("Gave up after 3 attempts")
    assert smtp_to_sink.count() == 0


def test_an_unreachable_smtp_server_is_transient_for_the_whole_batch(
    smtp_to_sink, no_auto_send, settings
):
    ids = make_rows(3)
    smtp_to_sink.stop()  # connection refused

    result = notification_send_batch(ids=ids)

    assert result.retried == 3
    rows = Notification.objects.all()
    assert {row.status for row in rows} == {NotificationStatus.PENDING}
    assert all("Connection refused" in row.last_error or "Errno" in row.last_error for row in rows)
    smtp_to_sink.start()  # for the fixture's teardown


def test_a_send_rate_limit_spaces_the_messages(smtp_to_sink, no_auto_send, settings):
    import time

    settings.NOTIFICATIONS_MAX_PER_SECOND = 10
    ids = make_rows(6)
    start = time.monotonic()
    notification_send_batch(ids=ids)
    assert time.monotonic() - start >= 0.5  # 6 messages at 10/s: 5 gaps of 0.1s
    assert smtp_to_sink.count() == 6


def test_kind_headers_are_sent_with_the_message(smtp_to_sink, no_auto_send):
    from notifications import kinds

    kind = kinds.EmailKind(
        name="test_with_headers",
        subject="Hello {{ first_name }}",
        text_template="emails/staff_test_email.txt",
        html_template="emails/staff_test_email.html",
        example_context={"requested_at": "now", "first_name": "Sam"},
        headers=lambda context: {
            "List-Unsubscribe": f"<https://example.com/u/{context['first_name']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    kinds.register(kind)
    try:
        notification_enqueue_many(
            drafts=[NotificationDraft(kind.name, "h@example.com", "hdr:1", kind.example_context)]
        )
        notification_send_batch(ids=list(Notification.objects.values_list("pk", flat=True)))
    finally:
        kinds._REGISTRY.pop(kind.name)
    [received] = smtp_to_sink.messages
    assert received.subject == "Hello Sam"
    assert b"List-Unsubscribe: <https://example.com/u/Sam>" in received.raw
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in received.raw


def test_a_row_taken_back_by_the_sweeper_mid_batch_is_not_sent_by_the_old_claimer(
    smtp_to_sink, no_auto_send
):
    """Even with a lease set too short, a live worker never sends a row it lost."""
    ids = make_rows(3)

    def take_back():
        Notification.objects.filter(pk=ids[2]).update(
            status=NotificationStatus.PENDING, claim_token="", claimed_at=None
        )
        connection.close()

    def sweeper_takes_back_the_last_row(envelope):
        if not smtp_to_sink.messages:  # while the first message is being accepted
            # Django's ORM refuses to run inside the sink's event loop: another thread.
            thread = threading.Thread(target=take_back)
            thread.start()
            thread.join(timeout=10)

    smtp_to_sink.before_accept = sweeper_takes_back_the_last_row
    result = notification_send_batch(ids=ids)

    assert result.sent == 2
    assert smtp_to_sink.by_recipient() == {"p0@example.com": 1, "p1@example.com": 1}
    assert Notification.objects.get(pk=ids[2]).status == NotificationStatus.PENDING
