"""Settings for TOEX Recruit, read from the environment in this one place.

Every variable is listed in the README's configuration table. Two modes:

* the **embedded default** (no DATABASE_URL / REDIS_URL): SQLite under ``var/``,
  Celery tasks run eagerly in-process, email written to ``var/sent-mail/`` and the
  console. It exists so that ``make run`` works on a bare machine.
* **production** (``DEBUG`` off, the default): SECRET_KEY, ALLOWED_HOSTS,
  DATABASE_URL and REDIS_URL must be set, or start-up stops with a message naming
  what is missing; HTTPS-only cookies, HSTS and the other ``check --deploy`` items.
"""

from email.utils import parseaddr
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer's .env is read if present; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
PRODUCTION = not DEBUG


def _required_in_production(name: str, value):
    if PRODUCTION and not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off (production mode). "
            f"Set it in the environment, or set DEBUG=true for local development."
        )
    return value


SECRET_KEY = _required_in_production("SECRET_KEY", env.str("SECRET_KEY", default=""))
if not SECRET_KEY:
    # Development only (DEBUG on): a fixed, obviously-not-secret key.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

# Key rotation (docs/operations.md): the old key goes here, comma-separated, while
# sessions, emailed links and erasure records signed with it are still wanted.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = _required_in_production(
    "ALLOWED_HOSTS",
    env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"]),
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the service, used in email links (emails have no request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin with our site class: staff must pass two-factor sign-in
    # (accounts/admin_site.py).
    "accounts.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "core",
    "vetting",
    "vacancies",
    "notifications",
    "mailing_list",
    "applicants",
    "applications",
    "offers",
    "references",
    "scheduling",
    "reports",
    # Subject access, erasure, the retention schedule and the audit of reads; low in
    # the layers so that every app can register its personal data (privacy/registry.py).
    "privacy",
]

MIDDLEWARE = [
    # Answers with the request's id (X-Request-ID), which every log line carries.
    "core.log_format.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and CSRF read anything: drops forged session keys, refuses
    # undecodable form bodies and overlong usernames with a 400 (core/middleware.py).
    "core.middleware.MalformedRequestMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.csp.ConstantPolicyCSPMiddleware",  # django-csp's, header built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified once they have entered a two-factor code.
    "django_otp.middleware.OTPMiddleware",
    # Inside sessions and auth: idle expiry, 2 h anonymous, STAFF_SESSION_IDLE_SECONDS staff.
    "core.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toex_recruit.urls"
WSGI_APPLICATION = "toex_recruit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    # Persistent connections: a new connection per request cost ~4x throughput here
    # (measured on a 50-row page: ~175 against ~700 req/s). Health checks drop a
    # connection that died between requests.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    _required_in_production("DATABASE_URL", None)
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env.str("SQLITE_PATH", default=str(VAR_DIR / "db.sqlite3"))),
            # Eager tasks write from the request thread too; wait rather than fail.
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before it is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache ------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that stops answering (a hung server, a dropped network path) must not stall
# the request: each cache command gives up after this long, and the callers' outage
# paths apply (core/sessions.py, core/ratelimits.py, vacancies/cache.py). redis-py's
# own default is 5 s a command, and a signed-in page makes two or three of them.
CACHE_SOCKET_TIMEOUT_SECONDS = env.float("CACHE_SOCKET_TIMEOUT_SECONDS", default=1.0)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its Redis client (core/cache.py).
            "BACKEND": "core.cache.SharedClientRedisCache",
            "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "toex",
            "OPTIONS": {
                "socket_connect_timeout": CACHE_SOCKET_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_SOCKET_TIMEOUT_SECONDS,
            },
        }
    }
    # Sessions (staff and candidates signed in) read from Redis, written through to
    # the database, so losing Redis loses no session; while Redis is down they are
    # read from the database (core/sessions.py). The self-check keeps none.
    SESSION_ENGINE = "core.sessions"
else:
    _required_in_production("REDIS_URL", None)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------------
