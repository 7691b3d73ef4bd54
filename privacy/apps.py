from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy and audit"

    def ready(self):
        from . import personal_data, registry

        registry.register_app(personal_data)
