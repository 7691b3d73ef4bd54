"""Candidates in browser tests: sign in through the emailed link, follow emailed links.

The candidate's sign-in is a single-use link sent through the outbox; the tests
read it (and any other link an email carries) from the outbox row's context,
as the candidate would from their inbox. ORM calls here rely on
DJANGO_ALLOW_ASYNC_UNSAFE, which tests/browser/conftest.py sets.
"""

import re

from notifications.models import Notification


def emailed_path(kind: str, to_email: str, key: str = "link_url") -> str:
    """The path of the link in the newest ``kind`` email to ``to_email``."""
    email = Notification.objects.filter(kind=kind, to_email=to_email).latest("pk")
    return re.sub(r"^https?://[^/]+", "", email.context[key])


def sign_in_candidate_in_browser(page, email: str) -> None:
    """Sign out whoever was signed in, then sign in as the candidate ``email``."""
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(emailed_path("applicants_sign_in", email, key="sign_in_url"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
