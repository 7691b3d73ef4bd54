"""In a real browser: a ROCU lead drafts, previews and publishes an advert in the admin,
sees it on the public list, and another ROCU's lead cannot open it.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories.accounts import rocu_lead
from tests.support.staff import sign_in_with_session_cookie
from vacancies.models import Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, username):
    """A verified staff session, as after the password and code pages (tests.support.staff)."""
    sign_in_with_session_cookie(page, User.objects.get(username=username))


def test_a_lead_drafts_previews_and_publishes_an_advert_another_rocus_lead_cannot_open_it(
    page, assert_accessible
):
    # Data first: the ORM cannot run inside Playwright's event loop.
    lead = rocu_lead("nersou", username="nersou.lead.browser")
    other = rocu_lead("emsou", username="emsou.lead.browser")

    _sign_in(page, lead.username)
    page.goto("/admin/vacancies/vacancy/add/")
    # The lead has one ROCU, so it is already chosen.
    expect(page.get_by_label("ROCU:")).to_have_value(str(lead.rocus.get().pk))
    page.get_by_label("Title:").fill("Intelligence Researcher — browser test")
    page.get_by_label("Vetting level:", exact=True).select_option(label="Management Vetting (MV)")
    page.get_by_label("National security vetting level:").select_option(
        label="Developed Vetting (DV)"
    )
    page.locator("#id_closing_at_0").fill("31/12/2099")
    page.locator("#id_closing_at_1").fill("23:59:00")
    page.get_by_label("Minimum salary:").fill("28000")
    page.get_by_label("Maximum salary:").fill("32000")
    page.get_by_label("Expected start from:").fill("01/03/2099")
    page.get_by_label("Expected start by:").fill("01/04/2099")
    page.get_by_label("Summary:").fill("Find and analyse intelligence.")
    page.get_by_label("Full description:").fill("You will research networks.")
    page.get_by_label("What the role involves:").fill("- research\n- reports")
    page.get_by_label("Selection process:").fill("Assessment, then interview.")
    page.get_by_label("County lines").check()
    page.locator("#id_locations-0-town").fill("Newcastle upon Tyne")
    page.locator("#id_locations-0-postcode").fill("NE1 4AA")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    reference = page.locator(".field-reference .readonly").inner_text().strip()
    assert re.fullmatch(r"NERSOU-\d{4}-\d{4}", reference)
    change_url = page.url

    # Preview: the public page, clearly marked as not published.
    page.get_by_role("link", name="Preview the public page").click()
    expect(page.get_by_text("Preview — not published")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("browser test")
    assert_accessible(page)

    # Publish from the list with the admin action.
    page.goto("/admin/vacancies/vacancy/")
    page.get_by_role("row", name=re.compile(reference)).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Publish selected adverts")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Published: {reference}")
    assert Vacancy.objects.get(reference=reference).status == VacancyStatus.PUBLISHED

    # At once on the public list (its cache is made stale by the publish).
    page.goto("/vacancies/")
    link = page.get_by_role("link", name="Intelligence Researcher — browser test")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(f"/vacancies/{reference}/$"))
    expect(page.get_by_text("Preview — not published")).to_have_count(0)

    # Another ROCU's lead: the advert's admin URLs do not exist for them.
    page.context.clear_cookies()
    _sign_in(page, other.username)
    for url in (change_url, change_url.replace("/change/", "/preview/")):
        response = page.goto(url)
        assert response.status == 404, url
    page.goto("/admin/vacancies/vacancy/")
    expect(page.get_by_text(reference)).to_have_count(0)
