"""In a real browser: HR makes a conditional offer, the candidate accepts and returns
the medical questionnaire, occupational health clear it (HR see the status only), HR
record the right to work, the vetting officer records vetting cleared; the offer
cannot be confirmed without references, so both referees answer from their emailed
links and HR mark them; then HR confirm the offer and agree a start date. A second
case: vetting refused, the offer withdrawn, and the candidate's email never says why.
Axe on every candidate page and every custom admin page.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from notifications.models import Notification
from notifications.services import notification_render
from tests.factories.accounts import national_hr, rocu_hr, staff_user
from tests.factories.applications import open_vacancy
from tests.factories.offers import at_checks, at_preferred
from tests.support.candidates import sign_in_candidate_with_session_cookie
from tests.support.references import answer_reference_in_browser, referee_links
from tests.support.staff import sign_in_with_session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_ANSWER = "Asthma, well controlled (browser test)"
SECRET_REFUSAL = "Undisclosed association (browser test)"
SECRET_REASON = "Vetting refused at MV (browser test)"


def _local(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _staff(page, user):
    sign_in_with_session_cookie(page, user)


def _change(application) -> str:
    return f"/admin/applications/application/{application.pk}/change/"


def test_offer_accepted_checks_recorded_references_given_offer_confirmed_and_start_agreed(
    page, assert_accessible
):
    vacancy = open_vacancy(questions=2)
    hr = rocu_hr("nersou", username="hr.offer", first_name="Helen", last_name="Hr")
    health = staff_user("Occupational health", "nersou", username="health.offer")
    officer = national_hr(username="vetting.offer", first_name="Vera", last_name="Vetting")
    application = at_preferred(hr, email="offer@example.com", vacancy=vacancy)

    # HR makes the conditional offer.
    _staff(page, hr)
    page.goto(_change(application))
    page.get_by_role("link", name="Make a conditional offer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make a conditional offer").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Conditional offer")

    # The candidate accepts from the email's link.
    offer_link = Notification.objects.get(kind="application_conditional_offer").context["link_url"]
    sign_in_candidate_with_session_cookie(page, "offer@example.com")
    page.goto(_local(offer_link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your conditional offer")
    expect(page.get_by_text("Please reply by")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Decline the offer").click()
    assert_accessible(page)
    page.get_by_role("link", name="Cancel: go back to the offer").click()
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text("You accepted the offer")).to_be_visible()
    assert_accessible(page)

    # The medical questionnaire: an error first, then the answers.
    page.get_by_role("link", name="Fill in your medical questionnaire").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send your answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select yes or no")
    assert_accessible(page)
    radios = page.locator("input[type=radio]")
    radios.nth(0).check()  # a condition: yes
    page.get_by_label("Tell us about the condition and how it affects you").fill(SECRET_ANSWER)
    radios.nth(3).check()  # adjustments: no
    radios.nth(5).check()  # absence: no
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medical questionnaire sent")
    assert_accessible(page)
    page.goto(f"/your-applications/{application.pk}/")
    expect(page.get_by_text("With occupational health")).to_be_visible()
    assert_accessible(page)

    # Occupational health read the answers and clear them.
    _staff(page, health)
    page.goto("/admin/offers/medicalquestionnaire/")
    assert_accessible(page)
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_text(SECRET_ANSWER)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".errornote")).to_contain_text("Choose cleared or not cleared")
    assert_accessible(page)
    page.get_by_label("Cleared", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messagelist")).to_contain_text("the decision is recorded")

    # HR see the status only, and record the right to work.
    _staff(page, hr)
    page.goto(_change(application))
    panel = page.locator("section", has_text="Offer and pre-employment checks")
    expect(panel).to_contain_text("Cleared")
    expect(page.get_by_text(SECRET_ANSWER)).to_have_count(0)
    page.get_by_role("link", name="Record the right to work check").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the right to work check").click()
    expect(page.locator(".errornote")).to_contain_text("Enter the date checked")
    assert_accessible(page)
    page.get_by_label("Date checked").fill(timezone.localdate().isoformat())
    page.get_by_label("Home Office online check (share code)").check()
    page.get_by_role("button", name="Record the right to work check").click()
    expect(page.locator(".messagelist")).to_contain_text("right to work recorded")

    # The vetting officer records MV vetting cleared.
    _staff(page, officer)
    page.goto(_change(application))
    page.get_by_role("link", name="Record MV vetting").click()
    assert_accessible(page)
    page.get_by_label("Cleared", exact=True).check()
    page.get_by_role("button", name="Record vetting").click()
    expect(page.locator(".errornote")).to_contain_text("Enter the date the vetting unit decided")
    assert_accessible(page)
    page.get_by_label("Date the vetting unit decided").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record vetting").click()
    expect(page.locator(".messagelist")).to_contain_text("vetting recorded")

    # HR try to confirm: refused, listing the references (the refs app's check).
    _staff(page, hr)
    page.goto(_change(application))
    page.get_by_role("link", name="Confirm the offer").click()
    expect(page.get_by_text("Both references must be satisfactory").first).to_be_visible()
    expect(page.get_by_text("The medical questionnaire must be cleared")).to_have_count(0)
    expect(page.get_by_text("Vetting must be cleared")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the offer").click()
    expect(page.locator("#error-summary")).to_contain_text("Both references must be satisfactory")
    application.refresh_from_db()
    assert application.stage == "pre_employment_checks"

    # Both referees answer from their emailed links; HR marks them satisfactory.
    for number, link in enumerate(sorted(referee_links(application).values())):
        page.context.clear_cookies()
        page.goto(link)
        answer_reference_in_browser(page, job_title=f"Manager {number}")
        expect(page.get_by_role("heading", name="Reference sent")).to_be_visible()
    _staff(page, hr)
    for _ in range(2):
        page.goto(_change(application))
        page.get_by_role("link", name="Read and mark").first.click()
        page.get_by_label("Satisfactory", exact=True).check()
        page.get_by_role("button", name="Record the mark").click()
        expect(page.locator(".messagelist")).to_contain_text("is marked")

    # Now the offer is confirmed, and HR agree a start date (a past one refused first).
    page.goto(_change(application))
    page.get_by_role("link", name="Confirm the offer").click()
    expect(page.get_by_text("Both references must be satisfactory")).to_have_count(0)
    page.get_by_role("button", name="Confirm the offer").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Offer confirmed")
    page.get_by_role("link", name="Record the agreed start date").click()
    assert_accessible(page)
    start = timezone.localdate() + datetime.timedelta(days=42)
    page.get_by_label("Start date").fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_role("button", name="Record the agreed start date").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "The start date must be today or in the future"
    )
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_role("button", name="Record the agreed start date").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Start date agreed")
    application.refresh_from_db()
    assert (application.stage, application.start_date) == ("start_date_agreed", start)
    confirmation = Notification.objects.get(kind="application_start_date_agreed")
    rendered = notification_render(kind=confirmation.kind, context=confirmation.context)
    assert "What to bring on your first day" in rendered.text

    # The candidate sees it in Your applications.
    sign_in_candidate_with_session_cookie(page, "offer@example.com")
    page.goto("/your-applications/")
    expect(page.locator("main")).to_contain_text("Start date agreed")
    assert_accessible(page)


def test_vetting_refused_ends_in_the_offer_withdrawn_without_the_reason_in_the_email(
    page, assert_accessible
):
    hr = rocu_hr("nersou", username="hr.withdraw")
    officer = national_hr(username="vetting.withdraw")
    application = at_checks(hr, email="refused@example.com")
    decided = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    _staff(page, officer)
    page.goto(_change(application))
    page.get_by_role("link", name="Record MV vetting").click()
    page.get_by_label("Refused", exact=True).check()
    page.get_by_label("Date the vetting unit decided").fill(decided)
    page.get_by_role("button", name="Record vetting").click()
    expect(page.locator(".errornote")).to_contain_text("Give the vetting unit's reason")
    assert_accessible(page)
    page.get_by_label(re.compile("Reason for a refusal")).fill(SECRET_REFUSAL)
    page.get_by_role("button", name="Record vetting").click()
    expect(page.locator(".messagelist")).to_contain_text("vetting recorded")

    _staff(page, hr)
    page.goto(_change(application))
    expect(page.get_by_text("A check has failed")).to_be_visible()
    expect(page.get_by_text(SECRET_REFUSAL)).to_have_count(0)
    page.get_by_role("link", name="Withdraw the conditional offer").first.click()
    assert_accessible(page)
    page.get_by_label(re.compile("Reason")).fill(SECRET_REASON)
    page.get_by_role("button", name="Withdraw the conditional offer").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Offer withdrawn")
    assert Application.objects.get(pk=application.pk).stage == "offer_withdrawn"

    email = Notification.objects.get(kind="application_conditional_offer_withdrawn")
    rendered = notification_render(kind=email.kind, context=email.context)
    assert "withdrawn the conditional offer" in rendered.text
    assert application.vacancy.contact_email in rendered.text
    for email in Notification.objects.filter(to_email="refused@example.com"):
        rendered = notification_render(kind=email.kind, context=email.context)
        for secret in (SECRET_REFUSAL, SECRET_REASON):
            assert secret not in rendered.text + rendered.html + rendered.subject
