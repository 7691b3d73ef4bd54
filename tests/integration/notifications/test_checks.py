"""System checks refuse outbox settings that would break its guarantees."""

from notifications.checks import check_outbox_settings


def test_default_settings_pass():
    assert check_outbox_settings() == []


def test_a_lease_shorter_than_the_task_time_limit_is_an_error(settings):
    settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS = settings.CELERY_TASK_TIME_LIMIT
    assert [message.id for message in check_outbox_settings()] == ["notifications.E001"]


def test_a_batch_too_slow_for_the_soft_time_limit_is_a_warning(settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 500
    settings.NOTIFICATIONS_MAX_PER_SECOND = 1
    assert [message.id for message in check_outbox_settings()] == ["notifications.W001"]
