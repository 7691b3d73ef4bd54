"""Outbox tasks: thin wrappers over services. Idempotent by the row claim."""

from celery import shared_task

from . import services


@shared_task
def send_batch(ids: list[int]) -> dict:
    result = services.notification_send_batch(ids=[int(pk) for pk in ids])
    return {"sent": result.sent, "failed": result.failed, "retried": result.retried}


@shared_task
def sweep_outbox(requeue_all_due: bool = False) -> dict:
    result = services.notification_sweep(requeue_all_due=requeue_all_due)
    return {
        "reclaimed": result.reclaimed,
        "abandoned": result.abandoned,
        "queued": result.queued,
        "dead_workers": result.dead_workers,
    }
