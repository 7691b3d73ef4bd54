"""Run code against the embedded default (SQLite) in a separate process, as `make run` would.

``run_on_seeded_sqlite(tmp_path, script)`` migrates a fresh SQLite file, loads the
demo data (``seed_demo``) and runs ``script`` in ``manage.py shell`` with no
DATABASE_URL or REDIS_URL (eager tasks, local-memory cache). The script's last line
of output must be JSON; it is returned decoded. For SQL that must be portable (the
weekly digest, the reports' medians), not only right on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What would point the child process at the suite's PostgreSQL and Redis.
_SERVICE_SETTINGS = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CACHE_URL"}


def _manage(*args: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def run_on_seeded_sqlite(tmp_path: Path, script: str, **extra_env: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in _SERVICE_SETTINGS}
    env.update(
        DJANGO_SETTINGS_MODULE="toex_recruit.settings.base",
        DEBUG="true",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        EMAIL_URL="dummymail://",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SITE_URL="https://recruit.toex.test",
        **extra_env,
    )
    _manage("migrate", "--no-input", env=env)
    _manage("seed_demo", env=env)
    return json.loads(_manage("shell", "-c", script, env=env).strip().splitlines()[-1])
