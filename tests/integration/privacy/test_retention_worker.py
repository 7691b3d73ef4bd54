"""The daily retention job, sent through Redis to a real worker, twice at once."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application
from mailing_list.models import Subscriber
from mailing_list.services import subscriber_register, subscriber_unsubscribe
from privacy.tasks import apply_retention_schedule
from tests.support.celery_worker import real_worker
from tests.support.waiting import wait_until
from vacancies.models import Vacancy

from .conftest import KEY

pytestmark = [pytest.mark.proof, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_applies_the_schedule_and_a_second_run_at_once_changes_nothing(person):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    Vacancy.objects.filter(pk=person.vacancy_id).update(
        published_at=long_ago - datetime.timedelta(days=30), closing_at=long_ago
    )
    subscriber_unsubscribe(subscriber=Subscriber.objects.get(address_key=KEY))
    Subscriber.objects.filter(address_key=KEY).update(unsubscribed_at=long_ago)

    with real_worker():
        apply_retention_schedule.delay()
        apply_retention_schedule.delay()  # beat and a manual run overlapping
        wait_until(
            lambda: (
                Application.objects.filter(pk=person.pk, anonymised_at__isnull=False).exists()
                and not Subscriber.objects.filter(address_key=KEY).exists()
            ),
            timeout=60,
            message="the worker did not apply the retention schedule",
        )
        anonymised_at = Application.objects.get(pk=person.pk).anonymised_at
        # The next day's run: only the new row past its period is handled.
        subscriber_register(
            email="later@example.com",
            first_name="Lee",
            wants_everywhere=True,
            rocu_ids=[],
            frequency="weekly",
        )
        later = Subscriber.objects.get(address_key="later@example.com")
        subscriber_unsubscribe(subscriber=later)
        Subscriber.objects.filter(pk=later.pk).update(unsubscribed_at=long_ago)
        apply_retention_schedule.delay()
        wait_until(
            lambda: not Subscriber.objects.filter(pk=later.pk).exists(),
            timeout=60,
            message="the second day's run did not happen",
        )

    application = Application.objects.get(pk=person.pk)
    assert application.anonymised_at == anonymised_at  # handled once, not again
    assert application.candidate_id is None and application.full_name == ""
    assert Application.objects.count() == 1
