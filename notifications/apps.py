from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Email outbox"

    def ready(self):
        # Registers the system checks and email kinds, and the worker heartbeat signals.
        from . import checks, emails, liveness  # noqa: F401
