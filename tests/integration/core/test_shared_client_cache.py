"""The Redis cache reuses one client per connection pool (core/cache.py), and still
behaves as Django's RedisCache: values round-trip, expire and are deleted."""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from core.cache import SharedClientRedisCache


def test_the_configured_cache_is_redis_with_a_shared_client():
    cache = caches["default"]
    assert isinstance(cache, SharedClientRedisCache)
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client
    assert cache._cache.get_client("any-key", write=True) is client


def test_values_round_trip_and_are_deleted_as_before():
    cache = caches["default"]
    cache.set("shared-client-test", {"answer": 42}, timeout=30)
    assert cache.get("shared-client-test") == {"answer": 42}
    assert cache.add("shared-client-test", "other") is False
    cache.delete("shared-client-test")
    assert cache.get("shared-client-test") is None
    cache.set("shared-client-gone", "x", timeout=0)  # a zero timeout stores nothing
    assert cache.get("shared-client-gone") is None


def test_the_vacancy_page_cache_still_uses_its_own_redis_client():
    from vacancies import cache as page_cache

    assert isinstance(page_cache._store(), page_cache._RedisStore)
