from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = "Candidates"

    def ready(self):
        from . import emails  # noqa: F401 - registers the sign-in email with the outbox
