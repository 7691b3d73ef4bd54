"""`manage.py send_test_email <address>`: send one test email through the outbox.

For ops to check SMTP end to end: the email goes through the same queue,
worker and SMTP connection as every other one.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core.govuk_dates import govuk_datetime
from notifications.services import notification_enqueue


class Command(BaseCommand):
    help = "Queue a test email to the given address, to check that email is working."

    def add_arguments(self, parser):
        parser.add_argument("address")

    def handle(self, *args, address, **options):
        try:
            validate_email(address)
        except ValidationError:
            raise CommandError(f"{address!r} is not an email address") from None
        key = f"staff_test_email:{uuid.uuid4().hex}"
        with transaction.atomic():
            notification_enqueue(
                kind="staff_test_email",
                to_email=address,
                idempotency_key=key,
                context={"requested_at": govuk_datetime(timezone.now())},
            )
        self.stdout.write(f"Test email queued (idempotency key {key}).")
