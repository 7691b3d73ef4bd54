"""The weekly digest on the embedded default (SQLite), not only on PostgreSQL.

`make run` with no DATABASE_URL uses SQLite, so the digest's SQL must be
portable. This runs the real thing in a separate process: manage.py with no
DATABASE_URL or REDIS_URL (eager tasks, local-memory cache) against a fresh
SQLite file, migrated, seeded with the demo data, then the digest sent.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow  # three manage.py processes, one a full migrate on SQLite

# Runs inside `manage.py shell`: the digest for this week, then what it queued.
_SCRIPT = """
import json
from django.db import connection
from django.utils import timezone
from mailing_list.services import weekly_digest_send
from notifications.models import Notification

queued = weekly_digest_send(week_of=timezone.localdate())
again = weekly_digest_send(week_of=timezone.localdate())
digests = {
    row.to_email: sorted(advert["title"] for advert in row.context["adverts"])
    for row in Notification.objects.filter(kind="mailing_list_digest")
}
print(json.dumps({
    "vendor": connection.vendor, "queued": queued, "again": again, "digests": digests,
}))
"""


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


def test_the_weekly_digest_runs_on_the_sqlite_embedded_default(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CACHE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="toex_recruit.settings.base",
        DEBUG="true",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        EMAIL_URL="dummymail://",
        SITE_URL="https://recruit.toex.test",
    )
    _manage("migrate", "--no-input", env=env)
    _manage("seed_demo", env=env)
    answer = json.loads(_manage("shell", "-c", _SCRIPT, env=env).strip().splitlines()[-1])

    assert answer["vendor"] == "sqlite"
    # The demo has two weekly subscribers: Chris chose NERSOU and EMSOU, whose open
    # adverts he gets (not EMSOU's closed one); Dee chose TARIAN, which has none.
    assert answer["queued"] == 1
    assert answer["again"] == 0  # idempotent: digest:<week>:<subscriber>
    assert answer["digests"] == {
        "chris.demo@example.com": [
            "Intelligence Researcher (TOEX)",
            "Intelligence Researcher — county lines",
        ]
    }
