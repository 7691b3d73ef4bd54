from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offers and pre-employment checks"

    def ready(self):
        from applications import extensions

        from . import (
            emails,  # noqa: F401 - registers the offer emails with the outbox
            panels,
            selectors,
            services,
        )

        extensions.register_move_listener(services.on_application_moved)
        extensions.register_check("medical", selectors.medical_cleared)
        extensions.register_check("right_to_work", selectors.right_to_work_checked)
        extensions.register_check("vetting", selectors.vetting_cleared)
        extensions.register_email_context(panels.email_context)
        extensions.register_admin_panel(panels.admin_panel)
        extensions.register_candidate_panel(panels.candidate_panel)
