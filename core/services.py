"""Writes for service-wide rows."""

from importlib import import_module

from django.conf import settings
from django.utils import timezone

from .models import WorkerHeartbeat


def worker_heartbeat_record(*, worker_hostname: str) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_hostname=worker_hostname[:255], defaults={"last_seen_at": timezone.now()}
    )
    return heartbeat


def sessions_clear_expired() -> None:
    """Delete every expired session row (idle staff, signed-in candidates gone idle).

    Idempotent; the session engine decides what "expired" means (its expire_date).
    """
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