# JSON only (no pickle from a shared broker); acks_late + reject_on_worker_lost so a
# task whose worker dies is delivered again, which is why every task is idempotent.
# "memory://" alone makes kombu warn "No hostname was supplied" on every start.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Tests give each worker its own queue, so concurrent runs on one Redis never mix.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# Redis redelivers an unacknowledged task after this; longer than the hard limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# Periodic tasks (run by `celery beat`, `make beat`). Each app's section of this
# file adds its own entries to this dict, so the whole timetable is in this file.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.record_worker_heartbeat", "schedule": 60.0},
    # Expired sessions (idle staff and candidates) deleted daily.
    "core-clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60.0,
    },
}

# --- Email ------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="TOEX Recruit <no-reply@toex-recruit.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    _required_in_production("EMAIL_URL", None)
    EMAIL_BACKEND = "core.mail.FileAndConsoleEmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "sent-mail"

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Forms ------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

# --- Security ---------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions expire when idle (core/middleware.py SessionIdleTimeoutMiddleware); the
# expired rows are deleted by the "core-clear-expired-sessions" beat job.
# Visitors who are not staff: a session idles out after this long; the self-check's
# answers (in no session: an encrypted cookie, vetting/self_check.py) expire this
# long after the last answer.
ANONYMOUS_SESSION_IDLE_SECONDS = env.int("ANONYMOUS_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
# Browsers keep at least 4,096 bytes of a cookie, name and value together (RFC 6265,
# 6.1). Answers that would make the self-check's cookie longer than this are refused
# with a message rather than dropped by the browser without a word; the worst case
# the pages can make is about half of it (docs/eligibility-self-check.md).
VETTING_SELF_CHECK_COOKIE_MAX_BYTES = 4000
# How long a process holds the public pages' version between self-check pages
# (vetting/selectors.py): a change made in another process shows on the self-check
# within this many seconds. 0 reads it on every page.
VETTING_SELF_CHECK_VERSION_SECONDS = env.float("VETTING_SELF_CHECK_VERSION_SECONDS", default=1.0)
# Staff: signed out after this long without using the admin.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_AGE = ANONYMOUS_SESSION_IDLE_SECONDS
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# Pages rendered once with per-request holes (core/rendered_once.py) are also rendered
# the ordinary way and compared when this is on: the test settings turn it on.
RENDERED_ONCE_VERIFY = False
# Browser features no page uses, switched off for every page (Permissions-Policy).
PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
    "interest-cohort",
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Content-Security-Policy (django-csp): scripts and styles from our own origin only,
# no inline script anywhere (the js-enabled snippet is static/js/govuk-init.js), no
# framing. JSON-LD <script type="application/ld+json"> is data, not script: CSP
# does not apply to it. Browser tests fail on any violation (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Violations are posted here and logged without personal data (core.views.csp_report).
        "report-uri": ["/csp-report/"],
    },
}
# /.well-known/security.txt (RFC 9116): where to report a vulnerability.
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="mailto:security@toex-recruit.example")
SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")

# --- Client address (core/client_address.py, docs/security.md) ---------------------
# How many reverse proxies we run in front of the app, each appending to
# X-Forwarded-For. 0: REMOTE_ADDR is the client. Too high lets a client choose its
# own address; too low makes every client look like the proxy.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
# django-axes reads the client address the same way.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# --- Staff sign-in brute-force protection (django-axes) ------------------------
# Five wrong passwords for one username from one address lock that pair out for an
# hour; the lock is per pair so that nobody can lock a colleague out from elsewhere.
# Behind a proxy every request shares its address, so the lock is then per username.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Our page gives the wait in words ("1 hour"); django-axes' own template gets "PT1H".
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
# Across all addresses, a username gets this many wrong passwords an hour before each
# further attempt must wait, doubling from STAFF_SIGN_IN_SLOWDOWN_SECONDS up to
# STAFF_SIGN_IN_SLOWDOWN_MAX_SECONDS. It slows a password spray without letting anyone
# lock a colleague out (docs/staff-accounts.md).
STAFF_SIGN_IN_USERNAME_CEILING = env.int("STAFF_SIGN_IN_USERNAME_CEILING", default=20)
STAFF_SIGN_IN_SLOWDOWN_SECONDS = env.int("STAFF_SIGN_IN_SLOWDOWN_SECONDS", default=30)
STAFF_SIGN_IN_SLOWDOWN_MAX_SECONDS = env.int("STAFF_SIGN_IN_SLOWDOWN_MAX_SECONDS", default=900)

