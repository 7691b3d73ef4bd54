"""Signing staff in from tests: the one helper every admin test uses.

The admin needs a password **and** a two-factor code (accounts/admin_site.py).
``login_staff(client, user)`` gives a Django test client a fully verified staff
session: it signs the user in and marks the session as verified by their
authenticator device (created, confirmed, if they have none), exactly as the
code page does after a right code. Tests of the sign-in steps themselves drive
the real pages instead (tests/integration/accounts/test_two_factor.py).

For browser tests, ``sign_in_in_browser(page, user)`` fills in the real pages
with a code generated from the user's device (``totp_code``): the sign-in tests
and the selection journey's first sign-in use it. Tests whose subject is not
signing in use ``sign_in_with_session_cookie(page, user)``: the same verified
session ``login_staff`` makes, handed to the browser as its session cookie, which
saves each sign-in's five requests (two of them the pipeline's index page).
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.selectors import totp_code_for

PASSWORD = "a-long-test-password"  # tests.factories.accounts.UserFactory's


def authenticator_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def login_staff(client, user):
    """Sign ``user`` in on ``client`` with a verified two-factor session; returns ``client``."""
    device = authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def totp_code(user) -> str:
    """A code the user's authenticator accepts now (one not used yet)."""
    device = authenticator_for(user)
    device.refresh_from_db()
    return totp_code_for(device)[0]


def sign_in_in_browser(page, user, *, password: str = PASSWORD) -> None:
    """Sign in through the real pages: password, then a generated code.

    The user gets a confirmed authenticator first if they have none, so the
    code page (not enrolment) follows the password. (ORM calls here rely on
    DJANGO_ALLOW_ASYNC_UNSAFE, which tests/browser/conftest.py sets.)
    """
    from playwright.sync_api import expect

    authenticator_for(user)

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Recruitment pipeline")).to_be_visible()


def sign_in_with_session_cookie(page, user) -> None:
    """Sign out whoever was signed in, then give the browser ``user``'s verified staff session.

    The session is ``login_staff``'s (Django's own login, then the device marked
    verified, as the code page does), so the admin treats the browser exactly as
    after the real pages. ``page.live_server_url`` is set by the ``page`` fixture.
    """
    from django.test import Client

    give_browser_the_session(page, login_staff(Client(), user))


def give_browser_the_session(page, client) -> None:
    """Sign the browser out, then hand it the session of Django test ``client`` as its cookie."""
    from django.conf import settings

    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.live_server_url,
                "httpOnly": settings.SESSION_COOKIE_HTTPONLY,
                "sameSite": settings.SESSION_COOKIE_SAMESITE,
            }
        ]
    )


def switch_staff_in_browser(page, user) -> None:
    """Sign out whoever was signed in (staff or candidate), then sign ``user`` in.

    Through the session cookie (``sign_in_with_session_cookie``): the tests that
    switch staff are about what each of them does, not about signing in.
    """
    sign_in_with_session_cookie(page, user)
