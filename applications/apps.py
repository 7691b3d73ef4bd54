from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from privacy.registry import register_app

        from . import (
            emails,  # noqa: F401 - registers the application emails with the outbox
            personal_data,
        )

        register_app(personal_data)  # subject access, erasure, retention (docs/privacy.md)
        from . import admin_privacy

        admin_privacy.register()
