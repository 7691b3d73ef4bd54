"""Service-wide Celery tasks."""

from celery import shared_task

from .services import sessions_clear_expired, worker_heartbeat_record


@shared_task(bind=True)
def record_worker_heartbeat(self):
    # Idempotent: an update in place keyed on the worker's hostname.
    worker_heartbeat_record(worker_hostname=self.request.hostname or "eager")


@shared_task
def clear_expired_sessions():
    # Beat, daily: an abandoned session must not outlive its idle expiry.
    sessions_clear_expired()
