"""Periodic work for applications: the closing reminder for unsubmitted drafts."""

from celery import shared_task

from . import services


@shared_task
def remind_unsubmitted_drafts() -> int:
    return services.application_drafts_remind()
