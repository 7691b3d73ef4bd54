"""Staff sign-in lock-outs: the per-username slowdown and the page that explains a wait.

Two layers (docs/staff-accounts.md):

* django-axes locks one **username + address** pair for ``AXES_COOLOFF_HOURS`` after
  ``AXES_FAILURE_LIMIT`` wrong passwords; a colleague elsewhere is not affected.
* here, across **all** addresses, a username past ``STAFF_SIGN_IN_USERNAME_CEILING``
  wrong passwords in an hour must wait between attempts (doubling, capped): a
  spray from many addresses is slowed, and the real person waits minutes, not
  an hour. During the wait the password is not checked at all.

Counts live in the cache (Redis in production), keyed by a hash of the
lower-cased username so no username is written to Redis in clear. While Redis is
unreachable this layer lets sign-ins through (logged) and django-axes, whose
counts are in the database, still locks each username and address: staff can
sign in during an outage, as candidates can sign up (core/ratelimits.py).
"""

from __future__ import annotations

import hashlib
import logging
import time

from axes.helpers import get_cool_off
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from core.cache import CACHE_ERRORS

from .sign_in_rules import describe_wait, slowdown_seconds

logger = logging.getLogger(__name__)

_WINDOW_SECONDS = 60 * 60


def _cache_unreachable(error: Exception) -> None:
    logger.warning(
        "Staff sign-in slowdown: cache unreachable (%s); the attempt is not counted or "
        "slowed (django-axes still counts it)",
        type(error).__name__,
    )


def _key(username: str, part: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return f"staff-sign-in:{part}:{digest}"


def record_failed_sign_in(username: str) -> None:
    if not username:
        return
    count_key = _key(username, "failures")
    try:
        # add() starts the hour's window; incr() is atomic across web processes.
        cache.add(count_key, 0, timeout=_WINDOW_SECONDS)
        try:
            cache.incr(count_key)
        except ValueError:  # expired between add and incr
            cache.set(count_key, 1, timeout=_WINDOW_SECONDS)
        cache.set(_key(username, "last"), time.time(), timeout=_WINDOW_SECONDS)
    except CACHE_ERRORS as error:
        _cache_unreachable(error)


def seconds_to_wait(username: str) -> int:
    """How long this username must still wait before its password is checked again."""
    if not username:
        return 0
    failures_key, last_key = _key(username, "failures"), _key(username, "last")
    try:
        counted = cache.get_many([failures_key, last_key])  # one round trip
    except CACHE_ERRORS as error:
        _cache_unreachable(error)
        return 0
    failures, last = counted.get(failures_key, 0), counted.get(last_key, 0)
    wait = slowdown_seconds(
        failures,
        ceiling=settings.STAFF_SIGN_IN_USERNAME_CEILING,
        base=settings.STAFF_SIGN_IN_SLOWDOWN_SECONDS,
        maximum=settings.STAFF_SIGN_IN_SLOWDOWN_MAX_SECONDS,
    )
    if not wait:
        return 0
    return max(0, int(last + wait - time.time() + 0.999))


def locked_out_page(request, *, wait_seconds: float, per_username: bool):
    return render(
        request,
        "core/staff_locked_out.html",
        {"wait_in_words": describe_wait(wait_seconds), "per_username": per_username},
        status=429,
    )


def locked_out_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: our page, with the wait in words."""
    cool_off = get_cool_off(request)
    return locked_out_page(
        request,
        wait_seconds=cool_off.total_seconds() if cool_off else 60 * 60,
        per_username=False,
    )
