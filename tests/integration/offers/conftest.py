from tests.support.outbox import private_redis, smtp_sink  # noqa: F401 - fixtures
