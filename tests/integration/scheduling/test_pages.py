"""The candidate's booking pages and HR's slot pages: bad input is a clear message, never a 500."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.govuk_dates import govuk_datetime
from notifications.models import Notification
from scheduling import services
from scheduling.models import Booking, Slot
from tests.factories.accounts import rocu_hr, rocu_lead
from tests.factories.applications import move, open_vacancy, sign_in
from tests.factories.scheduling import invited_to_assessment, make_slot
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return rocu_hr("nersou", first_name="Hana", last_name="Reid")


def _book_url(application, round_="assessment"):
    return f"/your-applications/{application.pk}/book/{round_}/"


def _error_summary(body: str) -> list[str]:
    summary = body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in summary.split("<li>")[1:]]


def test_the_candidate_books_from_the_emailed_link_and_sees_it_on_their_application(client, hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    link = Notification.objects.get(kind="application_assessment_invited").context["link_url"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    sign_in(client, application.candidate)

    overview = client.get(f"/your-applications/{application.pk}/").content.decode()
    assert "Choose a time for your assessment" in overview
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Choose a time for your assessment" in page.content.decode()
    response = client.post("/" + path, {"slot": str(slot.pk)})
    assert response.status_code == 302
    assert response["Location"] == f"{_book_url(application)}booked/"
    assert "Your assessment is booked" in client.get(response["Location"]).content.decode()
    overview = client.get(f"/your-applications/{application.pk}/").content.decode()
    assert "Change your assessment time" in overview and "Cancel your assessment booking" in (
        overview
    )
    assert "Assessment booked" in client.get("/your-applications/").content.decode()

    # Cancel through the confirmation page: back to choosing a time.
    assert client.get(f"{_book_url(application)}cancel/").status_code == 200
    response = client.post(f"{_book_url(application)}cancel/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "assessment_invited"


def test_another_candidates_invitation_link_is_a_404_for_get_and_post(client, hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr)
    intruder = invited_to_assessment(hr, email="alex@example.com", vacancy=application.vacancy)
    sign_in(client, intruder.candidate)
    assert client.get(_book_url(application)).status_code == 404
    assert client.post(_book_url(application), {"slot": str(slot.pk)}).status_code == 404
    assert client.post(f"{_book_url(application)}cancel/").status_code == 404
    assert not Booking.objects.exists()
    # Signed out: asked to sign in, nothing else.
    client.logout()
    response = client.get(_book_url(application))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({}, "Choose a time"),
        ({"slot": "abc"}, "Choose one of the times shown"),
        ({"slot": "99999999"}, "Choose one of the times shown"),
        ({"slot": "1" * 40}, "Choose one of the times shown"),
    ],
)
def test_a_missing_or_tampered_slot_is_shown_in_the_error_summary(client, hr, posted, message):
    application = invited_to_assessment(hr)
    make_slot(application.vacancy, by=hr)
    sign_in(client, application.candidate)
    response = client.post(_book_url(application), posted)
    assert response.status_code == 400
    assert _error_summary(response.content.decode()) == [message]


def test_a_slot_that_filled_up_and_one_past_the_cutoff_are_refused_in_plain_words(client, hr):
    application = invited_to_assessment(hr)
    full = make_slot(application.vacancy, by=hr)
    rival = invited_to_assessment(hr, email="alex@example.com", vacancy=application.vacancy)
    sign_in(client, application.candidate)
    assert str(full.pk) in client.get(_book_url(application)).content.decode()
    services.booking_make(application=rival, slot_id=full.pk, at=timezone.now())
    response = client.post(_book_url(application), {"slot": str(full.pk)})
    assert _error_summary(response.content.decode()) == [
        "That time has just been fully booked: choose another time"
    ]
    soon = make_slot(application.vacancy, by=hr, days=1)  # inside the 48-hour cut-off
    body = client.get(_book_url(application)).content.decode()
    assert f'value="{soon.pk}"' not in body  # not offered
    response = client.post(_book_url(application), {"slot": str(soon.pk)})
    assert _error_summary(response.content.decode()) == [
        "That time starts too soon to book: choose a later time"
    ]


def test_a_link_for_a_stage_the_application_is_not_at_says_so(client, hr):
    application = invited_to_assessment(hr)
    sign_in(client, application.candidate)
    response = client.get(_book_url(application, "interview"))
    assert response.status_code == 200
    assert "You cannot book your interview now" in response.content.decode()
    assert client.get(_book_url(application, "lunch")).status_code == 404


def test_the_booking_page_runs_the_same_queries_for_2_and_40_slots(client, hr):
    application = invited_to_assessment(hr)
    sign_in(client, application.candidate)
    for days in (5, 6):
        make_slot(application.vacancy, by=hr, days=days)
    client.get(_book_url(application))  # the session's first-request writes, out of the count
    with CaptureQueriesContext(connection) as small:
        assert client.get(_book_url(application)).status_code == 200
    for n in range(38):
        make_slot(application.vacancy, by=hr, days=7 + n / 10)
    with CaptureQueriesContext(connection) as large:
        body = client.get(_book_url(application)).content.decode()
    assert body.count('class="govuk-radios__input"') == 40
    assert len(large) == len(small)
    assert len(small) <= 9  # session, candidate, application and its sections, slots, booking


# --- HR's slot pages ---------------------------------------------------------------------


def _slot_form(vacancy, **changes):
    start = timezone.localtime() + datetime.timedelta(days=7)
    return {
        "vacancy": str(vacancy.pk),
        "round": "assessment",
        "date": start.date().isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "place": "ROCU headquarters, Leeds",
        "capacity": "4",
        **changes,
    }


def test_hr_add_a_slot_and_bad_details_are_each_refused_against_their_field(client, hr):
    vacancy = open_vacancy()
    login_staff(client, hr)
    url = "/admin/scheduling/slot/add/"
    assert client.get(url).status_code == 200
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url,
        _slot_form(vacancy, date=yesterday, end_time="09:00", capacity="0", place=""),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["date"] == ["The slot must be in the future"]
    assert errors["end_time"] == ["The end time must be after the start time"]
    assert errors["capacity"] == ["Capacity must be at least 1"]
    assert errors["place"] == ["Enter the address, or choose online"]
    assert not Slot.objects.exists()

    response = client.post(url, _slot_form(vacancy))
    assert response.status_code == 302
    slot = Slot.objects.get()
    assert (slot.capacity, slot.created_by, slot.ends_at - slot.starts_at) == (
        4,
        hr,
        datetime.timedelta(hours=2),
    )
    listing = client.get("/admin/scheduling/slot/").content.decode()
    assert "0 / 4" in listing


def test_slots_are_scoped_by_rocu_and_capacity_cannot_drop_below_the_bookings(client, hr):
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr, capacity=2)
    services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    # A lead of the same ROCU sees the slots but cannot add or change them.
    login_staff(client, rocu_lead("nersou"))
    assert "1 / 2" in client.get("/admin/scheduling/slot/").content.decode()
    assert client.get("/admin/scheduling/slot/add/").status_code == 403
    outsider = rocu_lead("semrocu")
    login_staff(client, outsider)
    assert client.get(f"/admin/scheduling/slot/{slot.pk}/change/").status_code == 404
    assert "0 slots" in client.get("/admin/scheduling/slot/").content.decode()
    # Another ROCU's advert is not a choice on the add form.
    other_hr = rocu_hr("semrocu")
    login_staff(client, other_hr)
    response = client.post("/admin/scheduling/slot/add/", _slot_form(application.vacancy))
    assert "vacancy" in response.context["adminform"].form.errors
    assert Slot.objects.count() == 1

    login_staff(client, hr)
    assert "1 / 2" in client.get("/admin/scheduling/slot/").content.decode()
    page = client.get(f"/admin/scheduling/slot/{slot.pk}/change/").content.decode()
    assert f"/admin/applications/application/{application.pk}/change/" in page
    assert application.reference in page
    starts = timezone.localtime(slot.starts_at)
    response = client.post(
        f"/admin/scheduling/slot/{slot.pk}/change/",
        {
            "date": starts.date().isoformat(),
            "start_time": starts.strftime("%H:%M"),
            "end_time": timezone.localtime(slot.ends_at).strftime("%H:%M"),
            "place": slot.place,
            "capacity": "0",
        },
    )
    assert response.context["adminform"].form.errors["capacity"] == ["Capacity must be at least 1"]
    # A slot with a live booking cannot be deleted.
    assert client.get(f"/admin/scheduling/slot/{slot.pk}/delete/").status_code == 403


def test_the_slot_list_and_the_change_page_panel_run_constant_queries(client, hr):
    login_staff(client, hr)
    application = invited_to_assessment(hr)
    slot = make_slot(application.vacancy, by=hr, capacity=50)
    services.booking_make(application=application, slot_id=slot.pk, at=timezone.now())
    change = f"/admin/applications/application/{application.pk}/change/"
    client.get(change)  # the session's first-request writes, out of the count
    with CaptureQueriesContext(connection) as small_list:
        assert client.get("/admin/scheduling/slot/").status_code == 200
    with CaptureQueriesContext(connection) as small_change:
        body = client.get(change).content.decode()
    assert "Slot bookings" in body and "ROCU headquarters" in body
    booked_at = application.bookings.get().booked_at
    assert f"<td>{govuk_datetime(booked_at)}</td>" in body  # GOV.UK style, UK time

    for n in range(30):
        make_slot(application.vacancy, by=hr, days=8 + n / 10)
    for n in range(4):  # more bookings on the application's history
        other = invited_to_assessment(hr, email=f"b{n}@example.com", vacancy=application.vacancy)
        services.booking_make(application=other, slot_id=slot.pk, at=timezone.now())
    application.refresh_from_db()
    services.booking_cancel(application=application, at=timezone.now())
    application.refresh_from_db()
    services.booking_make(application=application, slot_id=slot.pk + 1, at=timezone.now())
    with CaptureQueriesContext(connection) as large_list:
        assert client.get("/admin/scheduling/slot/").status_code == 200
    with CaptureQueriesContext(connection) as large_change:
        assert client.get(change).status_code == 200
    assert len(large_list) == len(small_list)
    assert len(large_change) == len(small_change)
    assert len(small_list) <= 8


def test_the_change_page_says_when_staff_marked_booked_without_a_slot(client, hr):
    application = move(invited_to_assessment(hr), "assessment_booked", hr)
    login_staff(client, hr)
    body = client.get(f"/admin/applications/application/{application.pk}/change/").content
    assert "Marked booked by staff without a slot" in body.decode()
