"""Periodic housekeeping for candidate sign-in."""

from celery import shared_task

from . import services


@shared_task
def delete_expired_sign_in_links() -> int:
    return services.sign_in_links_delete_expired()
