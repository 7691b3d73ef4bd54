from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Email outbox"

    def ready(self):
        from . import checks, emails  # noqa: F401  registers the system checks and email kinds
