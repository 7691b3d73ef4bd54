"""The reports on the embedded default (SQLite), where there is no percentile_cont.

`make run` with no DATABASE_URL uses SQLite. This runs the real thing in a
separate process: a fresh SQLite file, migrated and seeded with the demo data,
then the funnel (with its medians, from the registered ``toex_median``
aggregate) compared with the same figures worked out in Python from the rows,
and the report pages rendered.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

_SCRIPT = """
import json, statistics
from django.db import connection
from django.test import Client
from accounts.models import User
from applications.models import Application
from reports import selectors
from tests.support.staff import login_staff

user = User.objects.get(username="national.hr")
applications = selectors.report_applications(user)
funnel = selectors.funnel_for(applications)
offers = [
    (a.conditional_offer_at - a.submitted_at).total_seconds() / 86400
    for a in applications if a.conditional_offer_at
]
stays = {}
for application in applications.prefetch_related("events"):
    events = list(application.events.all())
    for entered, left in zip(events, events[1:]):
        days = (left.at - entered.at).total_seconds() / 86400
        stays.setdefault(entered.to_stage, []).append(days)
client = login_staff(Client(), user)
equality = login_staff(Client(), User.objects.get(username="equality.reports"))
print(json.dumps({
    "vendor": connection.vendor,
    "submitted": funnel.submitted,
    "rows": applications.count(),
    "days_to_offer": funnel.median_days_to_offer,
    "expected_days_to_offer": round(statistics.median(offers), 1) if offers else None,
    "medians": {
        row.stage: row.median_days_in_stage
        for row in funnel.stages
        if row.median_days_in_stage is not None
    },
    "expected_medians": {stage: round(statistics.median(days), 1) for stage, days in stays.items()},
    "funnel_page": client.get("/admin/reports/funnel/").status_code,
    "diversity_page": equality.get("/admin/reports/diversity/").status_code,
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


def test_the_funnel_and_its_medians_run_on_the_sqlite_embedded_default(tmp_path):
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
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    _manage("migrate", "--no-input", env=env)
    _manage("seed_demo", env=env)
    answer = json.loads(_manage("shell", "-c", _SCRIPT, env=env).strip().splitlines()[-1])

    assert answer["vendor"] == "sqlite"
    assert answer["submitted"] == answer["rows"] > 0
    assert answer["days_to_offer"] == answer["expected_days_to_offer"]
    assert answer["medians"] and answer["medians"] == answer["expected_medians"]
    assert answer["funnel_page"] == 200
    assert answer["diversity_page"] == 200
