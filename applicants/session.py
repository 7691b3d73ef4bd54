"""The signed-in candidate, kept in the Django session.

A candidate is signed out after ``APPLICANTS_SESSION_IDLE_SECONDS`` (2 hours)
without a request: the last-seen time is refreshed at most once a minute, and
each refresh also pushes the session's own expiry back, so an idle session
dies both here and in the session store.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect

from .models import Candidate

SESSION_CANDIDATE = "applicants_candidate"
SESSION_SEEN = "applicants_seen"
_REFRESH_SECONDS = 60


def sign_in(request, candidate: Candidate) -> None:
    # A new session key on sign-in: a key planted before sign-in is worth nothing.
    request.session.cycle_key()
    request.session[SESSION_CANDIDATE] = candidate.pk
    request.session[SESSION_SEEN] = int(time.time())
    request.session.set_expiry(settings.APPLICANTS_SESSION_IDLE_SECONDS)


def sign_out(request) -> None:
    request.session.flush()


def current_candidate(request) -> Candidate | None:
    """The signed-in candidate, or None (also when the session has been idle too long)."""
    if hasattr(request, "_candidate_cache"):
        return request._candidate_cache
    candidate = None
    candidate_id = request.session.get(SESSION_CANDIDATE)
    if candidate_id is not None:
        now = int(time.time())
        seen = request.session.get(SESSION_SEEN, 0)
        if now - seen > settings.APPLICANTS_SESSION_IDLE_SECONDS:
            sign_out(request)
        else:
            candidate = Candidate.objects.filter(pk=candidate_id).first()
            if candidate is not None and now - seen > _REFRESH_SECONDS:
                request.session[SESSION_SEEN] = now
                request.session.set_expiry(settings.APPLICANTS_SESSION_IDLE_SECONDS)
    request._candidate_cache = candidate
    return candidate


def sign_in_url(next_path: str) -> str:
    return "/sign-in/?" + urlencode({"next": next_path})


def candidate_required(view):
    """Pass the signed-in candidate to the view as ``candidate``; otherwise ask to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        candidate = current_candidate(request)
        if candidate is None:
            return redirect(sign_in_url(request.get_full_path()))
        request.candidate = candidate
        return view(request, *args, candidate=candidate, **kwargs)

    return wrapper
