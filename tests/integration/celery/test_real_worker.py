"""A task enqueued through Redis runs in a real worker process and writes the database."""

import pytest

from core.models import WorkerHeartbeat
from core.tasks import record_worker_heartbeat
from tests.support.celery_worker import real_worker
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]


def test_task_sent_through_redis_is_run_by_a_real_worker_and_its_row_is_visible():
    with real_worker() as worker:
        record_worker_heartbeat.delay()

        heartbeat = wait_until(
            lambda: WorkerHeartbeat.objects.filter(
                worker_hostname__startswith=worker.queue
            ).first(),
            timeout=30,
            message="the worker did not record its heartbeat",
        )

    assert heartbeat.worker_hostname.startswith(f"{worker.queue}@")
