from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Service"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started

        from .log_format import finish_request, start_request
        from .middleware import start_staff_idle_clock

        user_logged_in.connect(start_staff_idle_clock, dispatch_uid="core.staff_idle_clock")
        request_started.connect(start_request, dispatch_uid="core.request_id_start")
        request_finished.connect(finish_request, dispatch_uid="core.request_id_finish")
