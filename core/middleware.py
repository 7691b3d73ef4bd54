"""Request hygiene before any view runs, and headers on every response.

``MalformedRequestMiddleware`` turns inputs that used to reach the database or a
decoder and answer 500 into a 4xx GOV.UK page (docs/security.md):

* a session cookie that is not a key Django could have issued (a NUL byte in it
  made PostgreSQL refuse the lookup on every page that reads the session) is
  ignored, as if there were no cookie;
* a form body declared in a character set other than UTF-8 or ASCII (``utf-16``
  could not be decoded) answers 400: our pages are UTF-8 and browsers send
  forms in the page's encoding, so only a tool crafting requests does this;
(An overlong staff ``username`` is refused by the sign-in form itself: accounts.)

``SessionIdleTimeoutMiddleware`` makes every session expire after a spell of
inactivity: 2 hours for a visitor who is not staff, less for staff. (The
self-check keeps no session: its answers are in a cookie, vetting/self_check.py.)

``PermissionsPolicyMiddleware`` switches off browser features no page uses.
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.shortcuts import render

# Django's session keys: 32 characters of lower-case letters and digits.
_SESSION_KEY = re.compile(r"[a-z0-9]{32}")
_FORM_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def bad_request_page(request, *, status: int = 400):
    return render(request, "400.html", status=status)


class MalformedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookie = settings.SESSION_COOKIE_NAME
        if cookie in request.COOKIES and not _SESSION_KEY.fullmatch(request.COOKIES[cookie]):
            del request.COOKIES[cookie]
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            charset = request.content_params.get("charset", "utf-8").strip().lower()
            if charset not in _FORM_CHARSETS:
                return bad_request_page(request)
        return self.get_response(request)


# When the session last had its expiry pushed forward (epoch seconds).
_LAST_ACTIVITY = "_last_activity"
# Push the expiry forward at most this often, so browsing does not write every request.
_TOUCH_EVERY_SECONDS = 60


class SessionIdleTimeoutMiddleware:
    """Expire a session after it has been idle for a while, not after a fixed time.

    Sessions of visitors who are not staff expire after
    ``ANONYMOUS_SESSION_IDLE_SECONDS``; a signed-in staff member's after
    ``STAFF_SESSION_IDLE_SECONDS``. Only a session the page used is touched, so a
    cached public page read with a session cookie costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.session_key is None:
            return response
        if not [key for key in session.keys() if key != _LAST_ACTIVITY]:  # noqa: SIM118 - a session is not iterable
            return response  # nothing held (signed out, or answers deleted): nothing to keep
        user = getattr(request, "user", None)
        idle = (
            settings.STAFF_SESSION_IDLE_SECONDS
            if user is not None and user.is_authenticated
            else settings.ANONYMOUS_SESSION_IDLE_SECONDS
        )
        if (
            session.modified
            or session.get("_session_expiry") != idle
            or session.get(_LAST_ACTIVITY, 0) <= int(time.time()) - _TOUCH_EVERY_SECONDS
        ):
            start_idle_clock(session, idle_seconds=idle)
        return response


def start_idle_clock(session, *, idle_seconds: int) -> None:
    session[_LAST_ACTIVITY] = int(time.time())
    session.set_expiry(idle_seconds)


def start_staff_idle_clock(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the staff idle timeout applies from sign-in on
    (and the first admin page after it need not write the session again)."""
    start_idle_clock(request.session, idle_seconds=settings.STAFF_SESSION_IDLE_SECONDS)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: no page needs the camera, location, payment and the like,
    so a script that got in somehow cannot ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
