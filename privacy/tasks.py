"""The daily retention job (beat: privacy-apply-retention)."""

from celery import shared_task

from .services import retention_apply


@shared_task
def apply_retention_schedule() -> dict:
    # Idempotent: a row already deleted or anonymised no longer matches its rule.
    return retention_apply()
