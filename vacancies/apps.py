from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies"

    def ready(self):
        # Vetting sits below vacancies and may not import it: hand it the readers
        # its self-check needs (vetting/adverts.py).
        from vetting import adverts

        from . import selectors

        adverts.register_source(
            list_open=selectors.vacancy_list_open_for_self_check,
            get_open=selectors.vacancy_get_open_for_self_check,
        )
