"""Periodic work for applications: the closing reminder for drafts, the nightly invariant check."""

from celery import shared_task

from . import services


@shared_task
def remind_unsubmitted_drafts() -> int:
    return services.application_drafts_remind()


@shared_task
def check_pipeline_invariants() -> int:
    return services.pipeline_invariants_check()


@shared_task
def send_pipeline_hr_digest() -> int:
    return services.pipeline_hr_digest_send()
