"""Load demo data for local development: ``make run`` calls this.

Each app that has demo data provides ``<app>/demo.py`` with
``seed(*, write: Callable[[str], None]) -> None``, idempotent (a second run
creates nothing new). They run in INSTALLED_APPS order, so an app may rely on
the demo data of the apps listed before it.

An app's demo module may also provide ``sign_in_details(*, write)``: printed
last, after everything else (accounts prints where and how to sign in). Emails
the demo data causes are written to ``var/sent-mail/`` (the embedded default)
and counted, not printed.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core.mail import quiet_console


class Command(BaseCommand):
    help = "Create demo staff users and example data (refuses to run when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users with published passwords, so it only runs with "
                "DEBUG=true. It must never run against a real deployment."
            )
        demos = [
            import_module(f"{app_config.name}.demo")
            for app_config in apps.get_app_configs()
            if module_has_submodule(app_config.module, "demo")
        ]
        # Emails are sent after commit (the outbox), so the quiet block spans it.
        with quiet_console() as mail, transaction.atomic():
            for demo in demos:
                demo.seed(write=self.stdout.write)
        if mail.count:
            where = getattr(settings, "EMAIL_FILE_PATH", "the configured email backend")
            self.stdout.write(f"{mail.count} email(s) written to {where}/")
        for demo in demos:
            if hasattr(demo, "sign_in_details"):
                demo.sign_in_details(write=self.stdout.write)
