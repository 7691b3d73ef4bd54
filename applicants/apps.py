from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = "Candidates"

    def ready(self):
        from privacy.registry import register_app

        from . import (
            emails,  # noqa: F401 - registers the sign-in email with the outbox
            personal_data,
        )

        register_app(personal_data)  # subject access, erasure, retention (docs/privacy.md)
