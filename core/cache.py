"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
operation, and redis-py's constructor fills a table of about 170 response callbacks
each time: about a third of a millisecond of CPU per operation here, paid by every
page that reads the cache or a ``cached_db`` session (docs/performance.md). A client
holds no connection of its own (the pool does, and is safe across threads and
forks), so one per pool is what redis-py recommends.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

# What an unreachable cache raises (redis-py's errors; socket errors are OSError). Code
# that must keep working while Redis is down catches these and nothing broader.
CACHE_ERRORS = (RedisError, OSError)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    """Set as the cache ``BACKEND`` in settings; otherwise Django's ``RedisCache``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
