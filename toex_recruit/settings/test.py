"""Settings for the test suite: base settings on PostgreSQL and Redis, made fast.

The suite always runs on PostgreSQL and a real Redis (never the embedded SQLite
default), so both URLs get local defaults that DATABASE_URL / REDIS_URL override.
Tasks run eagerly unless a test starts a real worker (tests/integration/celery).
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toex_recruit")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:1025")
os.environ.setdefault("SITE_URL", "https://recruit.toex.test")

from .base import *  # noqa: E402, F403
from .base import CACHES  # noqa: E402

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
CELERY_TASK_ALWAYS_EAGER = True
# Django's test client.login() passes no request, which django-axes refuses; the
# lock-out tests switch it back on (tests/integration/accounts/test_staff_login.py).
AXES_ENABLED = False
# Each test run keys its cache apart, so runs on one Redis do not see each other.
CACHES["default"]["KEY_PREFIX"] = f"toex-test-{os.getpid()}"
# No collectstatic in tests: WhiteNoise serves from the finders.
WHITENOISE_AUTOREFRESH = True
# live_server serves /static/ through the finders, which know no hashed names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
