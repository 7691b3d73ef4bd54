"""Celery tasks for adverts: closing those whose closing time has passed.

Beat runs this every minute (settings: ``CELERY_BEAT_SCHEDULE["vacancies-close-expired"]``).
The public pages never rely on it having run ("open" also checks closing_at),
so a late or repeated run is harmless: the service is idempotent.
"""

from celery import shared_task

from .services import vacancies_close_expired


@shared_task
def close_expired_vacancies() -> int:
    return vacancies_close_expired()
