from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "References"

    def ready(self):
        from applications import extensions

        from . import (
            emails,  # noqa: F401 - registers the reference emails with the outbox
            panels,
            selectors,
            services,
        )

        extensions.register_move_listener(services.reference_requests_on_move)
        extensions.register_check("references", selectors.references_cleared)
        extensions.register_admin_panel(panels.admin_panel)
        extensions.register_candidate_panel(panels.candidate_panel)
