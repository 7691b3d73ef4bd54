"""The close task on a real Celery worker: run twice at once, each advert closes once."""

import datetime

import pytest
from django.utils import timezone

from tests.factories.vacancies import PublishedVacancyFactory
from tests.support.celery_worker import finished_runs, real_worker
from vacancies.models import AuditAction, VacancyAuditEntry, VacancyStatus
from vacancies.tasks import close_expired_vacancies

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_runs_on_a_real_worker_close_each_expired_advert_exactly_once(rocu):
    expired = PublishedVacancyFactory.create_batch(
        30, rocu=rocu, closing_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    still_open = PublishedVacancyFactory(rocu=rocu)

    with real_worker(concurrency=2) as worker:
        close_expired_vacancies.delay()
        close_expired_vacancies.delay()
        # How many adverts each run closed.
        finished = finished_runs(worker, close_expired_vacancies, count=2, timeout=60)

    assert sum(finished) == 30  # split however they raced, never doubled
    entries = VacancyAuditEntry.objects.filter(action=AuditAction.CLOSED)
    assert entries.count() == 30
    assert set(entries.values_list("vacancy_id", flat=True)) == {v.pk for v in expired}
    assert not entries.exclude(by=None).exists()
    still_open.refresh_from_db()
    assert still_open.status == VacancyStatus.PUBLISHED
