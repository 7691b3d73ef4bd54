from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = "Assessment and interview slots"

    def ready(self):
        from applications import extensions

        from . import (
            calendar,
            emails,  # noqa: F401 - registers the booking emails with the outbox
            panels,
            selectors,
            services,
        )

        extensions.register_email_context(services.booking_email_context)
        extensions.register_email_attachment(calendar.calendar_attachments)
        extensions.register_move_listener(services.bookings_release_on_move)
        extensions.register_admin_panel(panels.admin_panel)
        extensions.register_candidate_panel(panels.candidate_panel)
        extensions.register_invariant(
            "live booking for an ended application", selectors.live_bookings_of_ended_applications
        )
