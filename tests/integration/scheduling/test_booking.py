"""Booking, changing and cancelling a slot: stage moves, emails, the calendar file, races."""

import datetime
import threading

import icalendar
import pytest
from django.db import connection
from django.utils import timezone

from applications import services as application_services
from applications.models import ApplicationEvent
from notifications.models import Notification
from notifications.services import notification_render
from scheduling import services
from scheduling.models import Booking, CancelledBecause, Slot
from tests.factories.accounts import rocu_hr
from tests.factories.applications import move, open_vacancy
from tests.factories.scheduling import invited_to_assessment, make_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return rocu_hr("nersou", first_name="Hana", last_name="Reid")


def _parsed_ics(notification):
    rendered = notification_render(kind=notification.kind, context=notification.context)
    (attachment,) = rendered.attachments
    assert attachment.filename == "invite.ics"
    assert attachment.mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(attachment.content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_booking_moves_to_booked_and_the_email_carries_the_slot_and_a_calendar_file(hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    booking = services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())

    application.refresh_from_db()
    assert application.stage == "assessment_booked"
    event = application.events.order_by("-at", "-id").first()
    assert (event.event, event.by_candidate_id) == ("assessment_booked", application.candidate_id)
    email = Notification.objects.get(kind="application_assessment_booked")
    assert email.context["link_url"].endswith(
        f"/your-applications/{application.pk}/book/assessment/"
    )
    rendered = notification_render(kind=email.kind, context=email.context)
    assert "ROCU headquarters, 1 Example Street" in rendered.text
    assert email.context["appointment_when"] in rendered.text
    calendar, ics_event = _parsed_ics(email)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert ics_event.decoded("DTSTART") == slot.starts_at
    assert ics_event.decoded("DTEND") == slot.ends_at
    assert str(ics_event["LOCATION"]) == slot.place
    assert str(ics_event["UID"]).startswith(f"application-{application.pk}-assessment@")
    assert booking.sequence == 0


def test_the_invitation_email_links_to_the_booking_page(hr):
    application = invited_to_assessment(hr)
    invitation = Notification.objects.get(kind="application_assessment_invited")
    assert invitation.context["link_url"].endswith(
        f"/your-applications/{application.pk}/book/assessment/"
    )
    assert (
        invitation.context["link_url"]
        in notification_render(kind=invitation.kind, context=invitation.context).text
    )
    assert notification_render(kind=invitation.kind, context=invitation.context).attachments == ()


def test_a_change_swaps_the_slot_without_a_stage_move_and_sends_a_new_calendar_event(hr):
    application = invited_to_assessment(hr)
    first, second = (
        make_slot(application.vacancy, by=hr),
        make_slot(application.vacancy, by=hr, days=9),
    )
    services.booking_make(application=application, slot_id=first.pk, at=timezone.now())
    events_before = ApplicationEvent.objects.filter(application=application).count()

    changed = services.booking_make(application=application, slot_id=second.pk, at=timezone.now())

    application.refresh_from_db()
    assert application.stage == "assessment_booked"
    assert ApplicationEvent.objects.filter(application=application).count() == events_before
    old = Booking.objects.get(slot=first)
    assert (old.cancelled_because, changed.slot, changed.sequence) == (
        CancelledBecause.CHANGED,
        second,
        2,
    )
    email = Notification.objects.get(kind="scheduling_booking_confirmed")
    assert email.idempotency_key == f"booking:{changed.pk}:scheduling_booking_confirmed:2"
    _, ics_event = _parsed_ics(email)
    assert ics_event.decoded("DTSTART") == second.starts_at
    assert int(ics_event["SEQUENCE"]) == 2
    # Booking the same slot again (a double click) changes nothing.
    again = services.booking_make(application=application, slot_id=second.pk, at=timezone.now())
    assert again == changed and Booking.objects.filter(application=application).count() == 2


def test_cancelling_goes_back_to_invited_frees_the_place_and_cancels_the_calendar_event(hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())

    services.booking_cancel(application=application, at=timezone.now())

    application.refresh_from_db()
    assert application.stage == "assessment_invited"
    assert Slot.objects.with_booked_count().get(pk=slot.pk).booked_count == 0
    email = Notification.objects.get(kind="application_assessment_booking_cancelled")
    calendar, ics_event = _parsed_ics(email)
    assert (str(calendar["METHOD"]), str(ics_event["STATUS"])) == ("CANCEL", "CANCELLED")
    assert int(ics_event["SEQUENCE"]) == 1
    # Someone else can now book the freed place.
    other = invited_to_assessment(hr, email="alex@example.com", vacancy=application.vacancy)
    services.booking_make(application=other, slot_id=slot.pk, at=timezone.now())


def test_a_full_slot_is_refused(hr):
    first = invited_to_assessment(hr)
    second = invited_to_assessment(hr, email="alex@example.com", vacancy=first.vacancy)
    slot = make_slot(first.vacancy, by=hr, capacity=1)
    services.booking_make(application=first, slot_id=slot.pk, at=timezone.now())
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_make(application=second, slot_id=slot.pk, at=timezone.now())
    assert refused.value.code == services.FULL
    second.refresh_from_db()
    assert second.stage == "assessment_invited"


@pytest.mark.parametrize("tampered", ["abc", "-1", "999999999", "other-advert", "interview"])
def test_a_tampered_slot_id_is_refused(hr, tampered):
    application = invited_to_assessment(hr)
    other_vacancy_slot = make_slot(open_vacancy(), by=rocu_hr("nersou", "semrocu"))
    interview_slot = make_slot(application.vacancy, by=hr, round="interview")
    slot_id = {"other-advert": other_vacancy_slot.pk, "interview": interview_slot.pk}.get(
        tampered, tampered
    )
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_make(application=application, slot_id=slot_id, at=timezone.now())
    assert refused.value.code == services.NO_SUCH_SLOT
    assert not Booking.objects.exists()


def test_booking_changing_or_cancelling_after_the_cutoff_is_refused(hr, settings):
    settings.SCHEDULING_CHANGE_CUTOFF_HOURS = 48
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr, days=3)
    too_late = slot.starts_at - datetime.timedelta(hours=47)
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_make(application=application, slot_id=slot.pk, at=too_late)
    assert refused.value.code == services.TOO_LATE

    services.booking_make(
        application=application, slot_id=slot.pk, at=slot.starts_at - datetime.timedelta(hours=49)
    )
    later = make_slot(application.vacancy, by=hr, days=10)
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_make(application=application, slot_id=later.pk, at=too_late)
    assert refused.value.code == services.TOO_LATE_TO_CHANGE
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_cancel(application=application, at=too_late)
    assert refused.value.code == services.TOO_LATE_TO_CHANGE


