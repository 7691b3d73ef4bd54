"""The public vacancy pages' cache: rendered bodies in Redis, made stale by a version.

The list and advert pages are the busiest pages of the service and change only
when an advert is published, edited, closed or archived, or when an advert
passes its closing time. So their rendered bodies are kept in the cache:

* every key carries the integer ``vacancies:public-version``;
  ``public_pages_changed()`` bumps it (the staff services call it after each
  change commits), so the next request misses and renders from the database: at
  once in the process that made the change, and within
  ``VACANCIES_PUBLIC_VERSION_SECONDS`` (1 s) in every other, which holds the
  version it read for that long. Old entries are never read again and expire alone.
* every entry also carries the moment it stops being true: the earliest
  ``closing_at`` among the open adverts it depends on (capped by
  ``VACANCIES_PUBLIC_CACHE_SECONDS``). It is checked on every read against the
  clock, so an advert disappears from the list at its closing time to the
  microsecond, with no task and whatever Redis' whole-second TTLs do.

Order matters for correctness under concurrency: a reader takes the version
*before* it queries the database (``lookup`` returns it), and writers bump it
*after* their transaction commits. A render that read old rows is then stored
under the old version, which nobody reads any more.

Speed: a hit costs no Redis round trip while the process holds the version, and
one GET of it (a few bytes, on one long-lived client per process) a second after
that: that round trip, which blocks the worker, was most of what a cached page
cost beyond the bare view (docs/performance.md, "Eighth round"). The body itself
comes from this process's own small LRU of entries keyed by version, and from
Redis only the first time a process needs it. Django's cache API would cost a new
client object per call, a pickle and the whole body over the socket on every
request, which together halved the page's throughput. Without Redis (the embedded
development default) Django's cache stands in for Redis.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from redis.exceptions import RedisError

from core.held import HeldValue

logger = logging.getLogger(__name__)

VERSION_KEY = "vacancies:public-version"
_PAGE_PREFIX = "vacancies:public-page:"


def public_pages_changed() -> None:
    """Make every cached public vacancy page stale: at once in this process, within
    ``VACANCIES_PUBLIC_VERSION_SECONDS`` in every other.

    Call after the transaction that published, edited, closed or archived an
    advert has committed (``transaction.on_commit(public_pages_changed)``).

    With Redis unreachable the change is saved all the same and the pages are read
    from the database while it stays down; if it comes back with its data, a page
    cached before the change is served until its own expiry, at most
    ``VACANCIES_PUBLIC_CACHE_SECONDS`` (the failure is logged).
    """
    try:
        _store().bump()
    except RedisError as error:
        logger.warning(
            "Redis unreachable (%s): could not mark the cached job board pages stale; "
            "they expire within VACANCIES_PUBLIC_CACHE_SECONDS",
            type(error).__name__,
        )
    _held_version.forget()


def lookup(*, kind: str, normalized_query: str) -> tuple[int | None, bytes | None]:
    """The current version, and the cached body for this page if it is still true.

    Keep the version: a page rendered after this call is stored under it. With Redis
    unreachable the version is None: the page is rendered from the database and
    ``store`` keeps nothing, so the job board stays up while the cache is down.
    """
    backing = _store()
    suffix = _page_suffix(kind, normalized_query)
    try:
        version = _held_version.get()
        entry = backing.local.get((version, suffix))
        if entry is None:
            entry = backing.read(version, suffix)
            if entry is not None:
                backing.local.put((version, suffix), entry)
    except RedisError:
        return None, None  # /healthz reports the outage; every request says nothing
    if entry is None:
        return version, None
    expires_at, _, body = entry.partition(b"\n")
    if timezone.now().timestamp() >= float(expires_at):
        return version, None
    return version, body


def store(
    *,
    version: int | None,
    kind: str,
    normalized_query: str,
    body: bytes,
    valid_until: datetime.datetime | None,
) -> None:
    """Keep ``body`` until ``valid_until`` (or the maximum age), whichever is first.

    Nothing is kept without a version (``lookup`` could not reach Redis) or when Redis
    cannot take it: the page has already been rendered, and is served all the same.
    """
    if version is None:
        return
    now = timezone.now()
    latest = now + datetime.timedelta(seconds=settings.VACANCIES_PUBLIC_CACHE_SECONDS)
    expires = latest if valid_until is None else min(valid_until, latest)
    seconds = (expires - now).total_seconds()
    if seconds <= 0:
        return
    entry = f"{expires.timestamp():.6f}".encode() + b"\n" + body
    suffix = _page_suffix(kind, normalized_query)
    # Redis TTLs are whole seconds, rounded up here; the stored expiry is exact.
    backing = _store()
    try:
        backing.write(version, suffix, entry, int(seconds) + 1)
    except RedisError:
        return
    backing.local.put((version, suffix), entry)


def current_version() -> int:
    return _store().version()


def current_version_if_reachable() -> int | None:
    """The version, or None when Redis cannot be reached.

    For the self-check, whose answers need no Redis (they are in a cookie): with
    None it keeps nothing and reads the levels and adverts from the database, so
    it still works while Redis is down.
    """
    try:
        return current_version()
    except RedisError:
        return None


# The version as this process last read it, for up to VACANCIES_PUBLIC_VERSION_SECONDS
# (the module's docstring). Only the pages' reads use it: ``current_version`` (the
# self-check, which holds its own) and a writer's bump always go to the store.
_held_version = HeldValue(
    lambda: _store().version(), seconds=lambda: settings.VACANCIES_PUBLIC_VERSION_SECONDS
)


@receiver(setting_changed)
def _forget_held_version(**kwargs) -> None:
    # Another cache (a test's settings) has versions of its own.
    _held_version.forget()


def _page_suffix(kind: str, normalized_query: str) -> str:
    digest = hashlib.sha256(normalized_query.encode()).hexdigest()[:32]
    # The language too: a page rendered in English must never be served to a visitor
    # reading the Welsh pages (the self-check's frames are keyed the same way).
    return f":{kind}:{get_language()}:{digest}"


def _start_value() -> int:
    # If the version key is lost (eviction, a flushed Redis), start again from the
    # clock rather than from 0, so a new version never equals one that older
    # entries were stored under.
    return time.time_ns()


class _LocalPages:
    """This process's own copy of recent entries, keyed by (version, page).

    Every request still reads the version from Redis (a few bytes), so a change
    is seen at once; only the body, tens of kilobytes, is not fetched again.
    Entries of old versions are never asked for again and fall off the end.
    """

    def __init__(self, max_entries: int = 256):
        self._entries: OrderedDict[tuple[int, str], bytes] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str]) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[int, str], entry: bytes) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)


class _RedisStore:
    """Raw redis-py on the cache's Redis: one long-lived client per process, raw bytes."""

    def __init__(self, url: str, key_prefix: str, options: dict):
        import redis

        self.local = _LocalPages()
        # The cache's own time limits (settings CACHE_SOCKET_TIMEOUT_SECONDS), not
        # redis-py's 5 s: a hung Redis sends the pages to the database quickly.
        timeouts = {
            name: options[name]
            for name in ("socket_connect_timeout", "socket_timeout")
            if name in options
        }
        self._client = redis.Redis.from_url(url, **timeouts)
        self.version_key = f"{key_prefix}:{VERSION_KEY}"
        self._page_prefix = f"{key_prefix}:{_PAGE_PREFIX}"

    def version(self) -> int:
        version = self._client.get(self.version_key)
        if version is None:
            self._client.set(self.version_key, _start_value(), nx=True)
            version = self._client.get(self.version_key)
        return int(version)

    def read(self, version: int, suffix: str) -> bytes | None:
        return self._client.get(f"{self._page_prefix}{version}{suffix}")

    def write(self, version: int, suffix: str, entry: bytes, ttl: int) -> None:
        self._client.set(f"{self._page_prefix}{version}{suffix}", entry, ex=ttl)

    def bump(self) -> None:
        pipeline = self._client.pipeline(transaction=True)
        pipeline.set(self.version_key, _start_value(), nx=True)
        pipeline.incr(self.version_key)
        pipeline.execute()


