"""`make bench`: the selection funnel report's time at 100,000 applications.

Runs inside Django against the bench database (bench/run.py calls
``python -m bench.reports`` after the page figures). Writes
``BENCH_REPORT_APPLICATIONS`` (default 100,000) synthetic applications with
their events and equality answers by SQL (tests/support/report_data.py), runs
ANALYZE, then times, five times each, the funnel's queries alone and the whole
admin page (Django's test client in this process, signed in as National HR:
every ROCU, the national total). Prints the median and the fastest.
"""

import os
import statistics
import time

COUNT = int(os.environ.get("BENCH_REPORT_APPLICATIONS", "100000"))
ROUNDS = 5


def _timed(action) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    from django.db import connection
    from django.test import Client

    from reports import selectors
    from tests.factories.accounts import national_hr
    from tests.factories.applications import open_vacancy, submitted_application
    from tests.support.report_data import insert_synthetic_applications
    from tests.support.staff import login_staff

    template = submitted_application("bench.reports@example.com", vacancy=open_vacancy())
    started = time.perf_counter()
    insert_synthetic_applications(template=template, count=COUNT, prefix="BENCH")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    written = time.perf_counter() - started
    user = national_hr(username="bench.reports.hr")

    def queries_only():
        applications = selectors.report_applications(user)
        selectors.funnel_for(applications)
        selectors.breakdown_by_advert(applications)
        selectors.breakdown_by_rocu(user)

    client = login_staff(Client(HTTP_HOST="127.0.0.1"), user)

    def whole_page():
        response = client.get("/admin/reports/funnel/")
        assert response.status_code == 200, response.status_code

    whole_page()  # templates and connections warm
    print(f"\nFunnel report at {COUNT:,} applications (written by SQL in {written:.1f} s)")
    for name, action in (("funnel queries", queries_only), ("funnel page, whole", whole_page)):
        times = _timed(action)
        print(
            f"{name:<44} median {statistics.median(times):>8.1f} ms   "
            f"fastest {min(times):>8.1f} ms   ({ROUNDS} runs)",
            flush=True,
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")
    import django

    django.setup()
    main()
