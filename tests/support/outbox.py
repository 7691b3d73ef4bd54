"""Pytest fixtures and helpers for outbox tests with a real broker, worker and SMTP server.

Import the fixtures into a conftest.py to use them::

    from tests.support.outbox import private_redis, smtp_sink, smtp_to_sink  # noqa: F401

* ``smtp_sink``: a recording SMTP server (tests/support/smtp_sink.py).
* ``smtp_to_sink``: this process's Django email goes over SMTP to that sink
  (for eager sends in the test process).
* ``private_redis``: a redis-server of the test's own (tests/support/redis_server.py),
  with this process's Celery app pointed at it and not eager for the test.
* ``outbox_worker(...)``: a context manager starting a real Celery worker on that
  Redis that sends to the sink (``start_worker`` with the right environment);
  ``outbox_workers(..., count=N)``: N of them, started and stopped side by side.
* ``outbox_beat(...)``: a real ``celery beat`` on that Redis (the periodic sweeper).
* ``settle(...)`` and ``sweep_until(...)``: the proof tests' bounded waits for the
  private broker to have nothing queued or in flight, and for a condition while
  the sweeper runs as beat would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import timedelta

import pytest
import redis as redis_client
from django.conf import settings
from django.utils import timezone

from tests.support.celery_worker import WORKER_READY, start_beat, start_worker, stop_together
from tests.support.redis_server import RedisServer
from tests.support.smtp_sink import SmtpSink
from tests.support.waiting import wait_until
from toex_recruit.celery import app as celery_app


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_to_sink(smtp_sink, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""  # noqa: S105
    settings.EMAIL_TIMEOUT = 10
    return smtp_sink


def _forget_broker_pools(*, close: bool) -> None:
    """Make the app look its pools up again for the current broker_url.

    The app caches its connection and producer pools for the URL it first used.
    kombu keeps a process-wide pool per URL, which the app finds again later,
    so only the private broker's pools are closed (on the way out).
    """
    if close:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        producer_pool = celery_app.amqp._producer_pool
        if producer_pool is not None:
            producer_pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_on_broker(broker_url: str, *, queue: str):
    """Point this process's Celery app at ``broker_url`` and ``queue``, not eager."""
    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_always_eager, conf.task_default_queue)
    _forget_broker_pools(close=False)
    conf.broker_url = broker_url
    conf.task_always_eager = False
    conf.task_default_queue = queue
    # Fail fast, not after a long retry, when the broker is down.
    conf.broker_connection_timeout = 2
    try:
        yield
    finally:
        _forget_broker_pools(close=True)
        conf.broker_url, conf.task_always_eager, conf.task_default_queue = previous


@pytest.fixture
def private_redis():
    import uuid

    server = RedisServer().start()
    queue = f"outbox-{uuid.uuid4().hex[:10]}"
    server.queue = queue
    with celery_on_broker(server.url, queue=queue):
        yield server
    server.cleanup()


@contextmanager
def outbox_worker(
    redis: RedisServer, sink: SmtpSink, *, concurrency: int = 1, extra_env: dict | None = None
):
    """A real worker consuming ``redis.queue`` and sending to ``sink``; stopped on exit."""
    with outbox_workers(redis, sink, count=1, concurrency=concurrency, extra_env=extra_env) as (
        worker,
    ):
        yield worker


@contextmanager
def outbox_workers(
    redis: RedisServer,
    sink: SmtpSink,
    *,
    count: int,
    concurrency: int = 1,
    extra_env: dict | None = None,
):
    """``count`` such workers, started side by side and stopped side by side (each
    takes seconds to start and to stop, most of it waiting)."""
    workers = []
    try:
        for _ in range(count):
            workers.append(
                start_worker(
                    queue=redis.queue,
                    broker_url=redis.url,
                    concurrency=concurrency,
                    extra_env={
                        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
                        "EMAIL_URL": sink.email_url,
                        "NOTIFICATIONS_BATCH_SIZE": str(settings.NOTIFICATIONS_BATCH_SIZE),
                        **(extra_env or {}),
                    },
                    wait=False,
                )
            )
        for worker in workers:
            worker.wait_ready(marker=WORKER_READY, timeout=60)
        yield workers
    finally:
        stop_together(workers)


