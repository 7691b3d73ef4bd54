"""A candidate applies in Chromium: emailed sign-in, every section, a not-eligible
explanation, Change from Check your answers, submit, Your applications, withdraw.
axe-core runs on every page, error states included."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from notifications.models import Notification
from tests.factories.applications import open_vacancy
from vetting import clock

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def at(page, heading):
    """Wait for the next page (its h1) before checking it: axe must see a whole page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("footer")).to_be_visible()


def choose(page, legend, answer):
    page.get_by_role("group", name=legend).get_by_label(answer, exact=True).check()


def save(page, name="Save and continue"):
    page.get_by_role("button", name=name).click()


def add_place(page, country, start, end=None, reason=None):
    page.get_by_label("Country").select_option(label=country)
    fill_date(page, "When did you start living there?", *start)
    if end:
        fill_date(page, "When did you stop living there?", *end)
    if reason:
        page.get_by_label(reason, exact=True).check()
    save(page, "Add this place")


def test_a_candidate_applies_changes_an_answer_submits_and_withdraws(page, assert_accessible):
    vacancy = open_vacancy(title="Intelligence Researcher, Durham", questions=2, word_limit=50)
    today = clock.today()
    year = today.year

    page.goto(f"/vacancies/{vacancy.reference}/")
    page.get_by_role("button", name="Apply for this job").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Apply for Intelligence Researcher, Durham"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign in to apply").click()

    # Sign in: an error first, then the emailed link.
    save(page, "Email me a sign-in link")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page)
    page.get_by_label("Email address").fill("sam@example.com")
    save(page, "Email me a sign-in link")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    link = Notification.objects.get(kind="applicants_sign_in").context["sign_in_url"]
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    at(page, "Sign in to your applications")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("button", name="Start your application")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start your application").click()
    expect(page.locator("#task-list")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)

    # 1. Personal details, with errors first.
    page.get_by_role("link", name="Personal details").click()
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    assert_accessible(page)
    page.get_by_label("Full name", exact=True).fill("Sam Example")
    page.get_by_label("Phone number").fill("07700 900982")
    choose(page, "Where do you live now?", "In the UK")
    page.get_by_label("Address line 1").fill("1 High Street")
    page.get_by_label("Town or city").fill("Durham")
    page.get_by_label("Postcode").fill("DH1 1AA")
    choose(page, "Do you have the right to work in the UK?", "Yes")
    save(page)

    # 2. Where you have lived: a year of study abroad is not eligible, explained now.
    page.get_by_role("link", name="Where you have lived").click()
    at(page, "Add a place you lived")
    assert_accessible(page)
    add_place(page, "United Kingdom", (1, 1, year - 1))
    page.get_by_role("link", name="Add another place").click()
    add_place(page, "France", (1, 1, year - 2), (31, 12, year - 2), "Studying")
    page.get_by_role("link", name="Add another place").click()
    add_place(page, "United Kingdom", (1, 1, year - 12), (31, 12, year - 3))
    expect(page.locator("#residence-result")).to_contain_text("you do not meet the residence rule")
    expect(page.locator("#problem-dates")).to_contain_text("France")
    assert_accessible(page)
    window_start = today.replace(year=year - 5)
    choose(
        page, f"Have you added every place you have lived since {window_start:%-d %B %Y}?", "Yes"
    )
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain why an exemption applies")
    assert_accessible(page)
    page.get_by_label("Why do you think an exemption applies?").fill(
        "The course was run by my UK university."
    )
    save(page)

    # Clearance already held (issue 15): asked once the places are confirmed.
    at(page, "Do you already hold vetting clearance?")
    assert_accessible(page)
    choose(page, "Do you already hold vetting clearance?", "Yes")
    save(page, "Continue")
    at(page, "Tell us about your clearance")
    save(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the level of clearance you hold"
    )
    assert_accessible(page)
    page.get_by_label("Which level of clearance do you hold?").select_option("MV")
    page.get_by_label("Which police force or organisation granted it?").fill("Durham Constabulary")
    granted = today - datetime.timedelta(days=60)  # recent enough to be accepted
    fill_date(page, "When was it granted?", granted.day, granted.month, granted.year)
    save(page, "Continue")
    expect(page.locator("#task-list")).to_be_visible()

    # 3. Employment.
    page.get_by_role("link", name="Employment and education").click()
    choose(page, "What were you doing?", "A job (paid or voluntary)")
    page.get_by_label("Employer, school, college or university").fill("Acme Analysis")
    page.get_by_label("Job title or course").fill("Analyst")
    fill_date(page, "Start date", 1, 1, year - 4)
    save(page)
    at(page, "Employment and education")
    assert_accessible(page)
    choose(page, "Have you added everything you did in the last 3 years?", "Yes")
    save(page)

    # 4. Referees.
    page.get_by_role("link", name="Referees").click()
    at(page, "Referees")
    assert_accessible(page)
    for number, recent in ((1, "Yes"), (2, "No")):
        page.get_by_role("link", name=re.compile("Add (a|another) referee")).click()
        page.get_by_label("Full name").fill(f"Referee {number}")
        page.get_by_label("Email address").fill(f"referee{number}@example.com")
        page.get_by_label("Organisation").fill("Acme Analysis")
        page.get_by_label("How do you know them?").fill("Manager")
        choose(page, "Is this referee from your most recent employer?", recent)
        save(page)
    page.get_by_label("I understand that my referees will only be contacted").check()
    save(page)

    # 5. About the role: one word over the limit, then within it.
    page.get_by_role("link", name="About the role").click()
    answers = page.locator("textarea")
    answers.nth(0).fill(" ".join(["word"] * 51))
    answers.nth(0).press("End")  # the component counts on key up
    answers.nth(1).fill("An example of working with others.")
    expect(page.locator(".govuk-character-count__status").first).to_contain_text("1 word too many")
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("it is 1 too many")
    assert_accessible(page)
    page.locator("textarea").nth(0).fill("I found the pattern in the data.")
    save(page)

    # 6-8.
    page.get_by_role("link", name="Adjustments").click()
    at(page, "Adjustments")
    assert_accessible(page)
    choose(page, "Do you need any adjustments for the assessment or interview?", "No")
    choose(page, "Do you want to apply under the Disability Confident scheme?", "No")
    save(page)
    page.get_by_role("link", name="Equality monitoring").click()
    at(page, "Equality monitoring")
    assert_accessible(page)
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Prefer not to say")
    assert_accessible(page)
    page.get_by_role("button", name="I do not want to answer these questions").click()
    page.get_by_role("link", name="Declaration").click()
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("true and complete")
    assert_accessible(page)
    page.get_by_label("The information I have given is true and complete").check()
    page.get_by_label("If I am offered the job, I agree to the vetting checks").check()
    save(page)

    # Check your answers, change the name, come back.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your application"
    )
    assert_accessible(page)
    page.locator("#summary-personal-details").get_by_role("link", name="Change Full name").click()
    page.get_by_label("Full name", exact=True).fill("Samantha Example")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your application"
    )
    expect(page.locator("#summary-personal-details")).to_contain_text("Samantha Example")
    expect(page.locator("#summary-where-you-have-lived")).to_contain_text(
        f"Management Vetting (MV), granted by Durham Constabulary on {granted:%-d %B %Y}"
    )

    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Application sent")
    reference = Application.objects.get().reference
    expect(page.locator(".govuk-panel__body")).to_contain_text(reference)
    assert_accessible(page)
    assert Notification.objects.filter(kind="application_submitted").count() == 1
    # A recent clearance that covers the advert's level: a person reviews it.
    sent = Application.objects.get()
    assert (sent.residence_outcome, sent.flagged_for_review) == ("review", True)

    page.get_by_role("link", name="Go to your applications").click()
    at(page, "Your applications")
    expect(page.locator("main")).to_contain_text("Received")
    assert_accessible(page)
    page.get_by_role("link", name="Intelligence Researcher, Durham").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Application {reference}")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw application").click()
    at(page, "Withdraw your application")
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing? (optional)").fill("I took another job.")
    page.get_by_role("button", name="Withdraw application").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Application withdrawn")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_accessible(page)
    assert Application.objects.get().stage == "withdrawn"
