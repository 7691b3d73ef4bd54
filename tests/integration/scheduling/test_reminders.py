"""The reminder before a slot: exactly once, in its window, with the calendar file."""

import datetime

import icalendar
import pytest
import time_machine
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_render
from scheduling import services
from scheduling.tasks import send_booking_reminders
from tests.factories.accounts import rocu_hr
from tests.factories.scheduling import invited_to_assessment, make_slot

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_once_two_days_before_whatever_the_clock_and_reruns(settings):
    settings.SCHEDULING_REMINDER_HOURS_BEFORE = 48
    hr = rocu_hr("nersou")
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr, days=6)
    booking = services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    cancelled = invited_to_assessment(hr, email="alex@example.com", vacancy=application.vacancy)
    other_slot = make_slot(application.vacancy, by=hr, days=6, capacity=3)
    services.booking_make(application=cancelled, slot_id=other_slot.pk, at=timezone.now())
    services.booking_cancel(application=cancelled, at=timezone.now())

    assert send_booking_reminders() == 0  # six days ahead: too early
    with time_machine.travel(slot.starts_at - datetime.timedelta(hours=49), tick=False):
        assert send_booking_reminders() == 0
    with time_machine.travel(slot.starts_at - datetime.timedelta(hours=47), tick=False):
        assert send_booking_reminders() == 1
        assert send_booking_reminders() == 0  # the task runs again: nothing twice
    with time_machine.travel(slot.starts_at - datetime.timedelta(hours=1), tick=False):
        assert send_booking_reminders() == 0
    # Run straight through the service twice as if two workers overlapped.
    assert services.booking_reminders_send(now=slot.starts_at - datetime.timedelta(hours=2)) == 0

    (reminder,) = Notification.objects.filter(kind="scheduling_booking_reminder")
    assert reminder.idempotency_key == f"booking:{booking.pk}:scheduling_booking_reminder:0"
    assert reminder.to_email == "sam@example.com"
    rendered = notification_render(kind=reminder.kind, context=reminder.context)
    assert reminder.context["appointment_when"] in rendered.text
    (attachment,) = rendered.attachments
    (event,) = icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")
    assert event.decoded("DTSTART") == slot.starts_at


def test_reminders_go_in_batches_and_all_go(settings):
    hr = rocu_hr("nersou")
    first = invited_to_assessment(hr)
    slot = make_slot(first.vacancy, by=hr, days=3, capacity=5)
    for n in range(5):
        application = (
            first
            if n == 0
            else invited_to_assessment(hr, email=f"c{n}@example.com", vacancy=first.vacancy)
        )
        services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    at = slot.starts_at - datetime.timedelta(hours=24)
    assert services.booking_reminders_send(now=at, batch_size=2) == 5
    assert services.booking_reminders_send(now=at, batch_size=2) == 0
    assert Notification.objects.filter(kind="scheduling_booking_reminder").count() == 5


def test_hr_moving_a_booked_slot_tells_the_candidate_and_reminds_them_again():
    hr = rocu_hr("nersou")
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr, days=3)
    booking = services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    assert services.booking_reminders_send(now=slot.starts_at - datetime.timedelta(hours=2)) == 1

    later = slot.starts_at + datetime.timedelta(days=2)
    details = {"online": True, "place": "", "capacity": 1}
    for _ in range(2):  # the same change saved twice tells the candidate once
        services.slot_update(
            slot=slot,
            by=hr,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=1),
            **details,
        )
    (told,) = Notification.objects.filter(kind="scheduling_booking_confirmed")
    assert told.idempotency_key == f"booking:{booking.pk}:scheduling_booking_confirmed:2"
    rendered = notification_render(kind=told.kind, context=told.context)
    assert "Online: we will email you the link to join" in rendered.text
    (attachment,) = rendered.attachments
    (event,) = icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")
    assert (event.decoded("DTSTART"), int(event["SEQUENCE"])) == (later, 2)
    assert services.booking_reminders_send(now=later - datetime.timedelta(hours=2)) == 1
    assert Notification.objects.filter(kind="scheduling_booking_reminder").count() == 2


def test_beat_runs_the_reminder_task_often_enough_to_keep_the_two_day_promise(settings):
    from toex_recruit.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["scheduling-booking-reminders"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 60 * 60  # at most an hour late
