"""The Celery application: one instance, configured from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")

app = Celery("toex_recruit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
