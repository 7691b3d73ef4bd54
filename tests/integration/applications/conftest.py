"""Fixtures for the pipeline's proofs on a real worker: a private Redis and an SMTP sink."""

from tests.support.outbox import private_redis, smtp_sink  # noqa: F401 - fixtures
