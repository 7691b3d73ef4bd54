"""WSGI entry point (gunicorn toex_recruit.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")
application = get_wsgi_application()
