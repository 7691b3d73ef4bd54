"""App configuration: role permissions after migrate, the invitation email kind, checks."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff and ROCUs"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .emails import register_kinds
        from .roles import sync_role_permissions_after_migrate

        post_migrate.connect(sync_role_permissions_after_migrate, sender=self)
        register_kinds()
