"""In a real browser: staff sign in with a password and a two-factor code under the
strict CSP; first sign-in enrols an authenticator; the lock-out, 403, set-password
and staff-account pages pass axe with zero violations.
"""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts import roles, services
from accounts.models import Rocu
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead
from tests.support.staff import PASSWORD, authenticator_for, sign_in_in_browser, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_rocu_lead_signs_in_with_a_code_with_no_csp_violation(page, assert_accessible):
    lead = rocu_lead("nersou", username="lead.browser")
    authenticator_for(lead)

    page.goto("/admin/")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)  # the code page, error state included

    page.get_by_label("Code").fill(totp_code(lead))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Recruitment pipeline")).to_be_visible()
    expect(page.locator("#who-sees-what")).to_contain_text("ROCU lead")


def test_first_sign_in_sets_up_an_authenticator_from_the_typed_key(page, assert_accessible):
    lead = rocu_lead("nersou", username="new.lead.browser")

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    # What a person without a camera does: type the key shown as text into their app.
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(secret).token():06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continue to the admin").click()
    expect(page.get_by_role("heading", name="Recruitment pipeline")).to_be_visible()


def test_the_lock_out_page_gives_the_wait_in_words(page, assert_accessible, settings):
    settings.AXES_ENABLED = True
    lead = rocu_lead("nersou", username="locked.browser")
    for _ in range(6):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(lead.username)
        page.get_by_label("Password").fill("wrong-guess")
        page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    expect(page.get_by_text("You can try again in 1 hour")).to_be_visible()
    assert_accessible(page)


def test_a_lead_sees_a_styled_403_saying_what_to_do_instead(page, assert_accessible):
    lead = rocu_lead("nersou", username="forbidden.browser")
    sign_in_in_browser(page, lead)

    response = page.goto("/admin/accounts/user/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    expect(page.get_by_role("heading", name="What you can do instead")).to_be_visible()
    assert_accessible(page)


def test_rocu_hr_adds_a_colleague_on_accessible_admin_pages(page, assert_accessible):
    hr = rocu_hr("nersou", username="hr.browser")
    rocu_lead("nersou", username="existing.lead")
    sign_in_in_browser(page, hr)

    page.goto("/admin/accounts/user/")
    expect(page.get_by_role("link", name="existing.lead")).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/accounts/user/add/")
    assert_accessible(page)
    page.get_by_label("Username:").fill("nia.evans")
    page.get_by_label("First name:").fill("Nia")
    page.get_by_label("Last name:").fill("Evans")
    page.get_by_label("Email address:").fill("nia.evans@police.example")
    page.get_by_label("Role:").select_option(roles.ROCU_LEAD)
    page.get_by_label("NERSOU").check()
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "has been sent a link to set their password"
    )
    expect(page.locator(".field-audit_trail")).to_contain_text("Account created")
    assert_accessible(page)


def test_national_hr_pages_for_access_and_history_are_accessible(page, assert_accessible):
    hr = national_hr(username="national.browser")
    lead = rocu_lead("nersou", username="lead.for.history")
    services.staff_two_factor_reset(by=hr, user=lead)
    sign_in_in_browser(page, hr)

    expect(page.locator("#who-sees-what")).to_contain_text("every ROCU")
    assert_accessible(page)  # the admin home page, with "Your access"
    page.goto("/admin/accounts/staffauditentry/")
    expect(page.get_by_role("cell", name="Two-factor sign-in reset")).to_be_visible()
    assert_accessible(page)
    page.goto("/admin/sign-in/recovery-codes/")
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)


def test_the_set_password_page_is_accessible(page, assert_accessible, live_server):
    user = services.staff_user_create(
        by=national_hr(),
        username="invited.browser",
        email="invited@police.example",
        first_name="In",
        last_name="Vited",
        role=roles.ROCU_LEAD,
        rocus=[Rocu.objects.get(slug="nersou")],
    )
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    token = services.invitation_tokens.make_token(user)
    page.goto(f"/staff/account-set-up/{urlsafe_base64_encode(force_bytes(user.pk))}/{token}/")
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    page.get_by_role("button", name="Set password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("correct horse battery staple")
    page.get_by_label("New password confirmation").fill("correct horse battery staple")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Your password is set")).to_be_visible()
    assert_accessible(page)


def test_an_injected_inline_script_does_not_run_on_our_pages(browser, live_server):
    # Its own context, not the `page` fixture: that one fails on the violation we cause.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/")

    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true")

    assert page.evaluate("window.injected") is None
    context.close()