# --- Staff two-factor sign-in (django-otp) ---------------------------------------
# Every staff user enters a code from an authenticator app (TOTP) after their
# password. It can be switched off only with DEBUG on: settings refuse otherwise, and
# the system check accounts.E001 repeats the rule for settings changed later.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=True)
if not STAFF_TWO_FACTOR_REQUIRED and PRODUCTION:
    raise ImproperlyConfigured(
        "STAFF_TWO_FACTOR_REQUIRED=false is only allowed with DEBUG=true: "
        "staff sign-in always needs two-factor authentication in production."
    )
OTP_TOTP_ISSUER = "TOEX Recruit"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Each wrong code doubles the wait before the next is checked (django-otp throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
STAFF_RECOVERY_CODE_COUNT = 10
# How long the set-password link in a new colleague's invitation works.
STAFF_INVITATION_DAYS = env.int("STAFF_INVITATION_DAYS", default=3)
# Set-password links are the only password-reset tokens the service makes.
PASSWORD_RESET_TIMEOUT = STAFF_INVITATION_DAYS * 24 * 60 * 60

# --- Logging ----------------------------------------------------------------------
# One JSON object per line in production (LOG_FORMAT=json, the default with DEBUG
# off), readable lines in development; each with the request's id (X-Request-ID).
# Nothing that logs may include names, addresses, residence history, equality
# monitoring or vetting answers: log ids and counts, never form contents
# (tests/integration/privacy/test_structured_logs.py follows a journey to prove it).
# Link tokens in paths are masked in every line (core/log_filters.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
# Workers and beat log through this LOGGING too (JSON in production), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_link_tokens": {"()": "core.log_filters.MaskLinkTokens"},
        "request_id": {"()": "core.log_format.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.log_format.JsonFormatter"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["mask_link_tokens", "request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django sets its own logger to INFO; LOG_LEVEL=ERROR (make bench) means it.
        "django": {"level": env.str("LOG_LEVEL", default="INFO")},
    },
}

# --- Service rules ----------------------------------------------------------------
SERVICE_NAME = "TOEX Recruit"
SERVICE_PHASE = "Beta"
# Residence rule thresholds (docs/vetting-rule.md).
VETTING_GAP_TOLERANCE_DAYS = env.int("VETTING_GAP_TOLERANCE_DAYS", default=31)
VETTING_ABROAD_TOLERANCE_DAYS = env.int("VETTING_ABROAD_TOLERANCE_DAYS", default=0)
# A clearance held and granted no longer ago than this "may be accepted" (vetting/clearance.py).
VETTING_HELD_CLEARANCE_RECENT_MONTHS = env.int("VETTING_HELD_CLEARANCE_RECENT_MONTHS", default=12)
# Exposes /__bench__/hello, the bare baseline view for `make bench`. Never in production.
BENCHMARK_BASELINE_VIEW = env.bool("BENCHMARK_BASELINE_VIEW", default=False)

# --- vacancies ---
# The longest a cached public list or advert page is served (vacancies/cache.py).
# Publish/edit/close make pages stale at once and closing times are exact, so this
# only bounds how long a change of reference data (a ROCU's name) takes to show.
VACANCIES_PUBLIC_CACHE_SECONDS = env.int("VACANCIES_PUBLIC_CACHE_SECONDS", default=300)
# How long a process holds the public pages' version between job-board pages
# (vacancies/cache.py): a change made in another process shows within this many
# seconds (at once in the process that made it). 0 reads it on every page.
VACANCIES_PUBLIC_VERSION_SECONDS = env.float("VACANCIES_PUBLIC_VERSION_SECONDS", default=1.0)
# Close adverts whose closing time has passed (idempotent; public pages already
# treat them as closed, so this only brings the stored status and audit up to date).
CELERY_BEAT_SCHEDULE["vacancies-close-expired"] = {
    "task": "vacancies.tasks.close_expired_vacancies",
    "schedule": 60.0,
}
# --- references -------------------------------------------------------------------
# Reference requests to the candidate's referees once checks start (docs/references.md).
# The link in the request email works this long after the first request (12 weeks).
REFERENCES_LINK_MAX_AGE_DAYS = env.int("REFERENCES_LINK_MAX_AGE_DAYS", default=84)
# An unanswered request is chased this many days after it was sent, once each.
REFERENCES_CHASER_DAYS = (7, 14)
# Requests locked and chased per transaction by the chase task.
REFERENCES_CHASE_BATCH_SIZE = env.int("REFERENCES_CHASE_BATCH_SIZE", default=200)
# A failed request email this recent is looked at for a hard bounce.
REFERENCES_BOUNCE_LOOKBACK_DAYS = env.int("REFERENCES_BOUNCE_LOOKBACK_DAYS", default=30)
# Referee form posts: per client address and per link (over the limit: a 429 page).
REFERENCES_RATE_PER_IP = env.str("REFERENCES_RATE_PER_IP", default="60/h")
REFERENCES_RATE_PER_LINK = env.str("REFERENCES_RATE_PER_LINK", default="20/h")
CELERY_BEAT_SCHEDULE["references-chase"] = {
    "task": "references.tasks.chase_reference_requests",
    "schedule": 60 * 60.0,
}
CELERY_BEAT_SCHEDULE["references-notice-bounces"] = {
    "task": "references.tasks.notice_bounced_reference_requests",
    "schedule": 5 * 60.0,
}
# --- notifications ----------------------------------------------------------------
# The outbox (docs/outbox.md). Rows per send task, and per bulk INSERT in a fan-out.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=500)
# Per worker process; 0 = as fast as the SMTP server takes them.
NOTIFICATIONS_MAX_PER_SECOND = env.float("NOTIFICATIONS_MAX_PER_SECOND", default=0)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
# Transient failures wait base * 2^(attempt-1) seconds, capped.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.float("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600)
# The sweeper re-queues pending rows due for longer than this (Redis was down).
NOTIFICATIONS_SWEEP_GRACE_SECONDS = env.int("NOTIFICATIONS_SWEEP_GRACE_SECONDS", default=120)
# A claim older than this belongs to a dead worker. Must exceed the task's hard
# time limit, so a claimer still alive is never second-guessed.
NOTIFICATIONS_CLAIM_LEASE_SECONDS = env.int(
    "NOTIFICATIONS_CLAIM_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60
)
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env.str(
    "NOTIFICATIONS_MESSAGE_ID_DOMAIN",
    default=parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "toex-recruit.example",
)
# Each worker process beats this often into Redis (TTL three beats); the sweeper
# takes back the claims of a process whose beat stopped (notifications/liveness.py).
NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS = env.int(
    "NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS", default=5
)
# How often beat runs the sweeper: two cheap index scans; short, for fast recovery.
NOTIFICATIONS_SWEEP_INTERVAL_SECONDS = env.float("NOTIFICATIONS_SWEEP_INTERVAL_SECONDS", default=15)
CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"] = {
    "task": "notifications.tasks.sweep_outbox",
    "schedule": NOTIFICATIONS_SWEEP_INTERVAL_SECONDS,
}

