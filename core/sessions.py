"""Django's ``cached_db`` sessions, with other Redis keys read in the same round trip.

A self-check page reads the session and then the public pages' version (to know
whether its per-process copy of the vetting levels and adverts still holds): two
round trips to the same Redis. Apps register the raw keys they will want
(``read_alongside``); loading the session then asks Redis for all of them in one
MGET, and ``fetched_alongside`` hands a value to its reader for the rest of that
request. Outside a request, or with a cache that is not Redis, nothing is
fetched alongside and readers go to Redis themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.contrib.sessions.backends import cached_db
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_finished, request_started

_raw_keys: list[Callable[[], str | None]] = []
_this_request = threading.local()


def read_alongside(raw_key: Callable[[], str | None]) -> None:
    """At start-up: ``raw_key()`` names a Redis key (already prefixed) to read with
    every session, or None when there is none to read."""
    _raw_keys.append(raw_key)


def fetched_alongside(raw_key: str) -> bytes | None:
    """The value read with this request's session, or None (not read, or no such key)."""
    fetched = getattr(_this_request, "fetched", None)
    return fetched.get(raw_key) if fetched else None


def forget_fetched() -> None:
    """A value fetched alongside is about to change (this process bumps it)."""
    _this_request.fetched = None


def _request_boundary(**kwargs) -> None:
    _this_request.fetched = None
    _this_request.active = kwargs.get("signal") is request_started


request_started.connect(_request_boundary, dispatch_uid="sessions-alongside")
request_finished.connect(_request_boundary, dispatch_uid="sessions-alongside")


class SessionStore(cached_db.SessionStore):
    def load(self):
        keys = [key for key in (raw_key() for raw_key in _raw_keys) if key]
        if not keys or not getattr(_this_request, "active", False):
            return super().load()
        if not isinstance(self._cache, RedisCache):
            return super().load()
        try:
            cache_client = self._cache._cache
            session_key = self._cache.make_and_validate_key(self.cache_key)
            values = cache_client.get_client(session_key).mget([session_key, *keys])
        except Exception:  # as cached_db: an unreadable cache falls back to the database
            return super().load()
        _this_request.fetched = dict(zip(keys, values[1:], strict=True))
        if values[0] is None:
            return super().load()  # a miss: the database, and the cache refilled
        return cache_client._serializer.loads(values[0])
