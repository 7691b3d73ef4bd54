"""`make bench-fanout`: the outbox sending a fan-out through a real worker to a local SMTP sink.

For each size (BENCH_FANOUT_SIZES, default 10000,100000): one fan-out enqueued
with notification_enqueue_many in one transaction, sent by a real Celery worker
(BENCH_FANOUT_CONCURRENCY processes, default 2) through its own redis-server to
an aiosmtpd sink on 127.0.0.1; prints emails/s, end-to-end time (enqueue start
to last message at the sink) and the worker's peak RSS. Beside it, a baseline: a
bare smtplib loop sending the same number of equivalent messages over one
connection to the same sink. Production settings on a fresh database of its own.
"""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.worker import start_worker, stop_worker  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402
from tests.support.smtp_sink import SmtpSink  # noqa: E402

PYTHON = sys.executable
DB_NAME = "toex_recruit_bench_fanout"
PG = "postgres://postgres@127.0.0.1:5432"
SIZES = [int(size) for size in os.environ.get("BENCH_FANOUT_SIZES", "10000,100000").split(",")]
CONCURRENCY = int(os.environ.get("BENCH_FANOUT_CONCURRENCY", "2"))
TIMEOUT = float(os.environ.get("BENCH_FANOUT_TIMEOUT", "1800"))


def run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")


def fresh_database(env: dict[str, str]) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)


class RssSampler(threading.Thread):
    """Peak resident memory of the worker: the busiest process, and the whole tree."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_process = 0
        self.peak_tree = 0
        self.running = True

    def run(self):
        while self.running:
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                sizes = [process.memory_info().rss for process in processes]
            except psutil.Error:
                continue
            self.peak_process = max(self.peak_process, *sizes)
            self.peak_tree = max(self.peak_tree, sum(sizes))
            time.sleep(0.1)


def baseline(sink: SmtpSink, count: int, rendered) -> float:
    """A bare smtplib loop: the same messages, one connection, nothing else."""
    from django.conf import settings

    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        for n in range(count):
            message = EmailMessage()
            message["Subject"] = rendered.subject
            message["From"] = settings.DEFAULT_FROM_EMAIL
            message["To"] = f"baseline{n}@example.com"
            message["Message-ID"] = f"<baseline-{n}@bench.example>"
            message.set_content(rendered.text)
            message.add_alternative(rendered.html, subtype="html")
            smtp.send_message(message)
    return time.perf_counter() - start


def main() -> None:
    redis = RedisServer().start()
    sink = SmtpSink(keep_raw=False).start()
    worker = None
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-bench",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "REDIS_URL": redis.url,
            "EMAIL_URL": sink.email_url,
            "SITE_URL": "https://recruit.bench.example",
            "LOG_LEVEL": "WARNING",
        }
        os.environ.update(env)
        print(f"Preparing a fresh database ({DB_NAME}) ...", flush=True)
        fresh_database(env)

        import django

        django.setup()
        from django.db import connection, transaction

        from notifications.models import Notification
        from notifications.services import (
            NotificationDraft,
            notification_enqueue_many,
            notification_render,
        )

        worker = start_worker(env, concurrency=CONCURRENCY)
        rendered = notification_render(
            kind="staff_test_email", context={"requested_at": "1 December 2026 at 9:00am"}
        )
        print(
            f"Outbox -> Celery worker ({CONCURRENCY} processes, batches of "
            f"{os.environ.get('NOTIFICATIONS_BATCH_SIZE', '500')}) -> aiosmtpd on 127.0.0.1\n"
        )
        header = (
            f"{'messages':>9} {'enqueue s':>10} {'end-to-end s':>13} {'emails/s':>9} "
            f"{'worker peak RSS (process / tree)':>34} {'smtplib s':>10} {'smtplib/s':>10} "
            f"{'vs baseline':>12}"
        )
        print(header)
        print("-" * len(header))
        for run_number, size in enumerate(SIZES):
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {Notification._meta.db_table}")
            sink.clear()
            sampler = RssSampler(worker.pid)
            sampler.start()
            drafts = (
                NotificationDraft(
                    "staff_test_email",
                    f"subscriber{n}@example.com",
                    f"bench:{run_number}:{n}",
                    {"requested_at": "1 December 2026 at 9:00am"},
                )
                for n in range(size)
            )
            start = time.perf_counter()
            with transaction.atomic():
                notification_enqueue_many(drafts=drafts)
            enqueued = time.perf_counter() - start
            deadline = time.monotonic() + TIMEOUT
            while sink.count() < size:
                if time.monotonic() > deadline:
                    sys.exit(f"only {sink.count()} of {size} arrived within {TIMEOUT}s")
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
            sampler.running = False
            sampler.join()
            sink.clear()
            bare = baseline(sink, size, rendered)
            assert sink.count() == size
            peak_process, peak_tree = sampler.peak_process / 2**20, sampler.peak_tree / 2**20
            print(
                f"{size:>9} {enqueued:>10.1f} {elapsed:>13.1f} {size / elapsed:>9.0f} "
                f"{peak_process:>16.0f} MiB / {peak_tree:>6.0f} MiB "
                f"{bare:>10.1f} {size / bare:>10.0f} {bare / elapsed:>11.2f}x",
                flush=True,
            )
    finally:
        stop_worker(worker)
        sink.stop()
        redis.cleanup()


if __name__ == "__main__":
    main()