# --- mailing_list ---------------------------------------------------------------
# Sign-up rate limits (django-ratelimit on the cache): per client address and per
# email address typed. Over the limit the form answers 429 with a readable page.
MAILING_LIST_RATE_PER_IP = env.str("MAILING_LIST_RATE_PER_IP", default="20/h")
MAILING_LIST_RATE_PER_ADDRESS = env.str("MAILING_LIST_RATE_PER_ADDRESS", default="5/h")
# Manage, unsubscribe and keep links stop working after this many days (confirmation
# links after 7); longer than the yearly re-confirmation cycle (mailing_list/tokens.py).
MAILING_LIST_LINK_MAX_AGE_DAYS = env.int("MAILING_LIST_LINK_MAX_AGE_DAYS", default=400)
# An alert fan-out unfinished this long after it started (or never started) is
# taken to have lost its task or worker, and is run again (idempotent).
MAILING_LIST_FAN_OUT_STALE_SECONDS = env.int("MAILING_LIST_FAN_OUT_STALE_SECONDS", default=300)
# Subscribers read and handed to the outbox per round trip by the alert fan-out, the
# digest and the re-confirmation run (a server-side cursor's fetch size).
MAILING_LIST_FAN_OUT_CHUNK = env.int("MAILING_LIST_FAN_OUT_CHUNK", default=1000)

