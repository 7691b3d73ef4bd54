"""Per-IP and per-address sign-up limits answer 429 with a readable GOV.UK page."""

import pytest
from django.test import override_settings

from mailing_list.models import Subscriber

from .conftest import form_data

pytestmark = pytest.mark.django_db


@override_settings(MAILING_LIST_RATE_PER_IP="3/h", MAILING_LIST_RATE_PER_ADDRESS="100/h")
def test_too_many_sign_ups_from_one_address_get_the_429_page(client):
    statuses = [
        client.post("/register-interest/", form_data(email=f"p{n}@example.com")).status_code
        for n in range(4)
    ]

    assert statuses == [302, 302, 302, 429]
    assert Subscriber.objects.count() == 3
    page = client.post("/register-interest/", form_data(email="late@example.com"))
    assert page.status_code == 429
    assert "too many attempts to sign up" in page.content.decode()
    # Another client address is not affected.
    other = client.post(
        "/register-interest/", form_data(email="other@example.com"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


@override_settings(MAILING_LIST_RATE_PER_IP="100/h", MAILING_LIST_RATE_PER_ADDRESS="2/h")
def test_one_email_address_typed_too_often_is_limited_from_any_client(client):
    responses = [
        client.post(
            "/register-interest/",
            form_data(email=email),
            REMOTE_ADDR=f"10.0.0.{n}",
        ).status_code
        for n, email in enumerate(["sam@example.com", "SAM@example.com ", "sam@EXAMPLE.com"])
    ]

    assert responses == [302, 302, 429]


@override_settings(MAILING_LIST_RATE_PER_IP="1/h")
def test_reading_the_form_is_never_limited(client):
    client.post("/register-interest/", form_data())
    assert [client.get("/register-interest/").status_code for _ in range(3)] == [200, 200, 200]


@override_settings(
    MAILING_LIST_RATE_PER_IP="1/h",
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    },
)
def test_when_the_cache_is_down_sign_ups_still_work(client):
    statuses = [
        client.post("/register-interest/", form_data(email=f"p{n}@example.com")).status_code
        for n in range(2)
    ]

    assert statuses == [302, 302]
    assert Subscriber.objects.count() == 2
