from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _rocu_saved(sender, **kwargs):
    from . import cache

    transaction.on_commit(cache.public_pages_changed)


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies"

    def ready(self):
        # Vetting sits below vacancies and may not import it: hand it the readers
        # its self-check needs (vetting/adverts.py).
        from accounts.models import Rocu
        from vetting import adverts

        from . import cache, selectors

        adverts.register_source(
            list_open=selectors.vacancy_list_open_for_self_check,
            get_open=selectors.vacancy_get_open_for_self_check,
            references_naming=selectors.vacancy_references_naming_level,
            levels_by_reference=selectors.vacancy_levels_by_reference,
            pages_changed=cache.public_pages_changed,
            rocus_with_open=selectors.rocu_list_with_open_vacancy_counts_for_self_check,
            pages_version=cache.current_version_if_reachable,
        )
        # Advert pages show their ROCU's vetting unit and are cached until a change;
        # accounts sits below vacancies, so vacancies listens for a ROCU being saved.
        post_save.connect(_rocu_saved, sender=Rocu, dispatch_uid="vacancies-rocu-saved")
        # The self-check keeps open adverts per process until the version moves after
        # commit; a save in this process (a test's factory too) forgets them at once.
        from vetting.selectors import self_check_adverts_forget

        from .models import Vacancy

        for sender in (Rocu, Vacancy):
            post_save.connect(self_check_adverts_forget, sender=sender, weak=False)
            post_delete.connect(self_check_adverts_forget, sender=sender, weak=False)
