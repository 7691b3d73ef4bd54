"""Alerts on publication: fan-out matching in SQL, idempotent on replay; weekly digest."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from accounts.models import Rocu
from mailing_list import emails, services
from mailing_list.models import AlertFanOut, Frequency, SubscriberStatus
from mailing_list.tasks import resume_alert_fan_outs, send_weekly_digest
from tests.factories.vacancies import PublishedVacancyFactory
from vacancies.events import vacancy_published

from .conftest import make_subscriber, queued

pytestmark = pytest.mark.django_db


def publish(capture, **fields):
    """Publish an advert the way vacancies.services does: signal inside the transaction."""
    with capture(execute=True), transaction.atomic():
        vacancy = PublishedVacancyFactory(**fields)
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)
    return vacancy


def test_publishing_alerts_matching_immediate_subscribers_only(django_capture_on_commit_callbacks):
    everywhere = make_subscriber("any@example.com", everywhere=True)
    north_east = make_subscriber("ne@example.com", rocu_slugs=["nersou", "emsou"])
    make_subscriber("em@example.com", rocu_slugs=["emsou"])
    make_subscriber("weekly@example.com", everywhere=True, frequency=Frequency.WEEKLY)
    make_subscriber("pending@example.com", everywhere=True, status=SubscriberStatus.PENDING)
    make_subscriber("gone@example.com", everywhere=True, status=SubscriberStatus.UNSUBSCRIBED)
    make_subscriber("bounced@example.com", everywhere=True, status=SubscriberStatus.SUPPRESSED)

    vacancy = publish(django_capture_on_commit_callbacks, rocu=Rocu.objects.get(slug="nersou"))

    rows = queued(emails.ALERT)
    assert sorted(row.to_email for row in rows) == ["any@example.com", "ne@example.com"]
    assert {row.idempotency_key for row in rows} == {
        f"alert:{vacancy.pk}:{everywhere.pk}",
        f"alert:{vacancy.pk}:{north_east.pk}",
    }
    context = rows[0].context
    assert context["advert"]["reference"] == vacancy.reference
    assert context["advert"]["url"] == f"https://recruit.toex.test/vacancies/{vacancy.reference}/"
    assert "/register-interest/unsubscribe/" in context["unsubscribe_url"]
    fan_out = AlertFanOut.objects.get(vacancy=vacancy)
    assert fan_out.completed_at is not None
    assert fan_out.enqueued_count == 2


def test_replaying_the_event_or_publishing_twice_sends_nothing_new(
    django_capture_on_commit_callbacks,
):
    make_subscriber("any@example.com", everywhere=True)
    vacancy = publish(django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)
    # Even running the fan-out again by hand adds nothing.
    services.alert_fan_out_run(fan_out_id=AlertFanOut.objects.get().pk)

    assert callbacks == []
    assert AlertFanOut.objects.count() == 1
    assert len(queued(emails.ALERT)) == 1


def test_a_rolled_back_publication_records_no_fan_out(django_capture_on_commit_callbacks):
    make_subscriber("any@example.com", everywhere=True)

    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        vacancy = PublishedVacancyFactory()
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)
        raise RuntimeError("publish failed")

    assert AlertFanOut.objects.count() == 0
    assert queued() == []


@pytest.mark.parametrize("subscriber_count", [3, 40])
def test_fan_out_runs_a_constant_number_of_queries(
    subscriber_count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for n in range(subscriber_count):
        make_subscriber(f"p{n}@example.com", everywhere=n % 2 == 0, rocu_slugs=["nersou"])
    with transaction.atomic():
        vacancy = PublishedVacancyFactory()
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)
    fan_out = AlertFanOut.objects.get()

    # claim, load, vacancy, subscribers (one streamed query), enqueue, complete
    with django_assert_max_num_queries(12):
        enqueued = services.alert_fan_out_run(fan_out_id=fan_out.pk)

    assert enqueued == subscriber_count


def test_resume_sweeper_restarts_a_fan_out_that_never_ran_or_stalled():
    make_subscriber("any@example.com", everywhere=True)
    # on_commit never fires in this test's transaction: as if Redis had been down.
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=10)), transaction.atomic():
        vacancy = PublishedVacancyFactory()
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)
    assert queued() == []

    assert resume_alert_fan_outs() == 1

    assert len(queued(emails.ALERT)) == 1
    assert resume_alert_fan_outs() == 0


def test_a_fresh_unstarted_fan_out_is_left_to_its_own_task():
    with transaction.atomic():
        vacancy = PublishedVacancyFactory()
        vacancy_published.send(sender=type(vacancy), vacancy=vacancy)

    assert resume_alert_fan_outs() == 0


def _published_on(day: datetime.date, **fields):
    published_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return PublishedVacancyFactory(
        published_at=published_at,
        closing_at=published_at + datetime.timedelta(days=40),
        **fields,
    )


@time_machine.travel(datetime.datetime(2026, 11, 23, 7, 0, tzinfo=datetime.UTC))  # a Monday
def test_weekly_digest_lists_each_subscribers_matching_adverts_of_last_week():
    nersou, emsou = Rocu.objects.get(slug="nersou"), Rocu.objects.get(slug="emsou")
    ne_one = _published_on(datetime.date(2026, 11, 16), rocu=nersou, title="NE one")
    em_one = _published_on(datetime.date(2026, 11, 20), rocu=emsou, title="EM one")
    _published_on(datetime.date(2026, 11, 9), rocu=nersou, title="Too old")
    _published_on(datetime.date(2026, 11, 23), rocu=nersou, title="This week")
    closed = _published_on(datetime.date(2026, 11, 17), rocu=nersou, title="Closed early")
    closed.closing_at = timezone.now() - datetime.timedelta(hours=1)
    closed.save()
    anywhere = make_subscriber("any@example.com", everywhere=True, frequency=Frequency.WEEKLY)
    north = make_subscriber("ne@example.com", rocu_slugs=["nersou"], frequency=Frequency.WEEKLY)
    make_subscriber("wales@example.com", rocu_slugs=["tarian"], frequency=Frequency.WEEKLY)
    make_subscriber("now@example.com", everywhere=True)  # immediate: not in the digest

    assert send_weekly_digest() == 2
    assert send_weekly_digest() == 0  # idempotent: digest:<week>:<subscriber>

    rows = {row.to_email: row for row in queued(emails.DIGEST)}
    assert set(rows) == {"any@example.com", "ne@example.com"}
    assert [a["title"] for a in rows["any@example.com"].context["adverts"]] == ["NE one", "EM one"]
    assert [a["title"] for a in rows["ne@example.com"].context["adverts"]] == ["NE one"]
    assert rows["ne@example.com"].idempotency_key == f"digest:2026-W47:{north.pk}"
    assert rows["any@example.com"].idempotency_key == f"digest:2026-W47:{anywhere.pk}"
    assert rows["any@example.com"].context["week"] == "16 November to 22 November 2026"
    assert ne_one.reference in rows["ne@example.com"].context["adverts"][0]["url"]
    assert em_one.pk


@time_machine.travel(datetime.datetime(2026, 11, 23, 7, 0, tzinfo=datetime.UTC))
def test_no_digest_in_a_week_without_adverts():
    make_subscriber("any@example.com", everywhere=True, frequency=Frequency.WEEKLY)

    assert send_weekly_digest() == 0
    assert queued() == []
