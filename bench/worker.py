"""A real Celery worker for the benches that send email (bench/fanout.py, bench/pipeline.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_worker(env: dict[str, str], *, concurrency: int) -> subprocess.Popen:
    """A prefork worker in its own process group, started and given 5 s to be ready."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "toex_recruit", "worker", "--concurrency",
         str(concurrency), "--pool", "prefork", "--loglevel", "WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(5)  # start-up; tasks queued earlier simply wait in Redis
    if worker.poll() is not None:
        sys.exit("the Celery worker exited during start-up")
    return worker


def stop_worker(worker: subprocess.Popen | None) -> None:
    """SIGTERM to its process group, SIGKILL after 30 s (only the group this bench started)."""
    if worker is None or worker.poll() is not None:
        return
    os.killpg(worker.pid, 15)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, 9)
        worker.wait(timeout=10)
