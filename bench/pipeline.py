"""Bench of the selection pipeline: the HR applications list at scale, and a bulk move.

bench/run.py drives it after the public pages, in its own processes against the
bench database:

* ``python -m bench.pipeline grow SIZE`` brings the signed-in ROCU HR user's
  ROCU to SIZE submitted applications and prints the pages to load (JSON). The
  rows are cloned from one application made through the services, in one
  ``INSERT ... SELECT`` over ``generate_series`` (100,000 rows in seconds): the
  bench measures reading, the rows only have to look like real ones.
* ``python -m bench.pipeline bulk-move COUNT`` moves COUNT applications at sift
  to unsuccessful through ``application_move_many`` (as the admin's confirmation
  page does), with a real Celery worker sending to a local SMTP sink, and prints
  the time to commit and the time until the last email reached the sink (JSON).

BENCH_PIPELINE_SIZES (default 10000,100000) and BENCH_PIPELINE_MOVE (default
1000) set the sizes.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = [int(n) for n in os.environ.get("BENCH_PIPELINE_SIZES", "10000,100000").split(",") if n]
MOVE_COUNT = int(os.environ.get("BENCH_PIPELINE_MOVE", "1000"))
HR_USERNAME = "bench.rocu.hr"
CANDIDATE_EMAIL = "bench-pipeline-{n}@example.com"
# Where the cloned rows sit: the list shows every one of these stages.
STAGES = [
    "submitted",
    "sift",
    "assessment_invited",
    "assessment_booked",
    "interview_invited",
    "on_hold",
    "unsuccessful",
    "withdrawn",
]
LIST = "/admin/applications/application/"


def _hr_user_and_rocu():
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import Rocu, User

    rocu = Rocu.objects.order_by("slug").first()
    user, created = User.objects.get_or_create(
        username=HR_USERNAME,
        defaults={"email": "hr@bench.example", "is_staff": True, "first_name": "Bench"},
    )
    if created:
        user.groups.add(Group.objects.get(name=roles.ROCU_HR))
        user.rocus.set([rocu])
    return user, rocu


def _template_application(rocu):
    """One complete application submitted through the services: what every clone copies."""
    import datetime

    from applications import services
    from applications.models import Application
    from tests.factories.applications import complete_application, make_candidate
    from vacancies.models import Vacancy

    template = Application.objects.filter(candidate__email="bench-pipeline-template@example.com")
    if template.exists():
        return template.get()
    vacancy = Vacancy.objects.filter(rocu=rocu).order_by("reference").first()
    application = complete_application(
        make_candidate("bench-pipeline-template@example.com"), vacancy
    )
    return services.application_submit(
        application=application, at=datetime.datetime.now(tz=datetime.UTC)
    )


def _clone(template, *, first: int, last: int, vacancy_ids: list[int]) -> None:
    """Clones numbered ``first``..``last``: a candidate each, spread over the adverts and stages."""
    from django.db import connection

    from applicants.models import Candidate
    from applications.models import Application

    # Names come from the models, values are parameters: nothing here is user input.
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quoted(Candidate._meta.db_table)} (email, created_at) "  # noqa: S608
            "SELECT 'bench-pipeline-' || n || '@example.com', now() "
            "FROM generate_series(%s, %s) AS n",
            [first, last],
        )
        varying = {
            "candidate_id": "c.id",
            "vacancy_id": "(%(vacancies)s)[1 + n %% %(vacancy_count)s]",
            "stage": "(%(stages)s)[1 + n %% %(stage_count)s]",
            "reference": "'BP-' || n",
            "submitted_at": "now() - n * interval '1 minute'",
            "draft_at": "now() - n * interval '1 minute' - interval '1 day'",
            "stage_entered_at": "now() - (n %% 900) * interval '1 hour'",
            "withdrawn_at": "CASE WHEN n %% %(stage_count)s = 7 THEN now() END",
        }
        columns, values = [], []
        for field in Application._meta.concrete_fields:
            if field.column == "id":
                continue
            columns.append(quoted(field.column))
            values.append(varying.get(field.attname, f"t.{quoted(field.column)}"))
        cursor.execute(
            f"INSERT INTO {quoted(Application._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} "
            f"FROM generate_series(%(first)s, %(last)s) AS n "
            f"JOIN {quoted(Candidate._meta.db_table)} c "
            "ON c.email = 'bench-pipeline-' || n || '@example.com' "
            f"CROSS JOIN {quoted(Application._meta.db_table)} t WHERE t.id = %(template)s",
            {
                "first": first,
                "last": last,
                "template": template.pk,
                "vacancies": vacancy_ids,
                "vacancy_count": len(vacancy_ids),
                "stages": STAGES,
                "stage_count": len(STAGES),
            },
        )
        cursor.execute(f"ANALYZE {quoted(Application._meta.db_table)}")


def staff_cookie(user) -> str:
    """A signed-in, two-factor-verified admin session for ``user``, as the code page leaves it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.support.staff import authenticator_for

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def grow(size: int) -> list[tuple]:
    from applications.models import Application
    from vacancies.models import Vacancy

    user, rocu = _hr_user_and_rocu()
    template = _template_application(rocu)
    vacancy_ids = list(Vacancy.objects.filter(rocu=rocu).values_list("pk", flat=True))
    have = Application.objects.filter(reference__startswith="BP-").count() + 1  # + template
    if size > have:
        _clone(template, first=have, last=size - 1, vacancy_ids=vacancy_ids)
    # A few HR staff at once, not 20 connections: an admin page costs tens of
    # milliseconds, and 20 queued behind 2 workers would time wrk out on a busy machine.
    staff = {"cookie": staff_cookie(user), "connections": 4}
    label = f"{size:,}"
    sift_vacancy = vacancy_ids[1 % len(vacancy_ids)]
    return [
        (f"HR applications list ({label})", LIST, staff),
        (
            f"HR list: one advert at sift ({label})",
            f"{LIST}?stage__exact=sift&vacancy__id__exact={sift_vacancy}",
            staff,
        ),
        (f"HR list: search a reference ({label})", f"{LIST}?q=BP-{size // 2}", staff),
        (f"HR list: page 50 ({label})", f"{LIST}?p=50", staff),
        (
            f"HR change page ({label})",
            f"{LIST}{template.pk}/change/",
            staff,
        ),
    ]


