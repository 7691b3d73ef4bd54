"""Periodic work for bookings: the reminder before each slot."""

from celery import shared_task

from . import services


@shared_task
def send_booking_reminders() -> int:
    return services.booking_reminders_send()
