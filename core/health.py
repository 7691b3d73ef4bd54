"""Checks behind /healthz: can we reach the database and the broker right now?"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    healthy: bool
    detail: str


def check_database() -> ComponentStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return ComponentStatus("database", False, type(error).__name__)
    return ComponentStatus("database", True, connection.vendor)


def check_broker() -> ComponentStatus:
    # The embedded default: kombu's in-memory transport ("memory://localhost/").
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith("memory://"):
        return ComponentStatus("broker", True, "embedded (tasks run in-process)")
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as error:
        return ComponentStatus("broker", False, type(error).__name__)
    return ComponentStatus("broker", True, "redis")
