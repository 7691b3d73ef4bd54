"""App configuration: registers the email kinds and the vacancy_published receiver."""

from django.apps import AppConfig


class MailingListConfig(AppConfig):
    name = "mailing_list"
    verbose_name = "Recruitment mailing list"

    def ready(self):
        from vacancies.events import vacancy_published

        from . import receivers
        from .emails import register_kinds

        register_kinds()
        from privacy.registry import register_app

        from . import personal_data

        register_app(personal_data)  # subject access, erasure, retention (docs/privacy.md)
        vacancy_published.connect(
            receivers.record_alert_fan_out, dispatch_uid="mailing_list.record_alert_fan_out"
        )