@contextmanager
def outbox_beat(redis: RedisServer, sink: SmtpSink, *, extra_env: dict | None = None):
    """A real ``celery beat`` on that Redis: the periodic sweeper, as in production."""
    beat = start_beat(
        queue=redis.queue,
        broker_url=redis.url,
        extra_env={
            "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
            "EMAIL_URL": sink.email_url,
            **(extra_env or {}),
        },
    )
    try:
        yield beat
    finally:
        beat.stop()


# kombu's Redis transport keeps each message a worker has taken, and not yet
# acknowledged, in this hash until the task ends (CELERY_TASK_ACKS_LATE).
_UNACKED = "unacked"


def in_flight(redis: RedisServer) -> set[bytes]:
    """Delivery tags of the messages workers have taken and not finished."""
    return set(redis_client.Redis.from_url(redis.url).hkeys(_UNACKED))


def broker_idle(redis: RedisServer, *, ignore: Iterable[bytes] = ()) -> bool:
    """Nothing waiting in the test's queue and nothing in flight (but ``ignore``).

    ``ignore`` is what a SIGKILLed worker held: it stays in flight until the
    visibility timeout, long after the test, and nobody is working on it.
    """
    client = redis_client.Redis.from_url(redis.url)
    queued = sum(client.llen(key) for key in client.scan_iter(match=f"{redis.queue}*"))
    return queued == 0 and not (set(client.hkeys(_UNACKED)) - set(ignore))


def settle(
    redis: RedisServer,
    *,
    sweepers: Iterable[Callable[[], object]],
    ignore: Iterable[bytes] = (),
    timeout: float = 60,
) -> None:
    """Wait until the broker is idle, run the sweepers once (as beat would), wait again.

    After this nothing more can be sent: every task has finished, and whatever the
    sweepers queued has run too. So a duplicate would be at the sink by now.
    """
    ignore = set(ignore)
    # Idle for a moment, not an instant: a worker takes a message off the queue a
    # little before it records it as in flight.
    wait_until(
        lambda: broker_idle(redis, ignore=ignore),
        timeout=timeout,
        hold=0.5,
        message="the broker still had work queued or in flight",
    )
    for sweep in sweepers:
        sweep()
    wait_until(
        lambda: broker_idle(redis, ignore=ignore),
        timeout=timeout,
        hold=0.5,
        message="what the sweep queued did not finish",
    )


def sweep_until(
    predicate: Callable[[], object],
    *,
    sweepers: Iterable[Callable[[], object]],
    every: float = 2.0,
    timeout: float,
    message: str,
):
    """Wait for ``predicate``, running the sweepers every ``every`` seconds meanwhile."""
    sweepers = tuple(sweepers)
    next_sweep = 0.0

    def swept():
        nonlocal next_sweep
        if time.monotonic() >= next_sweep:
            for sweep in sweepers:
                sweep()
            next_sweep = time.monotonic() + every
        return predicate()

    return wait_until(swept, timeout=timeout, interval=0.1, message=message)


def wait_past_lease(*, timeout: float = 60) -> None:
    """Until every claim still held is older than the lease, so one sweep takes all back.

    Run only while no worker is alive (a short test lease would take a live claim).
    """
    from notifications.models import Notification, NotificationStatus

    def expired():
        lease = timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS)
        return not Notification.objects.filter(
            status=NotificationStatus.SENDING, claimed_at__gte=timezone.now() - lease
        ).exists()

    wait_until(expired, timeout=timeout, interval=0.1, message="claims still within the lease")
