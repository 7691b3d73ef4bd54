"""A candidate on a phone (375 px wide): the job board's first advert is on the first
screen, with the filters folded behind "Show filters"; pages load with no console error
(a favicon, no 404)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_vacancies_public import (  # noqa: F401 - fixtures
    advert,
    fresh_public_cache,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_the_first_advert_is_on_the_first_screen_of_a_phone(
    phone, console_errors, assert_accessible
):
    for number in range(25):
        advert(title=f"Intelligence Researcher {number:02d}")

    phone.goto("/vacancies/")

    first = phone.locator(".app-vacancy-list__item").first.get_by_role("link")
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    expect(phone.get_by_label("Developed Vetting (DV)")).to_be_hidden()
    assert_accessible(phone)

    phone.locator("summary", has_text="Show filters").click()
    expect(phone.get_by_label("Developed Vetting (DV)")).to_be_visible()
    expect(phone.get_by_text("Hide filters")).to_be_visible()
    phone.get_by_label("Developed Vetting (DV)").check()
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone.get_by_text("Show filters (filters applied)")).to_be_visible()
    assert console_errors == []


def test_filters_work_on_a_phone_without_javascript(browser, live_server):
    advert(title="Intelligence Researcher, no script")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    page = context.new_page()
    try:
        page.goto("/vacancies/")
        expect(page.get_by_label("Any level")).to_be_hidden()
        page.locator("summary", has_text="Show filters").click()
        expect(page.get_by_label("Any level")).to_be_visible()
        expect(page.get_by_label("Any level")).to_be_checked()
    finally:
        context.close()


def test_on_a_desktop_the_filters_are_open_with_no_toggle(page):
    advert(title="Intelligence Researcher, desktop")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/vacancies/")
    expect(page.get_by_label("Any level")).to_be_visible()
    expect(page.get_by_text("Show filters")).to_be_hidden()


@pytest.mark.parametrize(
    "path", ["/", "/vacancies/", "/eligibility/", "/eligibility/job/", "/register-interest/"]
)
def test_candidate_pages_load_with_no_console_error_and_a_favicon(page, console_errors, path):
    advert(title="Intelligence Researcher")
    page.goto(path)
    favicon = page.request.get("/favicon.ico")
    assert favicon.status == 200
    assert favicon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    page.wait_for_load_state("networkidle")
    assert console_errors == []
