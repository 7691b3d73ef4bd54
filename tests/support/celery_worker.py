"""Start a real Celery worker process against the test database and Redis.

Each worker gets its own queue name, so test runs sharing one Redis never take
each other's tasks; it is stopped (or killed) by process group, never by name.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.support import celery_launch
from tests.support.waiting import wait_until
from toex_recruit.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER_READY = " ready."  # what a worker logs once it consumes its queues

# The test being run (set by tests/conftest.py): a worker may start only in a
# test marked ``proof``, so ``make test-fast`` never waits for one.
current_test = None
# Where the workers' logs and beat's schedules go (set by tests/conftest.py to a folder
# of pytest's base temporary directory, which pytest prunes to the last three runs);
# the system's temporary folder when unset.
log_dir: Path | None = None


class WorkerProcess:
    def __init__(
        self, process: celery_launch.LaunchedProcess, log_path: Path, queue: str, name: str
    ):
        self.process = process
        self.log_path = log_path
        self.queue = queue
        self.name = name  # "worker" or "beat", for messages

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, *, marker: str, timeout: float) -> WorkerProcess:
        """Return once the log shows ``marker``; stop it and fail if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.log():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"celery {self.name} exited during start-up:\n{self.log()}")
            time.sleep(0.02)  # reading a few kilobytes of log: cheap, and start-up is seconds
        self.stop()
        raise RuntimeError(f"celery {self.name} not ready after {timeout}s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the whole process group and wait until every process in it has exited.

        Waiting for the pool's children too matters: one that outlives the main
        process keeps a connection to the test database, which then cannot be dropped.
        (Exited, not reaped: init reaps them, in its own time; see ``_live_members``.)
        """
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        self._wait_until_gone(timeout=30)

    def stop(self) -> None:
        """Warm shutdown, then SIGKILL whatever is left after 20 seconds.

        SIGTERM goes to the main process only: it lets running tasks finish, then
        stops its pool. The pool's children die at once on a SIGTERM of their own
        (Celery resets it to the default), so signalling the group would cut a task
        off between sending an email and recording it as sent.
        """
        self.request_stop()
        self._wait_until_gone(timeout=20)

    def request_stop(self) -> None:
        """The SIGTERM of ``stop`` without the wait: see ``stop_together``."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)

    def _wait_until_gone(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Reap the main process (or it stays a zombie in the group); while it runs,
            # the group is certainly not gone, and /proc need not be read.
            if self.process.poll() is not None and not _live_members(self.process.pid):
                return
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def stop_together(processes: list[WorkerProcess]) -> None:
    """``stop`` each of ``processes``, all at once: a warm shutdown takes a couple of
    seconds, spent mostly in the pool's threads' polling, not in work."""
    for process in processes:
        process.request_stop()
    for process in processes:
        process._wait_until_gone(timeout=20)


def _live_members(group: int) -> bool:
    """Whether any process of the process group ``group`` is still running.

    A zombie does not count: it has exited (its files and sockets, so its database
    connection, are closed) and only waits to be reaped. The pool's children of a
    SIGKILLed worker are reaped by init, which here takes a second or more.
    Without /proc (not Linux), any member counts, zombie or not.
    """
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split(maxsplit=3)[:3]
        if int(pgrp) == group and state != "Z":
            return True
    return False


def _database_url() -> str:
    db = connection.settings_dict  # the test database pytest-django made
    user = db["USER"] or "postgres"
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _start_celery(
    command: list[str],
    *,
    queue: str,
    broker_url: str,
    extra_env: dict[str, str] | None,
    ready_marker: str,
    ready_timeout: float,
    wait: bool = True,
) -> WorkerProcess:
    """``celery -A toex_recruit <command>`` in its own process group, on the test
    database and ``broker_url``; returns once its log shows ``ready_marker``
    (at once with ``wait=False``: then call ``wait_ready`` before relying on it)."""
    log_fd, log_name = tempfile.mkstemp(prefix=f"celery-{command[0]}-", suffix=".log", dir=log_dir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        # Celery's Django fix-up runs every system check as each worker or beat starts
        # (~0.14 CPU-s; 33 start in a run of the proofs). The checks are tested as
        # `manage.py check` in tests/integration/core/test_settings.py.
        "CELERY_SKIP_CHECKS": "1",
        **(extra_env or {}),
    }
    os.close(log_fd)  # the process opens the log itself
    # `python -m celery -A toex_recruit ...` in a session (process group) of its own:
    # kill it and its children together. Forked from a server that has done Celery's
    # and Django's imports (tests/support/celery_launch.py).
    process = celery_launch.launch(
        ["-A", "toex_recruit", *command, "--loglevel", "INFO"],
        env=env,
        cwd=REPO_ROOT,
        log_path=Path(log_name),
    )
    started = WorkerProcess(process, Path(log_name), queue, command[0])
    return started.wait_ready(marker=ready_marker, timeout=ready_timeout) if wait else started


def start_worker(
    *,
    queue: str,
    broker_url: str | None = None,
    concurrency: int = 1,
    extra_env: dict[str, str] | None = None,
    ready_timeout: float = 60,
    wait: bool = True,
) -> WorkerProcess:
    if current_test is not None and current_test.get_closest_marker("proof") is None:
        raise RuntimeError(f"{current_test.nodeid} starts a Celery worker: mark it proof")
    return _start_celery(
        [
            "worker",
            "--queues",
            queue,
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--hostname",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            # Celery's own heartbeat events (every 2 s) are for monitoring tools, which
            # tests have none of; the outbox's liveness beat is another thing
            # (notifications/liveness.py) and stays.
            "--without-heartbeat",
        ],
        queue=queue,
        broker_url=broker_url or settings.CELERY_BROKER_URL,
        extra_env=extra_env,
        ready_marker=WORKER_READY,
        ready_timeout=ready_timeout,
        wait=wait,
    )


def start_beat(
    *, queue: str, broker_url: str, extra_env: dict[str, str] | None = None, ready_timeout=30
) -> WorkerProcess:
    """A real ``celery beat`` sending the whole CELERY_BEAT_SCHEDULE to ``queue``.

    Its own schedule file in a temporary directory and no pidfile, so runs never
    share state; stopped like a worker, by process group.
    """
    schedule_dir = tempfile.mkdtemp(prefix="celery-beat-", dir=log_dir)
    return _start_celery(
        ["beat", "--schedule", f"{schedule_dir}/schedule", "--pidfile="],
        queue=queue,
        broker_url=broker_url,
        extra_env=extra_env,
        ready_marker="beat: Starting",
        ready_timeout=ready_timeout,
    )


@contextmanager
def real_worker(**kwargs):
    """Route this process's tasks to a fresh worker through Redis for the block."""
    queue = kwargs.pop("queue", None) or f"test-{uuid.uuid4().hex[:12]}"
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    worker = start_worker(queue=queue, **kwargs)
    try:
        yield worker
    finally:
        worker.stop()
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous


def succeeded_runs(worker: WorkerProcess, task) -> list[int]:
    """What each run of ``task`` that has succeeded on ``worker`` so far returned.

    Read from the worker's log: results are not stored (``CELERY_TASK_IGNORE_RESULT``),
    and the worker logs each task's return value.
    """
    succeeded = re.compile(rf"{re.escape(task.name)}\[[^\]]+\] succeeded in [\d.]+s: (\d+)")
    return [int(value) for value in succeeded.findall(worker.log())]


def finished_runs(worker: WorkerProcess, task, *, count: int, timeout: float = 120) -> list[int]:
    """Once ``count`` runs of ``task`` have succeeded on ``worker``: what each returned."""

    def all_finished():
        runs = succeeded_runs(worker, task)
        return runs if len(runs) == count else None

    return wait_until(
        all_finished,
        timeout=timeout,
        message=f"the worker did not finish {count} runs of {task.name}",
    )
