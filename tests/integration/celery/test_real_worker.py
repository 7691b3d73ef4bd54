"""A task enqueued through Redis runs in a real worker process and writes the database."""

import os

import pytest

from core.models import WorkerHeartbeat
from core.tasks import record_worker_heartbeat
from tests.support.celery_worker import real_worker
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]


def test_task_sent_through_redis_is_run_by_a_real_worker_and_its_row_is_visible():
    with real_worker() as worker:
        # The worker leads its own session and process group, as `celery worker` run
        # from a shell does (tests/support/celery_launch.py): the kill proofs signal it.
        assert os.getsid(worker.process.pid) == worker.process.pid
        assert os.getpgid(worker.process.pid) == worker.process.pid
        record_worker_heartbeat.delay()

        heartbeat = wait_until(
            lambda: WorkerHeartbeat.objects.filter(
                worker_hostname__startswith=worker.queue
            ).first(),
            timeout=30,
            message="the worker did not record its heartbeat",
        )

    assert heartbeat.worker_hostname.startswith(f"{worker.queue}@")
    # Stopped by a warm shutdown, the command line's own, named as a worker started
    # from a shell names its main process.
    assert worker.process.poll() == 0
    assert "Warm shutdown (MainProcess)" in worker.log()
