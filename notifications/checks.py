"""System checks for outbox settings that would break its guarantees (docs/outbox.md)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_outbox_settings(app_configs=None, **kwargs):
    errors = []
    lease = settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS
    if lease <= settings.CELERY_TASK_TIME_LIMIT:
        errors.append(
            checks.Error(
                "NOTIFICATIONS_CLAIM_LEASE_SECONDS must be longer than CELERY_TASK_TIME_LIMIT.",
                hint="Otherwise the sweeper can take back rows a live worker is still "
                "sending, and they may be sent twice.",
                id="notifications.E001",
            )
        )
    rate = settings.NOTIFICATIONS_MAX_PER_SECOND
    if (
        rate > 0
        and settings.NOTIFICATIONS_BATCH_SIZE / rate >= settings.CELERY_TASK_SOFT_TIME_LIMIT
    ):
        errors.append(
            checks.Warning(
                "A batch cannot be sent within the task's soft time limit at this send rate.",
                hint="Lower NOTIFICATIONS_BATCH_SIZE or raise NOTIFICATIONS_MAX_PER_SECOND: "
                "every batch would stop part-way and be handed back.",
                id="notifications.W001",
            )
        )
    return errors
