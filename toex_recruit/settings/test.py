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
from .base import BASE_DIR, CACHES, STATICFILES_DIRS  # noqa: E402

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
# Each test process (each xdist worker) keys its cache apart, so runs and workers
# on one Redis do not see each other, and clears only its own keys: Django's
# clear() is FLUSHDB, which would empty the other workers' rate-limit counters and
# the Celery broker's queues in the same database (tests/support/redis_cache.py).
CACHES["default"]["KEY_PREFIX"] = f"toex-test-{os.getpid()}"
CACHES["default"]["BACKEND"] = "tests.support.redis_cache.RedisCache"
# Every page served from a frame with holes (core/rendered_once.py) is also rendered
# as usual and must give the same bytes, so every test of those pages checks it.
RENDERED_ONCE_VERIFY = True
# The self-check reads the public pages' version on every page, so a test that moves
# it sees the change on its next request; the one-second hold production uses is
# tested on its own (tests/integration/vetting/test_self_check_kept_data.py).
VETTING_SELF_CHECK_VERSION_SECONDS = 0
# The same for the job board's version (vacancies/cache.py; its hold is tested in
# tests/integration/vacancies/test_public_cache.py).
VACANCIES_PUBLIC_VERSION_SECONDS = 0
# No collectstatic in tests: WhiteNoise serves from the finders.
WHITENOISE_AUTOREFRESH = True
# live_server serves /static/ through the finders, which know no hashed names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# tests/support/postgresql: Django's PostgreSQL backend, but the flush after each
# transactional test DELETEs rows instead of TRUNCATEing tables (50 times faster
# here; see that module). And no commit waits for its WAL to reach the disk: a
# crash could lose the last commits of a database the run drops anyway, while the
# suite commits thousands of times (transactional tests, real workers). Worker
# processes use these settings too, so they commit the same way.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.support.postgresql"  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
# The browser tests' axe-core, served by live_server like any static file: a page
# loads it as a same-origin script, cheaper than sending its 650 kB through the
# DevTools protocol at every check (tests/browser/conftest.py, _inject_axe).
STATICFILES_DIRS = [
    *STATICFILES_DIRS,
    ("tests-browser-vendor", BASE_DIR / "tests" / "browser" / "vendor"),
]
