"""Beat tasks for references: chase unanswered requests, notice bounced ones.

Both are idempotent (settings: ``CELERY_BEAT_SCHEDULE["references-…"]``): a
late, repeated or concurrent run sends nothing twice (services docstrings).
"""

from celery import shared_task

from .services import references_chase_due, references_notice_bounces


@shared_task
def chase_reference_requests() -> int:
    return sum(references_chase_due().sent.values())


@shared_task
def notice_bounced_reference_requests() -> int:
    return references_notice_bounces()
