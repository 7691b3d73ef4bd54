"""`manage.py send_test_email <address>`: send one test email through the outbox.

For ops to check SMTP end to end: the email goes through the same queue,
worker and SMTP connection as every other one.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.govuk_dates import govuk_datetime
from notifications.addresses import InvalidEmailAddress, check_email_address
from notifications.services import notification_enqueue


class Command(BaseCommand):
    help = "Queue a test email to the given address, to check that email is working."

    def add_arguments(self, parser):
        parser.add_argument("address")

    def handle(self, *args, address, **options):
        try:
            check_email_address(address)
        except InvalidEmailAddress as problem:
            raise CommandError(
                f"{address!r} is not an email address we can send to: {problem}"
            ) from None
        key = f"staff_test_email:{uuid.uuid4().hex}"
        with transaction.atomic():
            notification_enqueue(
                kind="staff_test_email",
                to_email=address,
                idempotency_key=key,
                context={"requested_at": govuk_datetime(timezone.now())},
            )
        self.stdout.write(f"Test email queued (idempotency key {key}).")