class _DjangoCacheStore:
    """Any Django cache (the embedded default's local memory)."""

    def __init__(self):
        self.local = _LocalPages()

    def version(self) -> int:
        cache.add(VERSION_KEY, _start_value(), timeout=None)
        return int(cache.get(VERSION_KEY) or 0)

    def read(self, version: int, suffix: str) -> bytes | None:
        return cache.get(f"{_PAGE_PREFIX}{version}{suffix}")

    def write(self, version: int, suffix: str, entry: bytes, ttl: int) -> None:
        cache.set(f"{_PAGE_PREFIX}{version}{suffix}", entry, timeout=ttl)

    def bump(self) -> None:
        cache.add(VERSION_KEY, _start_value(), timeout=None)
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # evicted between the two calls: a fresh start is as good
            cache.add(VERSION_KEY, _start_value(), timeout=None)


_stores: dict[tuple, _RedisStore | _DjangoCacheStore] = {}
_stores_lock = threading.Lock()


def _store() -> _RedisStore | _DjangoCacheStore:
    config = settings.CACHES["default"]
    identity = (
        config["BACKEND"],
        str(config.get("LOCATION")),
        config.get("KEY_PREFIX", ""),
        str(config.get("OPTIONS")),
    )
    store_ = _stores.get(identity)
    if store_ is None:
        with _stores_lock:
            store_ = _stores.get(identity)
            if store_ is None:
                # A subclass is Redis too (core/cache.py's shared-client backend; the
                # test settings' own clears only its keys).
                if issubclass(import_string(config["BACKEND"]), RedisCache):
                    store_ = _RedisStore(
                        config["LOCATION"], config.get("KEY_PREFIX", ""), config.get("OPTIONS", {})
                    )
                else:
                    store_ = _DjangoCacheStore()
                _stores[identity] = store_
    return store_
