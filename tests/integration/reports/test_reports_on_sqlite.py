"""The reports on the embedded default (SQLite), where there is no percentile_cont.

`make run` with no DATABASE_URL uses SQLite. This runs the real thing in a
separate process: a fresh SQLite file, migrated and seeded with the demo data,
then the funnel (with its medians, from the registered ``toex_median``
aggregate) compared with the same figures worked out in Python from the rows,
and the report pages rendered.
"""

import pytest

from tests.support.embedded_sqlite import run_on_seeded_sqlite

# manage.py processes: the run's one migrate and seed, then a shell. One xdist worker
# runs both SQLite tests, so the second never waits, idle, for the first one's seed.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("seeded_sqlite")]

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


def test_the_funnel_and_its_medians_run_on_the_sqlite_embedded_default(seeded_sqlite, tmp_path):
    answer = run_on_seeded_sqlite(seeded_sqlite, tmp_path, _SCRIPT)

    assert answer["vendor"] == "sqlite"
    assert answer["submitted"] == answer["rows"] > 0
    assert answer["days_to_offer"] == answer["expected_days_to_offer"]
    assert answer["medians"] and answer["medians"] == answer["expected_medians"]
    assert answer["funnel_page"] == 200
    assert answer["diversity_page"] == 200
