"""In a real browser: a sifter sifts blind, HR invites in bulk, two assessors score,
HR moderates and notes; another ROCU's lead sees none of it; axe on every custom page.
"""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.factories.accounts import rocu_hr, rocu_lead, sifter
from tests.factories.applications import move, open_vacancy, submitted_application
from tests.support.staff import switch_staff_in_browser as _sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/admin/applications/application/"


def test_blind_sift_bulk_invite_independent_scoring_and_rocu_scoping(page, assert_accessible):
    # Data first: the ORM cannot run inside Playwright's event loop.
    vacancy = open_vacancy(questions=2)
    hr = rocu_hr("nersou", username="hr.browser", first_name="Helen", last_name="Hr")
    lead = rocu_lead("nersou", username="lead.browser", first_name="Liam", last_name="Lead")
    blind = sifter("nersou", username="sifter.browser")
    other = rocu_lead("emsou", username="other.browser")
    first = submitted_application("one@example.com", vacancy=vacancy)
    second = move(submitted_application("two@example.com", vacancy=vacancy), "sift", hr)
    change = f"{LIST}{first.pk}/change/"

    # The sifter reads blind and starts the sift on one application.
    _sign_in(page, blind)
    page.goto(LIST)
    expect(page.get_by_text("Hidden until the sift decision").first).to_be_visible()
    expect(page.get_by_text("Sam Example")).to_have_count(0)
    assert_accessible(page)
    page.goto(change)
    expect(page.get_by_text("Sam Example")).to_have_count(0)
    # Not axe on the stock admin change page: axe's stylesheet preload there injects
    # inline styles that the CSP blocks (open question, see docs/pipeline.md).
    page.get_by_role("link", name="Start sift").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start sift").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Sift")

    # HR invites both to the assessment in one bulk move, through a confirmation page.
    _sign_in(page, hr)
    page.goto(f"{LIST}?stage=sift")
    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option(label="Move selected applications…")
    page.get_by_role("button", name="Go").click()
    assert_accessible(page)
    page.get_by_label("Move to").select_option(value="assessment_invited")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("will move to")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"Invite to assessment \(2\)")).click()
    expect(page.locator(".messagelist")).to_contain_text("2 moved to Invited to assessment")
    stages = set(Application.objects.filter(vacancy=vacancy).values_list("stage", flat=True))
    assert stages == {"assessment_invited"}

    # Booked, then two assessors score independently.
    page.goto(change)
    page.get_by_role("link", name="Book an assessment slot").click()
    page.get_by_role("button", name="Book an assessment slot").click()
    page.get_by_role("link", name="Score the assessment").click()
    assert_accessible(page)
    page.get_by_role("button", name="Submit my scores").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose a score for")
    assert_accessible(page)
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.locator(".messagelist")).to_contain_text("Your scores are submitted")
    _sign_in(page, lead)
    page.goto(f"{LIST}{first.pk}/score/assessment/")
    expect(page.get_by_text("Helen Hr")).to_have_count(0)  # not before submitting
    for radio in page.locator("input[type=radio][value='2']").all():
        radio.check()
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.get_by_role("columnheader", name="Helen Hr")).to_be_visible()
    expect(page.get_by_label("Moderated assessment score")).to_have_value("3.00")
    assert_accessible(page)
    page.get_by_role("button", name="Record the moderated score").click()

    # A note, then interview invitation passes the pass mark guard.
    page.goto(f"{LIST}{first.pk}/note/")
    assert_accessible(page)
    page.get_by_label("Note").fill("Asked for a morning slot")
    page.get_by_role("button", name="Add note").click()
    page.get_by_role("link", name="Mark assessment completed").click()
    page.get_by_role("button", name="Mark assessment completed").click()
    page.get_by_role("link", name="Invite to interview").click()
    page.get_by_role("button", name="Invite to interview").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Invited to interview")

    # Another ROCU's lead sees none of it.
    _sign_in(page, other)
    page.goto(LIST)
    expect(page.get_by_text(first.reference)).to_have_count(0)
    expect(page.get_by_text(second.reference)).to_have_count(0)
    assert page.goto(change).status == 404
