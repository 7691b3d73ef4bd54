"""An MV + SC advert in Chromium: its vetting section, its self-check, and a candidate
who already holds clearance. Zero axe violations on every page, error states included.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Rocu
from tests.browser.test_vetting_self_check import add_place, answer_add_another, fill_date
from tests.factories.vacancies import PublishedVacancyFactory, VacancyLocationFactory
from vacancies.cache import public_pages_changed
from vetting import clock
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def advert():
    vacancy = PublishedVacancyFactory(
        rocu=Rocu.objects.get(slug="rocuwm"),
        title="Intelligence Researcher, Birmingham",
        vetting_level=VettingLevel.objects.get(code="MV"),
        national_security_level=VettingLevel.objects.get(code="SC"),
    )
    VacancyLocationFactory(vacancy=vacancy)
    public_pages_changed()
    return vacancy


def test_an_mv_plus_sc_advert_its_self_check_and_a_candidate_holding_clearance(
    page, assert_accessible, advert
):
    year = clock.today().year

    page.goto(f"/vacancies/{advert.reference}/")
    vetting = page.locator("#vetting ~ p")
    expect(page.locator("#vetting-requirements")).to_contain_text(
        "You need Management Vetting and Security Check. Both need 5 years' UK residence."
    )
    expect(vetting.first).to_contain_text("Management Vetting (MV) and Security Check (SC)")
    expect(page.locator("#vetting-unit")).to_contain_text("West Midlands Police Vetting Unit")
    page.get_by_text("More about Security Check").click()
    expect(page.get_by_text("National security vetting by UK Security Vetting")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Check if you can meet the vetting rules for this post").click()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_label("Intelligence Researcher, Birmingham")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("#requirements-summary")).to_contain_text(
        "You need Management Vetting and Security Check. Both need 5 years' UK residence."
    )
    # Two years working in France inside the window: not eligible on residence alone.
    add_place(
        page,
        "France",
        (1, 1, year - 6),
        (31, 12, year - 3),
        reason="Working (not for the British Armed Forces or HM Government)",
    )
    answer_add_another(page, "Yes")
    add_place(page, "United Kingdom", (1, 1, year - 2))
    answer_add_another(page, "No")

    # The clearance question, then its details; missing answers are errors.
    expect(
        page.get_by_role("heading", level=1, name="Do you already hold vetting clearance?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Do you already hold vetting clearance?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", level=1, name="Tell us about your clearance")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Select the level of clearance you hold")
    expect(summary).to_contain_text("Enter the force or organisation that granted your clearance")
    expect(summary).to_contain_text("Enter the date your clearance was granted")
    assert_accessible(page)
    summary.get_by_role("link", name="Select the level of clearance you hold").click()
    expect(page.get_by_label("Which level of clearance do you hold?")).to_be_focused()

    page.get_by_label("Which level of clearance do you hold?").select_option(
        label="Management Vetting (MV)"
    )
    page.get_by_label("Which police force or organisation granted it?").fill("Kent Police")
    today = clock.today()
    fill_date(page, "When was it granted?", today.day, today.month, today.year)
    page.get_by_role("button", name="Continue").click()

    # MV held covers MV but not SC (a separate process): SC is still assessed on residence.
    expect(page.locator("#held-clearance")).to_contain_text(
        "Your Management Vetting clearance may be accepted for Management Vetting. "
        "You still need Security Check"
    )
    expect(page.locator("#held-clearance")).to_contain_text(
        "You told us you hold Management Vetting, granted by Kent Police."
    )
    expect(
        page.get_by_role(
            "heading", level=1, name="You do not meet the residence rule for Security Check"
        )
    ).to_be_visible()
    expect(page.locator("#vetting-unit-next")).to_contain_text(
        "is decided by the West Midlands Police Vetting Unit"
    )
    expect(page.get_by_role("img", name=re.compile("^Timeline of where you lived"))).to_be_visible()
    assert_accessible(page)
