from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff and ROCUs"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import sync_role_permissions_after_migrate

        post_migrate.connect(sync_role_permissions_after_migrate, sender=self)
