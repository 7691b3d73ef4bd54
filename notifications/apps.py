from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Email outbox"

    def ready(self):
        from . import emails  # noqa: F401  registers this app's email kinds
