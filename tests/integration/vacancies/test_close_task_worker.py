"""The close task on a real Celery worker: run twice at once, each advert closes once."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories.vacancies import PublishedVacancyFactory
from tests.support.celery_worker import real_worker
from tests.support.waiting import wait_until
from vacancies.models import AuditAction, VacancyAuditEntry, VacancyStatus
from vacancies.tasks import close_expired_vacancies

SUCCEEDED = re.compile(r"close_expired_vacancies\[[^\]]+\] succeeded in [\d.]+s: (\d+)")

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_runs_on_a_real_worker_close_each_expired_advert_exactly_once(rocu):
    expired = PublishedVacancyFactory.create_batch(
        30, rocu=rocu, closing_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    still_open = PublishedVacancyFactory(rocu=rocu)

    with real_worker(concurrency=2) as worker:
        close_expired_vacancies.delay()
        close_expired_vacancies.delay()
        # Results are not stored (CELERY_TASK_IGNORE_RESULT); the worker logs each
        # task's return value: how many adverts that run closed.
        finished = wait_until(
            lambda: (
                SUCCEEDED.findall(worker.log())
                if len(SUCCEEDED.findall(worker.log())) == 2
                else None
            ),
            timeout=60,
            message="the worker did not finish both runs",
        )

    assert sum(int(count) for count in finished) == 30  # split however they raced, never doubled
    entries = VacancyAuditEntry.objects.filter(action=AuditAction.CLOSED)
    assert entries.count() == 30
    assert set(entries.values_list("vacancy_id", flat=True)) == {v.pk for v in expired}
    assert not entries.exclude(by=None).exists()
    still_open.refresh_from_db()
    assert still_open.status == VacancyStatus.PUBLISHED
