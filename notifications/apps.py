from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Email outbox"

    def ready(self):
        # Registers the system checks and email kinds, and the worker heartbeat signals.
        from privacy.registry import register_app

        from . import checks, emails, liveness, personal_data  # noqa: F401

        register_app(personal_data)  # subject access, erasure, retention (docs/privacy.md)
