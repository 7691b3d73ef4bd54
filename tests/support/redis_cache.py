"""The production Redis cache (core/cache.py), but ``clear()`` removes this process's keys only.

Django's ``RedisCache.clear()`` is ``FLUSHDB``: the whole Redis database, which
the suite shares between its xdist workers (and with the Celery broker of the
tests that use the shared Redis). The test settings give each process its own
``KEY_PREFIX`` (it holds the pid), so a test that clears the cache (rate-limit
and lock-out tests) clears its own process's keys and nothing another worker is
counting. Only toex_recruit/settings/test.py names this backend.
"""

from core.cache import SharedClientRedisCache


class RedisCache(SharedClientRedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return bool(keys)
