"""Sessions in PostgreSQL with a copy in Redis, that keep working while Redis is down.

Django's ``cached_db`` store writes every session to the database and keeps a copy
in the cache, read first. The database is the record, so losing Redis loses no
session; but Django 5.2's store still lets some failures of the *copy* through:
writing the copy after a read from the database, deleting it at sign-out, and
``exists()``. During a Redis outage every page with a session (the staff admin,
a signed-in candidate's pages) answered 500. Here an unreachable cache is treated
as an empty one: sessions are read from and written to the database alone until
Redis answers again (``SESSION_ENGINE = "core.sessions"``).

One thing the database cannot undo: a copy that could not be deleted at sign-out
is still in Redis if Redis comes back with its data. It lapses at its own expiry,
which is the session's idle timeout (the copy is written with the session's expiry
age; ``STAFF_SESSION_IDLE_SECONDS``, 30 minutes by default, for staff), and
every such failure is logged (docs/security.md, "Sessions survive a Redis outage").
"""

import logging
import time

from django.contrib.sessions.backends import cached_db

from core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

# An outage fails every request's read: say so once a minute per process, not each time.
_WARN_EVERY_SECONDS = 60.0
_last_warned = float("-inf")


def _warn_unreachable(error: Exception) -> None:
    global _last_warned
    now = time.monotonic()
    if now - _last_warned >= _WARN_EVERY_SECONDS:
        _last_warned = now
        logger.warning(
            "Session cache unreachable (%s): sessions are read from and written to "
            "the database only",
            type(error).__name__,
        )


class _CopyInCache:
    """The cache as the store uses it, with an unreachable cache read as empty."""

    def __init__(self, cache):
        self._cache = cache

    def get(self, key, default=None):
        try:
            return self._cache.get(key, default)
        except CACHE_ERRORS as error:
            _warn_unreachable(error)
            return default

    def set(self, key, value, timeout):
        try:
            self._cache.set(key, value, timeout)
        except CACHE_ERRORS as error:
            _warn_unreachable(error)

    def delete(self, key):
        try:
            self._cache.delete(key)
        except CACHE_ERRORS as error:
            # Never the key: it is the session's credential.
            logger.warning(
                "An ended session's copy in the cache could not be deleted (%s); "
                "it lapses at the session's idle timeout",
                type(error).__name__,
            )

    def __contains__(self, key):
        try:
            return key in self._cache
        except CACHE_ERRORS as error:
            _warn_unreachable(error)
            return False

    def __str__(self):
        return str(self._cache)

    def __getattr__(self, name):
        # The async variants, unprotected: the service runs under WSGI and never calls them.
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _CopyInCache(self._cache)
