"""Writes for service-wide rows."""

from django.utils import timezone

from .models import WorkerHeartbeat


def worker_heartbeat_record(*, worker_hostname: str) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_hostname=worker_hostname[:255], defaults={"last_seen_at": timezone.now()}
    )
    return heartbeat
