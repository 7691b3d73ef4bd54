import pytest
from django.core.cache import cache

from tests.support.outbox import private_redis, smtp_sink, smtp_to_sink  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the (real Redis) cache; each test starts at zero.
    cache.clear()
    yield
    cache.clear()
