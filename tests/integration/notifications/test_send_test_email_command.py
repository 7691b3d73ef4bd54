"""`manage.py send_test_email <address>` sends one email through the outbox."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Notification, NotificationStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_send_test_email_queues_and_sends_one_test_email_over_smtp(smtp_to_sink):
    call_command("send_test_email", "ops@example.com")
    row = Notification.objects.get()
    assert row.kind == "staff_test_email"
    assert row.status == NotificationStatus.SENT
    [received] = smtp_to_sink.messages
    assert received.recipients == ("ops@example.com",)
    assert "test email" in received.subject
    assert mail.outbox == []


def test_send_test_email_refuses_something_that_is_not_an_address():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("send_test_email", "not-an-address")
    assert not Notification.objects.exists()
