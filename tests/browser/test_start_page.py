"""The candidate's first page renders in a real browser and passes axe."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_shows_service_header_and_has_no_axe_violations(page, assert_accessible):
    page.goto("/")

    expect(page.get_by_role("link", name="TOEX Recruit")).to_be_visible()
    expect(
        page.get_by_role(
            "heading",
            level=1,
            name="Become an Intelligence Researcher tackling organised exploitation",
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    expect(page.get_by_text("This is a new service.")).to_be_visible()
    # govuk-frontend's JavaScript ran: it marks the body as supported.
    expect(page.locator("body.govuk-frontend-supported")).to_be_attached()
    assert_accessible(page)


def test_unknown_page_is_a_styled_404_with_no_axe_violations(page, assert_accessible):
    response = page.goto("/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()
    assert_accessible(page)
