from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "References"

    def ready(self):
        from applications import extensions
        from privacy.registry import register_app

        from . import (
            emails,  # noqa: F401 - registers the reference emails with the outbox
            panels,
            personal_data,
            selectors,
            services,
        )

        extensions.register_move_listener(services.reference_requests_on_move)
        extensions.register_check("references", selectors.references_cleared)
        extensions.register_admin_panel(panels.admin_panel)
        extensions.register_candidate_panel(panels.candidate_panel)
        register_app(personal_data)  # subject access, erasure, retention (docs/privacy.md)
