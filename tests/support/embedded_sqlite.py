"""Run code against the embedded default (SQLite) in a separate process, as `make run` would.

``run_on_seeded_sqlite(seeded_sqlite, tmp_path, script)`` copies a SQLite file that
was migrated and loaded with the demo data (``seed_demo``), and runs ``script`` in
``manage.py shell`` on the copy with no DATABASE_URL or REDIS_URL (eager tasks,
local-memory cache). The script's last line of output must be JSON; it is returned
decoded. For SQL that must be portable (the weekly digest, the reports' medians),
not only right on PostgreSQL.

The seeded file is the ``seeded_sqlite`` fixture (tests/conftest.py): built once
per run by whichever xdist worker needs it first (a migrate and a seed_demo cost
~15 s of CPU), then copied by every test, so no test sees another's writes.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What would point the child process at the suite's PostgreSQL and Redis.
_SERVICE_SETTINGS = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CACHE_URL"}
_BUILD_SCRIPT = (
    "from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); call_command('seed_demo')"
)


def _environment(database: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in _SERVICE_SETTINGS}
    env.update(
        DJANGO_SETTINGS_MODULE="toex_recruit.settings.base",
        DEBUG="true",
        SQLITE_PATH=str(database),
        EMAIL_URL="dummymail://",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SITE_URL="https://recruit.toex.test",
    )
    return env


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


def seeded_sqlite_file(shared_dir: Path) -> Path:
    """The migrated and seeded SQLite file in ``shared_dir``, built by the first caller.

    ``shared_dir`` is common to the run's xdist workers; a lock file there makes
    the others wait for the first build instead of building their own.
    """
    seeded = shared_dir / "seeded-embedded.sqlite3"
    with open(shared_dir / "seeded-embedded.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not seeded.exists():
            building = shared_dir / "seeded-embedded.building.sqlite3"
            building.unlink(missing_ok=True)
            _manage("shell", "-c", _BUILD_SCRIPT, env=_environment(building))
            building.rename(seeded)  # only a finished build is ever found
    return seeded


def run_on_seeded_sqlite(seeded: Path, tmp_path: Path, script: str) -> dict:
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(seeded, database)
    output = _manage("shell", "-c", script, env=_environment(database))
    return json.loads(output.strip().splitlines()[-1])
