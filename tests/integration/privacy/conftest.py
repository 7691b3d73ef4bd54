"""Shared set-up for the privacy tests: one candidate with everything the service holds."""

import datetime

import pytest
from django.utils import timezone

from applications.services import application_withdraw
from mailing_list.models import Subscriber
from mailing_list.services import subscriber_register
from notifications.models import Notification
from tests.factories.applications import open_vacancy, submitted_application

EMAIL = "Robin.Person@Example.com"
KEY = EMAIL.lower()


@pytest.fixture
def vacancy():
    return open_vacancy()


@pytest.fixture
def person(vacancy):
    """A withdrawn application, a confirmed subscription and sent emails, all for one address."""
    application = submitted_application(KEY, vacancy=vacancy, adjustments_detail="")
    application = application_withdraw(
        application=application, at=timezone.now(), reason="Took another job in Leeds"
    )
    subscriber_register(
        email=EMAIL, first_name="Robin", wants_everywhere=True, rocu_ids=[], frequency="weekly"
    )
    Subscriber.objects.filter(address_key=KEY).update(
        status="confirmed", confirmed_at=timezone.now()
    )
    Notification.objects.update(status="sent", sent_at=timezone.now())
    return application


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
