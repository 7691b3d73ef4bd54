"""The real-worker proofs of a periodic task that writes outbox rows: run twice at once,
and SIGKILLed in the middle of a run, each email still goes exactly once.

One scaffold for every such task (the offers' reminders, the references' chasers):

* ``finished_runs(worker, task, count=…)`` (tests/support/celery_worker.py): what
  each run returned, read from the worker's log;
* ``twice_at_once_then_again(…)``: two runs at once on a two-process worker, then
  beat's next run once the broker has settled;
* ``killed_mid_run(…)``: the test holds, uncommitted, the outbox row of one email the
  run will write; the run waits on that row's key when it gets there, so a SIGKILL
  lands mid-run at a point the test chose. The row is then rolled back (the key is
  free again) and what the dead worker held at the broker is returned;
* ``rerun_until_all_written(…)``: a new worker, and the task run again every couple
  of seconds as beat would, until every row is written and every email at the sink;
  then the broker settles, so the counts the test reads are final.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from notifications.models import Notification
from notifications.services import notification_sweep
from tests.support.celery_worker import WorkerProcess, finished_runs
from tests.support.outbox import in_flight, outbox_worker, settle, sweep_until
from tests.support.redis_server import RedisServer
from tests.support.smtp_sink import SmtpSink
from tests.support.waiting import wait_until


def waiting_on_this_session() -> bool:
    """Another database session is waiting for a lock this test's session holds.

    Asked of PostgreSQL's lock table, which (unlike ``pg_stat_activity``) is read
    afresh by every statement, also inside the test's open transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted"
            " AND pg_backend_pid() = ANY (pg_blocking_pids(pid)))"
        )
        return cursor.fetchone()[0]


def killed_mid_run(
    redis: RedisServer,
    sink: SmtpSink,
    *,
    task,
    held_kind: str,
    held_key: str,
    stuck: Callable[[WorkerProcess], object],
    extra_env: dict | None = None,
) -> set[bytes]:
    """Start ``task`` on a one-process worker while the outbox key ``held_key`` is held.

    ``stuck(worker)`` waits (and fails if it never comes) until the run is stuck on
    the held key; the worker is then SIGKILLed, whole process group, and the held
    row rolled back. Returns the delivery tags the dead worker left in flight (for
    ``settle``'s ``ignore``).
    """
    with transaction.atomic():
        Notification.objects.create(
            kind=held_kind, to_email="blocker@example.com", idempotency_key=held_key
        )
        with outbox_worker(redis, sink, concurrency=1, extra_env=extra_env) as worker:
            task.delay()
            stuck(worker)
            worker.kill()
        transaction.set_rollback(True)  # the key is free again
    return in_flight(redis)


def rerun_until_all_written(
    redis: RedisServer,
    sink: SmtpSink,
    *,
    task,
    rows: Callable[[], int],
    at_sink: Callable[[], dict],
    expected: int,
    dead: set[bytes],
    extra_env: dict | None = None,
) -> None:
    """A new worker; ``task`` again every 2 s (as beat would) until ``rows()`` is ``expected``
    (rows the dead run held stay locked until its database session ends), every email
    at the sink, and the broker settled."""
    with outbox_worker(redis, sink, concurrency=2, extra_env=extra_env):
        sweep_until(
            lambda: rows() == expected,
            sweepers=[task.delay],
            every=2.0,
            timeout=120,
            message=f"what the killed run of {task.name} had not written was never written",
        )
        wait_until(
            lambda: len(at_sink()) >= expected,
            timeout=120,
            message="not every email arrived",
        )
        settle(redis, sweepers=[notification_sweep], ignore=dead)


def twice_at_once_then_again(
    redis: RedisServer,
    sink: SmtpSink,
    *,
    task,
    at_sink: Callable[[], dict],
    expected: int,
    extra_env: dict | None = None,
) -> list[int]:
    """Two runs of ``task`` at once on a two-process worker, then, once every email is at
    the sink and the broker settled, beat's next run (which must find nothing more to
    send). Returns what the two concurrent runs returned."""
    with outbox_worker(redis, sink, concurrency=2, extra_env=extra_env) as worker:
        task.delay()
        task.delay()
        finished = finished_runs(worker, task, count=2)
        wait_until(
            lambda: len(at_sink()) >= expected,
            timeout=120,
            message="not every email arrived",
        )
        # Once all that has settled: the sweeper, and beat's next run of the task.
        settle(redis, sweepers=[notification_sweep, task.delay])
    return finished


def assert_one_each(at_sink: dict[str, int], addresses: set[str]) -> None:
    """Every one of ``addresses`` got the email, and nobody got it twice."""
    assert set(at_sink) == addresses
    assert max(at_sink.values()) == 1, "someone got the email twice"
