"""axe on the application pages the main journey does not visit, in their error states:
add/change forms, remove, no right to work, a closed advert, a bad sign-in link."""

import re

import pytest
from playwright.sync_api import expect

from applications import services
from applications.sections import Section
from tests.factories.applications import complete_application, make_candidate, open_vacancy
from tests.factories.vacancies import ClosedVacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def at(page, heading):
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("footer")).to_be_visible()


def sign_in_through_the_browser(page, email):
    from notifications.models import Notification

    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    at(page, "Check your email")
    link = (
        Notification.objects.filter(kind="applicants_sign_in").latest("id").context["sign_in_url"]
    )
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Sign in").click()
    at(page, "Your applications")


def test_error_states_of_the_other_pages_have_no_axe_violations(page, assert_accessible):
    candidate = make_candidate("sam@example.com")
    application = complete_application(candidate, open_vacancy())
    closed = ClosedVacancyFactory()
    base = f"/your-applications/{application.pk}/"
    period = application.residence_periods.first()
    entry = application.employment_entries.first()
    referee = application.referees.first()

    page.goto("/sign-in/not-a-real-link/")
    at(page, "This sign-in link does not work")
    assert_accessible(page)
    sign_in_through_the_browser(page, "sam@example.com")
    assert_accessible(page)

    page.goto(base + "where-you-have-lived/add/")
    page.get_by_role("button", name="Add this place").click()
    at(page, "Add a place you lived")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the country")
    assert_accessible(page)
    page.goto(base + f"where-you-have-lived/{period.pk}/remove/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto(base + f"employment-and-education/{entry.pk}/change/")
    page.get_by_label("Job title or course").fill("")
    page.get_by_role("button", name="Save and continue").click()
    at(page, "Change a job, course or break")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the job title or course")
    assert_accessible(page)

    page.goto(base + f"referees/{referee.pk}/change/")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Save and continue").click()
    at(page, "Change a referee")
    expect(page.locator(".govuk-error-summary")).to_contain_text("correct format")
    assert_accessible(page)

    services.application_section_save(
        application=application, section=Section.REFEREES, referee_consent=False
    )
    page.goto(base + "check-your-answers/")
    at(page, "Check your answers before sending your application")
    expect(page.locator("#incomplete-sections")).to_contain_text("Referees")
    assert_accessible(page)

    page.goto(base + "personal-details/")
    page.get_by_role("group", name="Do you have the right to work in the UK?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Save and continue").click()
    at(page, "You cannot apply for this job")
    assert_accessible(page)

    page.goto(f"/vacancies/{closed.reference}/apply/")
    at(page, "This advert has closed")
    assert_accessible(page)
