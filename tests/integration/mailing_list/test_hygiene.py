"""Hygiene tasks: purge unconfirmed, suppress bounces, yearly re-confirmation."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from mailing_list import emails
from mailing_list.models import Subscriber, SubscriberStatus
from mailing_list.services import subscriber_suppress
from mailing_list.tasks import (
    purge_unconfirmed_subscribers,
    remove_unanswered_subscribers,
    request_yearly_reconfirmation,
)
from mailing_list.tokens import Purpose

from .conftest import make_subscriber, queued, token_path

pytestmark = pytest.mark.django_db


def _ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def test_unconfirmed_sign_ups_older_than_seven_days_are_purged():
    old = make_subscriber(
        "old@example.com", status=SubscriberStatus.PENDING, consented_at=_ago(days=8)
    )
    fresh = make_subscriber(
        "new@example.com", status=SubscriberStatus.PENDING, consented_at=_ago(days=6)
    )
    confirmed = make_subscriber("ok@example.com", consented_at=_ago(days=30))

    assert purge_unconfirmed_subscribers() == 1
    assert purge_unconfirmed_subscribers() == 0

    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, confirmed.pk}
    assert old.pk not in remaining


def test_a_hard_bounce_suppresses_the_address_and_revokes_its_links(client):
    subscriber = make_subscriber("Sam@example.com", everywhere=True)
    unsubscribe = token_path(subscriber, Purpose.MANAGE)

    assert subscriber_suppress(email=" sam@EXAMPLE.com", reason="550 5.1.1 user unknown") == 1
    assert subscriber_suppress(email="sam@example.com", reason="again") == 0

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUPPRESSED
    assert subscriber.suppression_reason == "550 5.1.1 user unknown"
    assert client.get(unsubscribe).status_code == 404


def test_yearly_check_asks_once_and_removes_those_who_do_not_answer(client):
    with time_machine.travel(_ago(days=400)):
        due = make_subscriber("due@example.com", everywhere=True)
    recent = make_subscriber("recent@example.com", everywhere=True)

    assert request_yearly_reconfirmation() == 1
    assert request_yearly_reconfirmation() == 0
    (row,) = queued(emails.RECONFIRM)
    assert row.to_email == "due@example.com"
    assert "/register-interest/keep/" in row.context["keep_url"]
    assert "/register-interest/unsubscribe/" in row.context["unsubscribe_url"]

    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        assert remove_unanswered_subscribers() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert remove_unanswered_subscribers() == 1

    assert list(Subscriber.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Subscriber.objects.filter(pk=due.pk).exists()


def test_answering_keep_stops_the_removal(client):
    with time_machine.travel(_ago(days=400)):
        subscriber = make_subscriber("due@example.com", everywhere=True)
    request_yearly_reconfirmation()
    (row,) = queued(emails.RECONFIRM)

    client.post(row.context["keep_url"].removeprefix("https://recruit.toex.test"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        assert remove_unanswered_subscribers() == 0

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_a_5xx_recipient_refusal_suppresses_the_subscriber_and_a_4xx_does_not(
    smtp_to_sink, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from mailing_list.tasks import suppress_hard_bounces
    from notifications.models import Notification, NotificationStatus
    from tests.factories.vacancies import PublishedVacancyFactory
    from vacancies.events import vacancy_published

    gone = make_subscriber("gone@example.com", everywhere=True)
    busy = make_subscriber("busy@example.com", everywhere=True)
    fine = make_subscriber("fine@example.com", everywhere=True)
    smtp_to_sink.rcpt_replies["gone@example.com"] = "550 5.1.1 No such user here"
    smtp_to_sink.rcpt_replies["busy@example.com"] = "452 4.2.2 Mailbox full"

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        vacancy = PublishedVacancyFactory()
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)

    assert smtp_to_sink.by_recipient() == {"fine@example.com": 1}
    assert Notification.objects.get(to_email="gone@example.com").status == NotificationStatus.FAILED
    assert suppress_hard_bounces() == 1
    assert suppress_hard_bounces() == 0
    for subscriber in (gone, busy, fine):
        subscriber.refresh_from_db()
    assert gone.status == SubscriberStatus.SUPPRESSED
    assert gone.suppression_reason == "Hard bounce: SMTP 550"
    refused = Notification.objects.get(to_email="gone@example.com")
    assert (refused.failure_reason, refused.smtp_code) == ("recipient_refused", 550)
    full = Notification.objects.get(to_email="busy@example.com")
    assert (full.status, full.smtp_code) == (NotificationStatus.PENDING, 452)
    assert busy.status == SubscriberStatus.CONFIRMED
    assert fine.status == SubscriberStatus.CONFIRMED
