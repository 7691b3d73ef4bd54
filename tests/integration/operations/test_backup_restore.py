"""Backups work: pg_dump the test database, restore it into a fresh one, compare.

The commands are the ones docs/operations.md gives (custom format, no owner),
run as real processes against the suite's PostgreSQL. Every table's row count
and the outbox's state (status, attempts, claims, failure codes) must survive.
"""

import os
import subprocess
import uuid

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from mailing_list.services import subscriber_register
from notifications.models import Notification
from tests.factories.accounts import national_hr
from tests.factories.applications import submitted_application

pytestmark = pytest.mark.django_db(transaction=True)


def _libpq_args(settings_dict) -> tuple[list[str], dict]:
    args = ["-h", settings_dict["HOST"] or "127.0.0.1", "-U", settings_dict["USER"] or "postgres"]
    if settings_dict["PORT"]:
        args += ["-p", str(settings_dict["PORT"])]
    env = {**os.environ}
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _snapshot(conn) -> tuple[dict, list]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - catalogue names
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT id, kind, to_email, status, attempts, claim_token, failure_reason, "
            "sent_at, idempotency_key FROM notifications_notification ORDER BY id"
        )
        outbox = cursor.fetchall()
    return counts, outbox


def test_a_dump_restores_into_a_fresh_database_with_every_row_and_the_outbox_state(tmp_path):
    application = submitted_application("backup@example.com")
    subscriber_register(
        email="list@example.com",
        first_name="Ana",
        wants_everywhere=True,
        rocu_ids=[],
        frequency="weekly",
    )
    national_hr()
    subscriber_register(
        email="list2@example.com",
        first_name="Bo",
        wants_everywhere=True,
        rocu_ids=[],
        frequency="weekly",
    )
    submitted_application("backup-2@example.com", vacancy=application.vacancy)
    outbox = Notification.objects.order_by("pk")
    assert outbox.count() >= 4
    fourth, second, third, first = list(outbox[:4])  # the first is an application's
    Notification.objects.filter(pk=third.pk).update(status="pending", sent_at=None)
    Notification.objects.filter(pk=fourth.pk).update(
        status="sending", claim_token="claim-held", claimed_at=timezone.now(), sent_at=None
    )
    Notification.objects.filter(pk=first.pk).update(status="sent", sent_at=timezone.now())
    Notification.objects.filter(pk=second.pk).update(
        status="failed", failure_reason="recipient_refused", attempts=3
    )

    settings_dict = connection.settings_dict
    args, env = _libpq_args(settings_dict)
    dump = tmp_path / "toex.dump"
    subprocess.run(
        [
            "pg_dump",
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(dump),
            settings_dict["NAME"],
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert dump.stat().st_size > 10_000

    restored = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", *args, restored], check=True, env=env, timeout=60)
    try:
        subprocess.run(
            ["pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", restored, str(dump)],
            check=True,
            env=env,
            capture_output=True,
            timeout=300,
        )
        original_counts, original_outbox = _snapshot(connection.connection)
        fresh = psycopg2.connect(
            dbname=restored,
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"] or "postgres",
            password=settings_dict["PASSWORD"] or None,
        )
        try:
            restored_counts, restored_outbox = _snapshot(fresh)
        finally:
            fresh.close()
    finally:
        subprocess.run(["dropdb", *args, "--if-exists", restored], env=env, timeout=60)

    assert restored_counts == original_counts
    assert original_counts["applications_application"] == 2
    assert original_counts["mailing_list_subscriber"] == 2
    assert original_counts["django_migrations"] > 50
    assert restored_outbox == original_outbox
    statuses = {row[3] for row in restored_outbox}
    assert {"sent", "failed", "pending", "sending"} <= statuses
    assert any(row[5] == "claim-held" for row in restored_outbox)  # a claim survives too
    assert any(key.startswith(f"application:{application.pk}:") for *_, key in restored_outbox)
