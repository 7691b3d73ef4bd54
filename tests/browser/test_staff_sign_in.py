"""In a real browser: staff sign in under the strict CSP, and the CSP stops injected script."""

import pytest
from playwright.sync_api import expect

from tests.factories.accounts import rocu_lead

pytestmark = pytest.mark.django_db(transaction=True)


def test_rocu_lead_signs_in_to_the_admin_with_no_csp_violation(page):
    lead = rocu_lead("nersou", username="lead.browser")

    page.goto("/admin/")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Recruitment pipeline")).to_be_visible()


def test_an_injected_inline_script_does_not_run_on_our_pages(browser, live_server):
    # Its own context, not the `page` fixture: that one fails on the violation we cause.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/")

    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true")

    assert page.evaluate("window.injected") is None
    context.close()
