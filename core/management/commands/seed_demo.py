"""Load demo data for local development: ``make run`` calls this.

Each app that has demo data provides ``<app>/demo.py`` with
``seed(*, write: Callable[[str], None]) -> None``, idempotent (a second run
creates nothing new). They run in INSTALLED_APPS order, so an app may rely on
the demo data of the apps listed before it.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Create demo staff users and example data (refuses to run when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users with published passwords, so it only runs with "
                "DEBUG=true. It must never run against a real deployment."
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    demo = import_module(f"{app_config.name}.demo")
                    demo.seed(write=self.stdout.write)
