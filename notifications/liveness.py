"""Which outbox worker processes are alive: one heartbeat key per process in Redis.

Each Celery worker process (prefork child) takes an identity when it starts and
keeps ``toex:outbox:worker:<identity>`` alive in the broker's Redis from a
background thread, every ``NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS`` with a TTL
of three beats. Claims record that identity (``Notification.claimed_by``), so
the sweeper can take back the claims of a process whose key has expired — a
worker SIGKILLed, OOM-killed or powered off — within seconds, instead of
waiting for the claim lease (longer than the task time limit). docs/outbox.md
explains why this keeps exactly-once.

Two moments also call for a sweep straight away, with every due row re-queued:

* a worker starting (``worker_ready``): it may replace one that died holding
  tasks the broker will not hand out again until their visibility timeout;
* the broker coming back after an outage (the heartbeat fails, then succeeds):
  sends queued while it was down never reached it.

Outside a worker (web, tests, eager mode) there is no identity and no thread,
and claims fall back to the lease alone.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from celery import current_app
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready
from django.conf import settings
from redis import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

KEY_PREFIX = "toex:outbox:worker:"
_SWEEP_LOCK_KEY = "toex:outbox:sweep-after-outage"

_identity = ""
_stop = threading.Event()


def worker_identity() -> str:
    """This process's identity if it is a worker with a heartbeat, else ""."""
    return _identity


def heartbeat_ttl_seconds() -> int:
    return 3 * settings.NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS


def _redis() -> Redis | None:
    url = current_app.conf.broker_url or ""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None  # eager / in-memory broker: no worker processes to watch
    timeout = max(1, settings.NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS)
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def _beat(client: Redis) -> None:
    client.set(KEY_PREFIX + _identity, "1", ex=heartbeat_ttl_seconds())


def alive(identities: list[str]) -> set[str] | None:
    """The identities among ``identities`` whose heartbeat is current.

    None if Redis cannot be asked: then nobody may be presumed dead.
    """
    if not identities:
        return set()
    client = _redis()
    if client is None:
        return None
    try:
        values = client.mget([KEY_PREFIX + identity for identity in identities])
    except RedisError:
        return None
    finally:
        client.close()
    return {identity for identity, value in zip(identities, values, strict=True) if value}


def _request_sweep(*, reason: str) -> None:
    from .tasks import sweep_outbox

    try:
        sweep_outbox.apply_async(kwargs={"requeue_all_due": True}, retry=False)
    except Exception as error:  # noqa: BLE001 - the periodic sweep will do it anyway
        logger.warning(
            "Could not queue an outbox sweep after %s (%s)", reason, type(error).__name__
        )
    else:
        logger.info("Outbox sweep queued after %s", reason)


def _heartbeat_loop(client: Redis, *, failing: bool) -> None:
    interval = settings.NOTIFICATIONS_WORKER_HEARTBEAT_SECONDS
    while not _stop.wait(interval):
        try:
            _beat(client)
        except RedisError:
            if not failing:
                # Once per outage: from here on, the broker's return triggers a sweep.
                logger.warning("Outbox heartbeat: broker unreachable; will sweep when it returns")
            failing = True
            continue
        if failing:
            failing = False
            # One process of all those whose heartbeat came back asks for the sweep.
            try:
                first = client.set(_SWEEP_LOCK_KEY, _identity, nx=True, ex=interval * 2)
            except RedisError:
                continue
            if first:
                _request_sweep(reason="the broker came back")


@worker_process_init.connect(dispatch_uid="notifications.liveness.start")
def start_heartbeat(**kwargs) -> None:
    """In each new worker process: take an identity, beat once, keep beating."""
    global _identity
    client = _redis()
    if client is None:
        return
    _identity = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    _stop.clear()
    try:
        _beat(client)
    except RedisError:
        # Started in an outage: the broker's return must trigger a sweep here too, or
        # the rows saved meanwhile would wait for the periodic sweep's grace period.
        logger.warning("Outbox heartbeat: broker unreachable at start; will sweep when it returns")
        failing = True
    else:
        failing = False
    threading.Thread(
        target=_heartbeat_loop,
        args=(client,),
        kwargs={"failing": failing},
        name="outbox-heartbeat",
        daemon=True,
    ).start()


@worker_process_shutdown.connect(dispatch_uid="notifications.liveness.stop")
def stop_heartbeat(**kwargs) -> None:
    """A clean exit holds no claims (tasks finished or handed back): forget us now."""
    _stop.set()
    client = _redis()
    if client is None or not _identity:
        return
    try:
        client.delete(KEY_PREFIX + _identity)
    except RedisError:
        pass
    finally:
        client.close()


@worker_ready.connect(dispatch_uid="notifications.liveness.sweep_on_start")
def sweep_when_a_worker_starts(**kwargs) -> None:
    _request_sweep(reason="a worker started")
