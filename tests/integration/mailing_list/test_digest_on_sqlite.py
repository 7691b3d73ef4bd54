"""The weekly digest on the embedded default (SQLite), not only on PostgreSQL.

`make run` with no DATABASE_URL uses SQLite, so the digest's SQL must be
portable. This runs the real thing in a separate process: manage.py with no
DATABASE_URL or REDIS_URL (eager tasks, local-memory cache) against a fresh
SQLite file, migrated, seeded with the demo data, then the digest sent.
"""

import pytest

from tests.support.embedded_sqlite import run_on_seeded_sqlite

# manage.py processes: the run's one migrate and seed, then a shell. One xdist worker
# runs both SQLite tests, so the second never waits, idle, for the first one's seed.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("seeded_sqlite")]

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


def test_the_weekly_digest_runs_on_the_sqlite_embedded_default(seeded_sqlite, tmp_path):
    answer = run_on_seeded_sqlite(seeded_sqlite, tmp_path, _SCRIPT)

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
