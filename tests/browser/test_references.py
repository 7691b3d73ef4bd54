"""In a real browser: both referees answer from the links in their emails (one first
makes mistakes), HR reads and marks both satisfactory from the application's page,
and the references check is cleared; a third link, used again and altered, gives a
clear page. axe on every referee page and on the marking page."""

import pytest
from playwright.sync_api import expect

from applications import extensions
from applications.models import Application
from references.models import ReferenceRequest
from tests.factories.accounts import rocu_hr
from tests.support.references import (
    answer_reference_in_browser,
    application_at_checks,
    referee_links,
)
from tests.support.staff import sign_in_with_session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def test_both_referees_answer_from_their_emailed_links_and_hr_marks_them_satisfactory(
    page, assert_accessible
):
    hr = rocu_hr("nersou", username="hr.references", first_name="Hana", last_name="Reid")
    application = application_at_checks(hr)
    links = referee_links(application)  # from the outbox rows, as in the emails
    assert len(links) == 2
    first, second = (links["referee1@example.com"], links["referee2@example.com"])

    # The first referee sends the form empty, then answers.
    page.goto(first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Give a reference for Sam Example")
    assert_accessible(page)
    page.get_by_role("button", name="Send reference").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your job title")
    assert_accessible(page)
    answer_reference_in_browser(page, job_title="Operations manager")
    expect(page.get_by_role("heading", name="Reference sent")).to_be_visible()
    assert_accessible(page)
    # The link again: already answered.
    page.goto(first)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have already replied to this request"
    )
    assert_accessible(page)

    # The second referee looks at "I cannot give a reference", then goes back and answers.
    page.goto(second)
    page.get_by_role("link", name="I cannot give a reference").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You cannot give a reference")
    assert_accessible(page)
    page.get_by_role("link", name="Back: I can give a reference").click()
    answer_reference_in_browser(page, job_title="Team leader")
    expect(page.get_by_role("heading", name="Reference sent")).to_be_visible()

    # An altered link: a clear page.
    page.goto(first[:-3] + "xx/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)

    # HR reads and marks each from the application's page.
    sign_in_with_session_cookie(page, hr)
    change = f"/admin/applications/application/{application.pk}/change/"
    for _ in range(2):
        page.goto(change)
        page.get_by_role("link", name="Read and mark").first.click()
        expect(page.get_by_text("Is the reference satisfactory?")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Satisfactory", exact=True).check()
        page.get_by_role("button", name="Record the mark").click()
        expect(page.locator(".messagelist")).to_contain_text("is marked")
    expect(page.get_by_role("link", name="Read and mark")).to_have_count(0)

    marks = set(
        ReferenceRequest.objects.filter(application=application).values_list(
            "satisfactory", "assessed_by"
        )
    )
    assert marks == {(True, hr.pk)}
    assert extensions.checks_cleared(Application.objects.get(pk=application.pk))["references"]


def test_a_bounced_and_a_refused_referee_are_replaced_by_the_candidate(page, assert_accessible):
    from urllib.parse import urlsplit

    from django.utils import timezone

    from notifications.models import Notification
    from references import services

    hr = rocu_hr("nersou", username="hr.replace")
    application = application_at_checks(hr)
    bounced, refused = ReferenceRequest.objects.filter(application=application).order_by("pk")
    Notification.objects.filter(idempotency_key=f"reference:{bounced.pk}:request").update(
        status="failed", failure_reason="recipient_refused", smtp_code=550
    )
    services.references_notice_bounces()
    services.reference_decline(token_key=refused.token_key, reason="")
    bounced_link = referee_links(application)[bounced.referee_email]

    # The candidate signs in from the emailed link and sees what is needed, not why.
    overview = f"/your-applications/{application.pk}/"
    page.goto(f"/sign-in/?next={overview}")
    page.get_by_label("Email address").fill(application.candidate.email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    link = Notification.objects.get(kind="applicants_sign_in").context["sign_in_url"]
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Sign in").click()
    page.goto(overview)
    expect(page.get_by_text("We need another referee")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="Give another referee").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give us another referee")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the referee’s full name")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("Email address").fill("jo.bloggs@example.com")
    page.get_by_label("Organisation").fill("Northern Data Services")
    page.get_by_label("How do you know them?").fill("Manager")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Requested")).to_have_count(1)
    expect(page.get_by_text("We need another referee")).to_have_count(1)

    # The bounced request's link says it is no longer needed; a link past its date, expired.
    page.goto(bounced_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This reference is no longer needed")
    assert_accessible(page)
    new = ReferenceRequest.objects.get(referee_email="jo.bloggs@example.com")
    assert new.replaces_id == bounced.pk
    new_link = referee_links(application)["jo.bloggs@example.com"]
    ReferenceRequest.objects.filter(pk=new.pk).update(expires_at=timezone.now())
    page.goto(new_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    assert_accessible(page)