CELERY_BEAT_SCHEDULE["mailing-list-resume-fan-outs"] = {
    "task": "mailing_list.tasks.resume_alert_fan_outs",
    "schedule": 120.0,
}
CELERY_BEAT_SCHEDULE["mailing-list-weekly-digest"] = {
    "task": "mailing_list.tasks.send_weekly_digest",
    "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
}
CELERY_BEAT_SCHEDULE["mailing-list-purge-unconfirmed"] = {
    "task": "mailing_list.tasks.purge_unconfirmed_subscribers",
    "schedule": crontab(hour=3, minute=10),
}
CELERY_BEAT_SCHEDULE["mailing-list-yearly-reconfirmation"] = {
    "task": "mailing_list.tasks.request_yearly_reconfirmation",
    "schedule": crontab(hour=9, minute=30),
}
CELERY_BEAT_SCHEDULE["mailing-list-suppress-hard-bounces"] = {
    "task": "mailing_list.tasks.suppress_hard_bounces",
    "schedule": crontab(minute=15),
}
CELERY_BEAT_SCHEDULE["mailing-list-remove-unanswered"] = {
    "task": "mailing_list.tasks.remove_unanswered_subscribers",
    "schedule": crontab(hour=3, minute=20),
}

# --- applicants / applications ------------------------------------------------------
# Candidate sign-in (docs/applications.md): emailed single-use links, rate limited per
# client address and per address typed; a candidate is signed out after 2 hours idle.
APPLICANTS_SIGN_IN_RATE_PER_IP = env.str("APPLICANTS_SIGN_IN_RATE_PER_IP", default="20/h")
APPLICANTS_SIGN_IN_RATE_PER_ADDRESS = env.str("APPLICANTS_SIGN_IN_RATE_PER_ADDRESS", default="5/h")
APPLICANTS_SESSION_IDLE_SECONDS = env.int("APPLICANTS_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
# Reports (docs/reports.md): a count of people under this is never shown in the
# diversity report, nor one that could be worked out from the others.
REPORTS_SUPPRESSION_THRESHOLD = env.int("REPORTS_SUPPRESSION_THRESHOLD", default=5)
# A draft gets one reminder this many hours before its advert closes.
APPLICATIONS_REMINDER_HOURS_BEFORE_CLOSING = env.int(
    "APPLICATIONS_REMINDER_HOURS_BEFORE_CLOSING", default=48
)
# The selection pipeline's nightly invariant check (docs/pipeline.md): logs ids only.
CELERY_BEAT_SCHEDULE["applications-check-invariants"] = {
    "task": "applications.tasks.check_pipeline_invariants",
    "schedule": crontab(hour=2, minute=40),
}
# ROCU HR's daily email (only when there is something to say), UK morning.
CELERY_BEAT_SCHEDULE["applications-hr-digest"] = {
    "task": "applications.tasks.send_pipeline_hr_digest",
    "schedule": crontab(hour=7, minute=30),
}
CELERY_BEAT_SCHEDULE["applications-remind-drafts"] = {
    "task": "applications.tasks.remind_unsubmitted_drafts",
    "schedule": 600.0,
}
CELERY_BEAT_SCHEDULE["applicants-delete-expired-sign-in-links"] = {
    "task": "applicants.tasks.delete_expired_sign_in_links",
    "schedule": crontab(hour=3, minute=30),
}
# --- offers: the conditional offer and the pre-employment checks (docs/offer-and-checks.md) ---
# Days the candidate has to accept or decline a conditional offer from its email's link.
OFFERS_RESPONSE_DAYS = env.int("OFFERS_RESPONSE_DAYS", default=10)
# Days before that deadline when the one reminder goes (if they have not answered).
OFFERS_REMINDER_DAYS_BEFORE = env.int("OFFERS_REMINDER_DAYS_BEFORE", default=3)
CELERY_BEAT_SCHEDULE["offers-remind-unanswered"] = {
    "task": "offers.tasks.remind_unanswered_offers",
    "schedule": 15 * 60.0,
}

# --- scheduling ---------------------------------------------------------------------
# Assessment and interview slots (docs/pipeline.md, "Slots and booking"). A candidate
# may book, change or cancel until this many hours before the slot starts: 48 clock
# hours, not "2 working days", so the rule needs no bank-holiday calendar and reads
# the same to everyone; HR see the list of bookings two days ahead.
SCHEDULING_CHANGE_CUTOFF_HOURS = env.int("SCHEDULING_CHANGE_CUTOFF_HOURS", default=48)
# The reminder goes this many hours before the slot starts (exactly once per booking).
SCHEDULING_REMINDER_HOURS_BEFORE = env.int("SCHEDULING_REMINDER_HOURS_BEFORE", default=48)
CELERY_BEAT_SCHEDULE["scheduling-booking-reminders"] = {
    "task": "scheduling.tasks.send_booking_reminders",
    "schedule": 15 * 60.0,
}

# --- privacy: the retention schedule (docs/privacy.md says why each period) -----------
# Days each kind of personal data is kept, counted from the point named in the
# schedule; each line is applied by the rule of the same key (privacy/registry.py),
# which deletes or anonymises what is past it in the daily job below. Kept elsewhere
# and listed in docs/privacy.md: unconfirmed sign-ups (7 days, mailing_list), idle
# sessions, expired sign-in links (applicants); the self-check's answers are never
# stored (a cookie that expires ANONYMOUS_SESSION_IDLE_SECONDS after the last answer).
RETENTION_DAYS = {
    # Never sent: nothing to consider once the advert has closed.
    "applications.drafts": env.int("RETENTION_DRAFT_APPLICATIONS_DAYS", default=30),
    # Unsuccessful, withdrawn, offer declined or withdrawn: six months after closing.
    "applications.ended": env.int("RETENTION_ENDED_APPLICATIONS_DAYS", default=183),
    # Equality monitoring answers of every application: reported on before then.
    "applications.equality_monitoring": env.int("RETENTION_EQUALITY_MONITORING_DAYS", default=183),
    # Residence history of applications that ended (hired included): vetting is done.
    "applications.residence_history": env.int("RETENTION_RESIDENCE_HISTORY_DAYS", default=365),
    # Hired: the force's HR file is the record from then on.
    "applications.hired": env.int("RETENTION_HIRED_APPLICATIONS_DAYS", default=730),
    # A candidate identity with no application left and no sign-in for this long.
    "applicants.idle_candidates": env.int("RETENTION_IDLE_CANDIDATES_DAYS", default=183),
    # Unsubscribed addresses, from the unsubscribe.
    "mailing_list.unsubscribed": env.int("RETENTION_UNSUBSCRIBED_DAYS", default=30),
    # Sent or failed emails: the address and the email's contents are blanked.
    "notifications.addresses": env.int("RETENTION_OUTBOX_ADDRESSES_DAYS", default=90),
    # Offers, checks and references of an application once it is anonymised: next run.
    "offers.anonymised_applications": env.int("RETENTION_OFFERS_DAYS", default=0),
    "references.anonymised_applications": env.int("RETENTION_REFERENCES_DAYS", default=0),
    "scheduling.anonymised_applications": env.int("RETENTION_BOOKINGS_DAYS", default=0),
    # Who read which sensitive record.
    "privacy.read_audit": env.int("RETENTION_READ_AUDIT_DAYS", default=730),
}
# Rows per transaction in the retention job (each batch locks with SKIP LOCKED).
RETENTION_BATCH_SIZE = env.int("RETENTION_BATCH_SIZE", default=500)
CELERY_BEAT_SCHEDULE["privacy-apply-retention"] = {
    "task": "privacy.tasks.apply_retention_schedule",
    "schedule": crontab(hour=3, minute=40),
}
