from tests.support.outbox import private_redis, smtp_sink, smtp_to_sink  # noqa: F401
