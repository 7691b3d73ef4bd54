"""Helpers for the mailing-list tests: sign up through the real form, read the outbox."""

import pytest
from django.core.cache import cache

from accounts.models import Rocu
from mailing_list.models import Frequency, Subscriber, SubscriberStatus
from mailing_list.tokens import Purpose, make_path
from tests.support.outbox import private_redis, smtp_sink, smtp_to_sink  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the (real Redis) cache; each test starts at zero.
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides) -> dict:
    data = {
        "email": "sam.jones@example.com",
        "first_name": "Sam",
        "where": "anywhere",
        "frequency": "immediately",
        "website": "",
    }
    data.update(overrides)
    return data


def make_subscriber(
    email="sam.jones@example.com",
    *,
    status=SubscriberStatus.CONFIRMED,
    frequency=Frequency.IMMEDIATELY,
    everywhere=False,
    rocu_slugs=(),
    **fields,
) -> Subscriber:
    from django.utils import timezone

    now = timezone.now()
    subscriber = Subscriber.objects.create(
        email=email,
        address_key=email.lower(),
        first_name=fields.pop("first_name", "Sam"),
        frequency=frequency,
        status=status,
        wants_everywhere=everywhere,
        consent_text_version="test",
        consented_at=fields.pop("consented_at", now),
        confirmed_at=now if status == SubscriberStatus.CONFIRMED else None,
        **fields,
    )
    if rocu_slugs:
        subscriber.rocus.set(Rocu.objects.filter(slug__in=rocu_slugs))
    return subscriber


def token_path(subscriber, purpose: Purpose) -> str:
    return make_path(token_key=subscriber.token_key, purpose=purpose)


def queued(kind: str | None = None) -> list:
    """The outbox rows written so far (optionally of one kind), oldest first."""
    from notifications.models import Notification

    rows = Notification.objects.order_by("pk")
    return list(rows if kind is None else rows.filter(kind=kind))
