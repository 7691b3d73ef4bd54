"""In a real browser: a ROCU lead publishes, closes, archives and duplicates an advert
with the buttons on its own admin page, through each confirmation page, and axe finds
nothing on the change page or any confirmation page (with and without errors). The
advert list fits a 1280 px wide screen with its closing-date column in view.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Rocu
from tests.factories.accounts import national_hr, rocu_lead
from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from tests.support.staff import sign_in_with_session_cookie
from vacancies.models import AuditAction, Vacancy, VacancyStatus
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db(transaction=True)


def _change(vacancy) -> str:
    return f"/admin/vacancies/vacancy/{vacancy.pk}/change/"


DUPLICATE = "Duplicate as a new draft"


def _open_step(page, assert_accessible, step: str, offered: list[str]) -> None:
    """On the advert's page: exactly ``offered`` buttons, axe-clean; then ``step``'s
    confirmation page, axe-clean too."""
    steps = page.get_by_role("region", name="What you can do with this advert")
    expect(steps.get_by_role("link")).to_have_text(offered)
    assert_accessible(page)
    steps.get_by_role("link", name=step, exact=True).click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
    assert_accessible(page)


def test_a_lead_takes_an_advert_through_its_life_cycle_with_the_buttons(page, assert_accessible):
    # Data first: the ORM cannot run inside Playwright's event loop.
    lead = rocu_lead("nersou", username="nersou.lead.steps")
    rocu = Rocu.objects.get(slug="nersou")
    draft = VacancyFactory(
        rocu=rocu,
        title="Researcher, Durham",
        closing_at=timezone.now() + datetime.timedelta(days=20),
    )
    VacancyLocationFactory(vacancy=draft)
    incomplete = VacancyFactory(rocu=rocu, title="Half written", summary="", closing_at=None)

    sign_in_with_session_cookie(page, lead)

    # An incomplete draft: the publish page lists every problem and offers no button.
    page.goto(_change(incomplete))
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("You cannot publish this advert yet")
    expect(page.get_by_role("alert")).to_contain_text("Add at least one base location")
    expect(page.get_by_role("alert")).to_contain_text("Enter a summary")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    assert_accessible(page)

    # Publish.
    page.goto(_change(draft))
    _open_step(page, assert_accessible, "Publish", ["Publish", "Archive", DUPLICATE])
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Published: {draft.reference}")
    expect(page).to_have_url(re.compile(f"{_change(draft)}$"))

    # Close now: the reason is asked, and its absence is a GOV.UK-style error.
    _open_step(page, assert_accessible, "Close now", ["Close now", DUPLICATE])
    page.get_by_role("button", name="Close now").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Give the reason for closing the advert early")
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Why are you closing it early?")).to_be_focused()
    page.get_by_label("Why are you closing it early?").fill("All posts filled")
    page.get_by_role("button", name="Close now").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Closed: {draft.reference}")

    # Archive (the closed advert is read-only; the buttons are still there).
    _open_step(page, assert_accessible, "Archive", ["Archive", DUPLICATE])
    page.get_by_role("button", name="Archive").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Archived: {draft.reference}")

    # Duplicate: lands on the new draft.
    page.get_by_role("link", name=DUPLICATE).click()
    assert_accessible(page)
    page.get_by_role("button", name=DUPLICATE).click()
    expect(page.locator(".messagelist")).to_contain_text("New draft created")
    copy = Vacancy.objects.exclude(pk__in=[draft.pk, incomplete.pk]).get()
    expect(page).to_have_url(re.compile(f"{_change(copy)}$"))

    draft.refresh_from_db()
    assert draft.status == VacancyStatus.ARCHIVED
    assert draft.audit_entries.get(action=AuditAction.CLOSED).reason == "All posts filled"
    assert copy.status == VacancyStatus.DRAFT


def test_the_advert_list_fits_1280_pixels_with_the_closing_date_in_view(page):
    # National HR: every ROCU's adverts, so the widest ROCU names and filters.
    user = national_hr(username="national.hr.list")
    developed = VettingLevel.objects.get(code="DV")
    for number, rocu in enumerate(Rocu.objects.order_by("pk")):
        PublishedVacancyFactory(
            rocu=rocu,
            title=f"Intelligence Researcher (County Lines and Modern Slavery) {number}",
            national_security_level=developed,
        )
        ClosedVacancyFactory(rocu=rocu, closed_at=timezone.now())
    sign_in_with_session_cookie(page, user)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/vacancies/vacancy/")

    widths = page.evaluate(
        """() => {
            const results = document.querySelector('.results');
            const table = document.querySelector('#result_list');
            return {
                page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                results: [results.scrollWidth, results.clientWidth],
                table: table.getBoundingClientRect().right,
            };
        }"""
    )
    assert widths["page"][0] <= widths["page"][1], widths
    assert widths["results"][0] <= widths["results"][1], widths
    assert widths["table"] <= 1280, widths

    heading = page.locator("#result_list thead th.column-closes")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text("Closes")
    box = heading.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    # Every row's closing date is there in full, not cut off.
    first_date = page.locator("#result_list tbody td.field-closes").first
    expect(first_date).to_be_visible()
    cell = first_date.evaluate("cell => [cell.scrollWidth, cell.clientWidth]")
    assert cell[0] <= cell[1], cell
    date_box = first_date.bounding_box()
    assert date_box["x"] + date_box["width"] <= 1280, date_box
