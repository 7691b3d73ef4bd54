"""The public vacancy pages' cache: rendered bodies in Redis, made stale by a version.

The list and advert pages are the busiest pages of the service and change only
when an advert is published, edited, closed or archived, or when an advert
passes its closing time. So their rendered bodies are kept in the cache:

* every key carries the integer ``vacancies:public-version``;
  ``public_pages_changed()`` bumps it (the staff services call it after each
  change commits), so the next request misses and renders from the database at
  once, in every process. Old entries are never read again and expire alone.
* every entry also carries the moment it stops being true: the earliest
  ``closing_at`` among the open adverts it depends on (capped by
  ``VACANCIES_PUBLIC_CACHE_SECONDS``). It is checked on every read against the
  clock, so an advert disappears from the list at its closing time to the
  second, with no task and whatever Redis' whole-second TTLs do.

Order matters for correctness under concurrency: a reader takes the version
*before* it queries the database, and writers bump it *after* their transaction
commits. A render that read old rows is then stored under the old version,
which nobody reads any more.
"""

from __future__ import annotations

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "vacancies:public-version"
PUBLIC_VERSION_KEY = VERSION_KEY  # the name the staff side's placeholder used
_PAGE_KEY = "vacancies:public-page:{version}:{kind}:{digest}"


def public_pages_changed() -> None:
    """Make every cached public vacancy page stale, at once, in every process.

    Call after the transaction that published, edited, closed or archived an
    advert has committed (``transaction.on_commit(public_pages_changed)``).
    """
    _ensure_version()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # Evicted between the two calls: a fresh start value is as good as a bump.
        _ensure_version()


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _ensure_version()
    return int(version)


def _ensure_version() -> int:
    # If the key was lost (eviction, a flushed Redis), start from the clock rather
    # than from 0, so a new version never equals one that older entries were stored
    # under.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    return int(cache.get(VERSION_KEY) or 0)


def page_key(*, version: int, kind: str, normalized_query: str) -> str:
    digest = hashlib.sha256(normalized_query.encode()).hexdigest()[:32]
    return _PAGE_KEY.format(version=version, kind=kind, digest=digest)


def get_page(key: str) -> bytes | None:
    """The cached body under ``key``, or None if absent or past its own expiry."""
    entry = cache.get(key)
    if entry is None:
        return None
    expires_at, body = entry
    if timezone.now().timestamp() >= expires_at:
        return None
    return body


def set_page(key: str, body: bytes, *, valid_until: datetime.datetime | None) -> None:
    """Store ``body``; it is served until ``valid_until`` (or the maximum age) at most."""
    now = timezone.now()
    latest = now + datetime.timedelta(seconds=settings.VACANCIES_PUBLIC_CACHE_SECONDS)
    expires = latest if valid_until is None else min(valid_until, latest)
    seconds = (expires - now).total_seconds()
    if seconds <= 0:
        return
    # Redis TTLs are whole seconds, rounded up here; the stored expiry is exact.
    cache.set(key, (expires.timestamp(), body), timeout=int(seconds) + 1)
