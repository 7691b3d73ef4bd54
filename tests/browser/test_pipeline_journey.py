"""The whole selection journey in a real browser, with the candidate booking their own slots.

ROCU HR make the slots; a sifter sifts blind; HR invite to the assessment in
bulk; the candidate books from the link in the invitation email; two assessors
score; HR invite to interview; the candidate books again; two panel members
score; HR make a conditional offer. The candidate sees each stage in Your
applications; a ROCU lead of another ROCU sees none of it. axe runs on every
candidate page and every custom admin page on the way.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from scheduling.models import Booking
from tests.factories.accounts import rocu_hr, rocu_lead, sifter
from tests.factories.applications import move, open_vacancy, submitted_application
from tests.factories.scheduling import make_slot
from tests.support.candidates import emailed_path, sign_in_candidate_with_session_cookie
from tests.support.staff import sign_in_in_browser, switch_staff_in_browser

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/admin/applications/application/"
CANDIDATE = "sam@example.com"


def _stage_in_your_applications(page, assert_accessible, stage_words: str) -> None:
    page.goto("/your-applications/")
    expect(page.locator("main")).to_contain_text(stage_words)
    assert_accessible(page)


def _score(page, application, round_: str, value: str) -> None:
    page.goto(f"{LIST}{application.pk}/score/{round_}/")
    for radio in page.locator(f"input[type=radio][value='{value}']").all():
        radio.check()
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.locator(".messagelist")).to_contain_text("Your scores are submitted")


def _move(page, application, label: str) -> None:
    page.goto(f"{LIST}{application.pk}/change/")
    page.get_by_role("link", name=label).click()
    page.get_by_role("button", name=label).click()
    expect(page.locator(".messagelist")).to_contain_text("moved to")


def _book_from_email(page, assert_accessible, kind: str, round_words: str) -> None:
    page.goto(emailed_path(kind, CANDIDATE))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Choose a time for your {round_words}"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Book this time").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a time")
    assert_accessible(page)
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your {round_words} is booked")
    assert_accessible(page)


def test_sift_to_conditional_offer_with_the_candidate_booking_their_slots(page, assert_accessible):
    vacancy = open_vacancy(questions=2)
    hr = rocu_hr("nersou", username="hr.journey", first_name="Helen", last_name="Hr")
    lead = rocu_lead("nersou", username="lead.journey", first_name="Liam", last_name="Lead")
    blind = sifter("nersou", username="sifter.journey")
    other = rocu_lead("emsou", username="other.journey")
    application = submitted_application(CANDIDATE, vacancy=vacancy)
    second = move(submitted_application("two@example.com", vacancy=vacancy), "sift", hr)
    interview_slot = make_slot(vacancy, by=hr, round="interview", days=14)

    # HR sign in through the real pages (every later switch of staff hands the browser a
    # verified session instead), and make an assessment slot: a slot in the past is
    # refused, then one next week.
    sign_in_in_browser(page, hr)
    page.goto("/admin/scheduling/slot/add/")
    assert_accessible(page)
    page.get_by_label("Advert").select_option(value=str(vacancy.pk))
    page.get_by_label("Round").select_option(value="assessment")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Place").fill("ROCU headquarters, Leeds")
    page.get_by_label("Capacity").fill("3")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("The slot must be in the future")
    assert_accessible(page)
    page.get_by_label("Date").fill((yesterday + datetime.timedelta(days=8)).isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text("0 / 3")
    assert_accessible(page)

    # The sifter starts the sift blind; HR invite both to the assessment in bulk.
    switch_staff_in_browser(page, blind)
    page.goto(f"{LIST}{application.pk}/change/")
    expect(page.get_by_text("Sam Example")).to_have_count(0)
    page.get_by_role("link", name="Start sift").click()
    page.get_by_role("button", name="Start sift").click()
    switch_staff_in_browser(page, hr)
    page.goto(f"{LIST}?stage=sift")
    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option(label="Move selected applications…")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Move to").select_option(value="assessment_invited")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name=re.compile(r"Invite to assessment \(2\)")).click()
    expect(page.locator(".messagelist")).to_contain_text("2 moved to Invited to assessment")

    # The candidate books the assessment from the link in the invitation email.
    sign_in_candidate_with_session_cookie(page, CANDIDATE)
    _stage_in_your_applications(page, assert_accessible, "Invited to an assessment")
    page.goto(f"/your-applications/{application.pk}/")
    expect(page.get_by_role("button", name="Choose a time for your assessment")).to_be_visible()
    assert_accessible(page)
    _book_from_email(page, assert_accessible, "application_assessment_invited", "assessment")
    _stage_in_your_applications(page, assert_accessible, "Assessment booked")
    page.goto(f"/your-applications/{application.pk}/")
    expect(page.get_by_role("link", name="Cancel your assessment booking")).to_be_visible()
    assert_accessible(page)
    # The other candidate's invitation link is not this candidate's to use.
    assert page.goto(f"/your-applications/{second.pk}/book/assessment/").status == 404

    # Two assessors score; HR see the booking, moderate, and invite to interview.
    switch_staff_in_browser(page, hr)
    page.goto(f"{LIST}{application.pk}/change/")
    expect(page.locator("#bookings-heading")).to_be_visible()
    expect(page.locator("section[aria-labelledby=bookings-heading]")).to_contain_text(
        "ROCU headquarters, Leeds"
    )
    _score(page, application, "assessment", "4")
    switch_staff_in_browser(page, lead)
    _score(page, application, "assessment", "3")
    page.get_by_role("button", name="Record the moderated score").click()
    _move(page, application, "Mark assessment completed")
    _move(page, application, "Invite to interview")

    # The candidate books the interview from its invitation email.
    sign_in_candidate_with_session_cookie(page, CANDIDATE)
    _stage_in_your_applications(page, assert_accessible, "Invited to an interview")
    _book_from_email(page, assert_accessible, "application_interview_invited", "interview")
    _stage_in_your_applications(page, assert_accessible, "Interview booked")
    assert Booking.objects.get(application=application, round="interview").slot == interview_slot

    # Two panel members score; HR decide and make the conditional offer.
    switch_staff_in_browser(page, lead)
    _score(page, application, "interview", "4")
    switch_staff_in_browser(page, hr)
    _score(page, application, "interview", "4")
    _move(page, application, "Mark interview completed")
    _move(page, application, "Make preferred candidate")
    _move(page, application, "Make a conditional offer")
    assert Application.objects.get(pk=application.pk).stage == "conditional_offer"

    sign_in_candidate_with_session_cookie(page, CANDIDATE)
    _stage_in_your_applications(page, assert_accessible, "Conditional offer")
    page.goto(f"/your-applications/{application.pk}/")
    assert_accessible(page)

    # A ROCU lead of another ROCU sees none of it.
    switch_staff_in_browser(page, other)
    page.goto(LIST)
    expect(page.get_by_text(application.reference)).to_have_count(0)
    assert page.goto(f"{LIST}{application.pk}/change/").status == 404
    page.goto("/admin/scheduling/slot/")
    expect(page.locator("#result_list")).to_have_count(0)
    assert page.goto(f"/admin/scheduling/slot/{interview_slot.pk}/change/").status == 404