def test_a_candidate_not_invited_cannot_book(hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    application = move(application, "on_hold", hr, reason="Waiting for the budget")
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    assert refused.value.code == services.NOT_INVITED


def test_withdrawing_or_staff_cancelling_frees_the_place(hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    application_services.application_withdraw(application=application, at=timezone.now())
    booking = Booking.objects.get(application=application)
    assert booking.cancelled_because == CancelledBecause.APPLICATION_ENDED

    other = invited_to_assessment(hr, email="alex@example.com", vacancy=application.vacancy)
    services.booking_make(application=other, slot_id=slot.pk, at=timezone.now())
    other.refresh_from_db()
    other = move(other, "assessment_invited", hr)  # staff cancel the booking
    assert Booking.objects.get(application=other).cancelled_because == CancelledBecause.STAFF
    assert Slot.objects.with_booked_count().get(pk=slot.pk).booked_count == 0


def test_the_nightly_check_flags_a_live_booking_of_an_ended_application(hr, caplog):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    booking = services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    assert application_services.pipeline_invariants_check() == 0
    application_services.application_withdraw(application=application, at=timezone.now())
    # Something outside the services put the booking back: the check must say so.
    Booking.objects.filter(pk=booking.pk).update(cancelled_at=None, cancelled_because="")
    assert application_services.pipeline_invariants_check() == 1
    assert f"live booking for an ended application (application {application.pk})" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_candidates_racing_for_the_last_place_cannot_overbook():
    hr = rocu_hr("nersou")
    vacancy = open_vacancy()
    applications = [
        invited_to_assessment(hr, email=f"racer{n}@example.com", vacancy=vacancy) for n in range(6)
    ]
    slot = make_slot(vacancy, by=hr, capacity=2)
    barrier = threading.Barrier(len(applications))
    outcomes = []

    def book(application):
        try:
            barrier.wait()
            services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
            outcomes.append("booked")
        except services.BookingRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked"] * 2 + [services.FULL] * 4
    assert Booking.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 2
