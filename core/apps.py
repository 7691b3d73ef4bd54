from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Service"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_staff_idle_clock

        user_logged_in.connect(start_staff_idle_clock, dispatch_uid="core.staff_idle_clock")
