"""Print a demo user's current two-factor code, so ``make run`` needs no phone.

Refuses with DEBUG off: in a real deployment nobody may read a colleague's code.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.selectors import totp_code_for
from accounts.sign_in_rules import describe_wait


class Command(BaseCommand):
    help = "Print the current two-factor sign-in code of a demo staff user (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_totp only runs with DEBUG=true: it reads a staff user's secret, "
                "which must never happen in a real deployment."
            )
        device = (
            TOTPDevice.objects.filter(user__username=username, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{username} has no authenticator set up. Run `manage.py seed_demo` first, "
                "or sign in as them and set one up."
            )
        code, seconds_left = totp_code_for(device)
        self.stdout.write(code)
        self.stderr.write(f"(changes in {describe_wait(seconds_left)}; each code works once)")