def bulk_move(count: int) -> dict:
    """Move ``count`` at sift to unsuccessful; time the commit and the last email's arrival."""
    import uuid

    from applications import services
    from applications.models import Application
    from notifications.models import Notification

    user, rocu = _hr_user_and_rocu()
    ids = list(
        Application.objects.filter(vacancy__rocu=rocu, stage="sift")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    if len(ids) < count:
        sys.exit(f"only {len(ids)} applications at sift: grow the bench data first")
    recipients = set(
        Application.objects.filter(pk__in=ids).values_list("candidate__email", flat=True)
    )
    before = Notification.objects.count()
    started = time.perf_counter()
    result = services.application_move_many(
        application_ids=ids,
        from_stage="sift",
        by=user,
        request=services.MoveRequest("unsuccessful", reasons=("posts_filled",)),
        bulk=uuid.uuid4().hex,
    )
    committed = time.perf_counter() - started
    assert result.moved == count, result.refused
    assert Notification.objects.count() - before == count
    return {
        "moved": result.moved,
        "commit_s": committed,
        "started": started,
        "recipients": recipients,
    }


def _run_bulk_move(count: int) -> None:
    """A real worker and SMTP sink of this run's own, then the move, then wait for the sink."""
    from bench.worker import start_worker, stop_worker
    from tests.support.redis_server import RedisServer
    from tests.support.smtp_sink import SmtpSink

    redis = RedisServer().start()
    sink = SmtpSink(keep_raw=False).start()
    worker = None
    try:
        os.environ.update(REDIS_URL=redis.url, EMAIL_URL=sink.email_url, LOG_LEVEL="WARNING")
        import django

        django.setup()
        worker = start_worker(os.environ.copy(), concurrency=2)
        figures = bulk_move(count)
        # The move's candidates only: the template application's own emails (queued
        # when it was submitted) arrive too, and are not part of the move.
        recipients = figures.pop("recipients")
        deadline = time.monotonic() + 900
        while not recipients <= set(sink.by_recipient()):
            if time.monotonic() > deadline:
                sys.exit(f"not every one of {count} emails arrived within 900 s")
            time.sleep(0.05)
        figures["last_email_s"] = time.perf_counter() - figures.pop("started")
        received = sink.by_recipient()
        figures["distinct_recipients"] = sum(1 for email in recipients if received[email])
        print(json.dumps(figures))
    finally:
        stop_worker(worker)
        sink.stop()
        redis.cleanup()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")
    command, number = sys.argv[1], int(sys.argv[2])
    if command == "bulk-move":
        _run_bulk_move(number)
    else:
        import django

        django.setup()
        json.dump(grow(number), sys.stdout)
