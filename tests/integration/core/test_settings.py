"""Production mode: clear start-up errors, and `check --deploy` with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.base",
    "DEBUG": "false",
    "SECRET_KEY": "a9f8e7d6c5b4a3928170fedcba9876543210abcdefghijklmnopqrstuvwxyz!@#",
    "ALLOWED_HOSTS": "recruit.toex.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
    "EMAIL_URL": "smtp+tls://mailer.example:587",
}


# The embedded default: DEBUG on and none of the services configured.
EMBEDDED_DEFAULT_ENV = {
    "DEBUG": "true",
    "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.base",
    **dict.fromkeys(("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"), ""),
}


def _manage(*args, env):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deployment check.
    leaked = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leaked}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_in_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_in_production_is_a_clear_startup_error():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_missing_allowed_hosts_in_production_is_a_clear_startup_error():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_embedded_default_needs_nothing_but_debug():
    clean = EMBEDDED_DEFAULT_ENV

    result = _manage(
        "shell",
        "-c",
        (
            "from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
        ),
        env=clean,
    )

    assert result.returncode == 0, result.stderr
    assert "sqlite3 True core.mail.FileAndConsoleEmailBackend" in result.stdout


def test_missing_production_settings_give_one_clear_line_not_a_traceback():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("SECRET_KEY", "DATABASE_URL")}

    result = _manage("migrate", env=env)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "manage.py: SECRET_KEY must be set when DEBUG is off (production mode). "
        "Set it in the environment, or set DEBUG=true for local development."
    ]
    assert "Traceback" not in result.stderr


def test_the_embedded_default_starts_with_no_kombu_hostname_warning():
    clean = EMBEDDED_DEFAULT_ENV

    # Opening the broker connection is what made kombu warn on every start.
    result = _manage(
        "shell",
        "-c",
        (
            "from toex_recruit.celery import app\n"
            "with app.connection_for_write() as connection: connection.default_channel\n"
            "print(app.conf.broker_url)"
        ),
        env=clean,
    )

    assert result.returncode == 0, result.stderr
    assert "memory://" in result.stdout
    assert "No hostname was supplied" not in result.stderr


def test_make_run_serves_on_the_port_given_and_sets_site_url_to_match():
    # MANAGE=echo: the recipe runs as written, each manage.py command only printed.
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "--no-print-directory", "run", "PORT=8001", "MANAGE=echo"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Serving http://127.0.0.1:8001 " in result.stdout
    assert "runserver 127.0.0.1:8001" in result.stdout
