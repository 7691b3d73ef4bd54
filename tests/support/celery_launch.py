"""Start ``celery -A toex_recruit ...`` processes from a fork server with Celery's imports done.

Every real worker and beat of the proofs is the ``celery`` command line, run in a
process of its own, in a session (process group) of its own, with its own
environment and log. Only the start is shortened: a fork server (the standard
library's ``multiprocessing`` ``forkserver``) imports Celery, kombu, billiard,
Redis's client, psycopg2 and Django's framework modules once, and each worker is
forked from it and then runs the command line's own ``main()``, as
``python -m celery`` does. Those imports were most of what a worker cost the
suite: a start and warm stop took 1.15 to 1.28 CPU-seconds through ``Popen``,
~0.5 from the fork server (six in a row, the fork server's own start included;
four times through ``Popen``, twice from the fork server with these imports), and
a run of ``make test`` starts about 40 workers and beats.

Nothing of ours is imported before the fork: the settings, and so the database,
broker and queue each worker is given, are read in the worker after its
environment is set, exactly as in a process started afresh (checked: a worker
refuses to start if Django's settings were already configured).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

# Third-party modules only, imported by the fork server before any fork; none of them
# reads Django's settings or the environment's service URLs at import (the worker
# would refuse to start: see _run_celery). The heaviest a worker imports, by
# `python -X importtime`. The fork server skips an import that fails without a word:
# tests/integration/celery/test_celery_launch.py imports each, with no settings.
PRELOAD = [
    "celery.bin.celery",
    "celery.apps.worker",
    "celery.apps.beat",
    "celery.worker.consumer",
    "celery.concurrency.prefork",
    "kombu.transport.redis",
    "amqp",
    "redis",
    "psycopg2",
    "icalendar",
    "yaml",
    "psutil",
    "sqlparse",
    "cffi",
    "pycparser",
    "django.db.models",
    "django.forms",
    "django.template.defaulttags",
    "django.template.defaultfilters",
    "django.http",
    "django.urls",
    "django.core.checks",
    "django.core.mail",
    "django.core.serializers.json",
    "django.utils.log",
    "django.contrib.admin",
]

_context = None


def _fork_server():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _run_celery(argv: list[str], env: dict[str, str], cwd: str, log_path: str) -> None:
    """In the forked process: become ``python -m celery <argv>`` in a session of its own."""
    # What the fork server imported lives as long as the process: out of the garbage
    # collector's sight, the worker's full collections (importing our apps, Django's
    # set-up) no longer walk it. ~0.1 CPU-s less a worker (docs/testing.md).
    gc.freeze()
    os.setsid()  # its own process group, as Popen(start_new_session=True) gave
    os.chdir(cwd)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.environ.clear()
    os.environ.update(env)
    # Celery's log lines name the process; in a process started afresh it is this.
    multiprocessing.current_process().name = "MainProcess"
    from django.conf import settings

    if settings.configured:
        raise RuntimeError("Django's settings were read before the worker's environment was set")
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    sys.argv = ["celery", *argv]
    from celery.__main__ import main

    main()


class LaunchedProcess:
    """The part of ``subprocess.Popen`` the tests use, for a process from the fork server."""

    def __init__(self, process):
        self._process = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return None if self._process.is_alive() else self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        returncode = self.poll()
        if returncode is None:
            raise subprocess.TimeoutExpired(["celery", f"pid {self.pid}"], timeout)
        return returncode


def launch(argv: list[str], *, env: dict[str, str], cwd: Path, log_path: Path) -> LaunchedProcess:
    # Daemonic: a worker that a failed test left running is terminated when the test
    # process exits, instead of that exit waiting for it. (The flag only concerns
    # multiprocessing's own children; Celery's pool is billiard's.)
    process = _fork_server().Process(
        target=_run_celery, args=(argv, env, str(cwd), str(log_path)), daemon=True
    )
    process.start()
    return LaunchedProcess(process)
