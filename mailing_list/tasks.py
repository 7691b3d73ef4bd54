"""Celery tasks for the mailing list: thin wrappers that call a service.

All are idempotent (acks_late redelivers a task whose worker died): fan-outs and
digests use insert-or-nothing idempotency keys, hygiene tasks are conditional
updates or deletes.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task
def run_alert_fan_out(fan_out_id: int) -> int:
    return services.alert_fan_out_run(fan_out_id=fan_out_id)


@shared_task
def resume_alert_fan_outs() -> int:
    """Beat: restart fan-outs whose task never ran (Redis down) or whose worker died."""
    stale_after = datetime.timedelta(seconds=settings.MAILING_LIST_FAN_OUT_STALE_SECONDS)
    ids = services.alert_fan_outs_pending_ids(stale_after=stale_after)
    for fan_out_id in ids:
        run_alert_fan_out.delay(fan_out_id)
    return len(ids)


@shared_task
def send_weekly_digest() -> int:
    """Beat, Monday morning: the digest of adverts opened in the week just ended."""
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    return services.weekly_digest_send(week_of=last_week)


@shared_task
def purge_unconfirmed_subscribers() -> int:
    return services.subscribers_purge_unconfirmed()


@shared_task
def request_yearly_reconfirmation() -> int:
    return services.subscribers_request_reconfirmation()


@shared_task
def remove_unanswered_subscribers() -> int:
    return services.subscribers_remove_unanswered()


@shared_task
def suppress_hard_bounces() -> int:
    """Beat, hourly: looks back two days, so a missed run or two loses nothing."""
    return services.subscribers_suppress_hard_bounces(within=datetime.timedelta(days=2))
