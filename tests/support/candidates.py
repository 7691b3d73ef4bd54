"""Candidates in browser tests: signed in by their session cookie, following emailed links.

The tests read a link an email carries from the outbox row's context, as the
candidate would from their inbox. The candidate's own sign-in (a single-use
link sent through the outbox, then a Sign in button) is walked through in
test_applications.py, with axe on each of its pages; tests whose subject is
something else (the selection journey, the offer) hand the browser the session
that button makes instead (``sign_in_candidate_with_session_cookie``), which
saves each sign-in's four pages and six requests. ORM calls here rely on
DJANGO_ALLOW_ASYNC_UNSAFE, which tests/browser/conftest.py sets.
"""

import re

from notifications.models import Notification
from tests.factories.applications import make_candidate, sign_in
from tests.support.staff import give_browser_the_session


def emailed_path(kind: str, to_email: str, key: str = "link_url") -> str:
    """The path of the link in the newest ``kind`` email to ``to_email``."""
    email = Notification.objects.filter(kind=kind, to_email=to_email).latest("pk")
    return re.sub(r"^https?://[^/]+", "", email.context[key])


def sign_in_candidate_with_session_cookie(page, email: str) -> None:
    """Sign out whoever was signed in, then give the browser the candidate ``email``'s session.

    The session holds the candidate and the time last seen, as
    applicants.session.sign_in puts them after the emailed link's button
    (tests.factories.applications.sign_in, which the view tests use too).
    """
    from django.test import Client

    client = Client()
    sign_in(client, make_candidate(email))
    give_browser_the_session(page, client)
