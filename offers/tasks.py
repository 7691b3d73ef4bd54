"""Periodic work for offers: the one reminder before a conditional offer's deadline."""

from celery import shared_task

from . import services


@shared_task
def remind_unanswered_offers() -> int:
    return services.offer_reminders_send()
