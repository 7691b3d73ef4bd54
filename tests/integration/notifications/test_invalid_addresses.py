"""Hole 2: one bad address never stops the outbox.

On main ``nasty@exa\\u202emple.com`` passed validation, and sending it raised
``UnicodeError`` out of the send loop: the whole batch stopped and its rows
stayed claimed until the lease ran out. Now an address is checked wherever it
enters (the sign-up form, the outbox's enqueue, ``send_test_email``), and the
send loop sets aside any row that cannot be sent, with a reason code, while the
rest of the batch goes out.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from mailing_list.models import Subscriber
from notifications.models import FailureReason, Notification, NotificationStatus
from notifications.services import (
    NotificationDraft,
    notification_enqueue,
    notification_enqueue_many,
    notification_send_batch,
)

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {"requested_at": "1 December 2026 at 9:00am"}
RTL = "nasty@exa\u202emple.com"
POISON = [
    RTL,
    "long@" + "b" * 64 + ".com",  # cannot be IDNA-encoded: UnicodeError at send on main
    "sam@localhost",
]


def _insert_unchecked(addresses, *, prefix):
    """Rows as an older version (or a hand-written migration) might have left them:
    straight into the table, past every check, pending and due."""
    return [
        row.pk
        for row in Notification.objects.bulk_create(
            Notification(
                kind="staff_test_email",
                to_email=address,
                idempotency_key=f"{prefix}:{n}",
                context=CONTEXT,
            )
            for n, address in enumerate(addresses)
        )
    ]


def test_enqueue_records_a_bad_address_as_failed_and_never_queues_it(private_redis):
    with transaction.atomic():
        assert notification_enqueue(
            kind="staff_test_email", to_email=RTL, idempotency_key="rtl:1", context=CONTEXT
        )

    row = Notification.objects.get(idempotency_key="rtl:1")
    assert row.status == NotificationStatus.FAILED
    assert row.failure_reason == FailureReason.INVALID_ADDRESS
    assert row.attempts == 0
    from redis import Redis

    assert Redis.from_url(private_redis.url).llen(private_redis.queue) == 0


def test_a_fan_out_with_bad_addresses_writes_them_failed_and_queues_the_rest(private_redis):
    addresses = [f"p{n}@example.com" for n in range(7)] + POISON
    with transaction.atomic():
        created = notification_enqueue_many(
            drafts=(
                NotificationDraft("staff_test_email", address, f"fan:{n}", CONTEXT)
                for n, address in enumerate(addresses)
            )
        )

    assert created == 10
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 7
    failed = Notification.objects.filter(status=NotificationStatus.FAILED)
    assert sorted(failed.values_list("to_email", flat=True)) == sorted(POISON)
    assert set(failed.values_list("failure_reason", flat=True)) == {"invalid_address"}


def test_the_send_loop_sets_aside_bad_rows_and_sends_the_rest(smtp_to_sink, private_redis):
    addresses = ["a@example.com", RTL, "b@example.com", POISON[1], "c@example.com"]
    ids = _insert_unchecked(addresses, prefix="loop")
    # A header an attacker managed to put in a context: refused by the mail library
    # (BadHeaderError, not an SMTP error) — on main that too stopped the batch.
    (injected,) = Notification.objects.bulk_create(
        [
            Notification(
                kind="mailing_list_alert",
                to_email="d@example.com",
                idempotency_key="loop:injected",
                context={
                    "first_name": "Sam",
                    "advert": {"title": "x", "rocu_name": "y", "url": "https://x.example/"},
                    "manage_url": "https://x.example/m/",
                    "unsubscribe_url": "https://x.example/u/\r\nBcc: evil@example.com",
                },
            )
        ]
    )

    result = notification_send_batch(ids=[*ids, injected.pk])

    assert result.sent == 3
    assert result.failed == 3
    assert smtp_to_sink.by_recipient() == {f"{x}@example.com": 1 for x in "abc"}
    statuses = dict(Notification.objects.values_list("to_email", "status"))
    assert statuses[RTL] == statuses[POISON[1]] == statuses["d@example.com"] == "failed"
    reasons = dict(Notification.objects.values_list("to_email", "failure_reason"))
    assert reasons[RTL] == reasons[POISON[1]] == FailureReason.INVALID_ADDRESS
    assert reasons["d@example.com"] == FailureReason.UNEXPECTED_ERROR
    assert not Notification.objects.filter(status=NotificationStatus.SENDING).exists()


@pytest.mark.parametrize("address", POISON + ["sam@[127.0.0.1]", "x" * 65 + "@example.com"])
def test_the_sign_up_form_refuses_an_address_we_cannot_send_to(client, address):
    from django.core.cache import cache

    cache.clear()
    response = client.post(
        "/register-interest/",
        {"email": address, "first_name": "Sam", "where": "anywhere", "frequency": "weekly"},
    )

    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not Notification.objects.exists()


def test_send_test_email_refuses_an_address_we_cannot_send_to():
    with pytest.raises(CommandError, match="not an email address we can send to"):
        call_command("send_test_email", RTL)
