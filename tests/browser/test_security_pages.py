"""Pages added for issue 13 in a real browser, with axe: an expired emailed link and
its "email me new links" answer, and the CSRF-failure 403 page."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from mailing_list.models import Subscriber, SubscriberStatus
from mailing_list.tokens import Purpose, make_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_an_expired_link_offers_new_links_by_email(page, live_server, assert_accessible):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=401)):
        subscriber = Subscriber.objects.create(
            email="old.link@example.com",
            address_key="old.link@example.com",
            first_name="Ola",
            frequency="weekly",
            status=SubscriberStatus.CONFIRMED,
            wants_everywhere=True,
            consent_text_version="test",
            consented_at=timezone.now(),
            confirmed_at=timezone.now(),
        )
        path = make_path(token_key=subscriber.token_key, purpose=Purpose.MANAGE)

    page.goto(path)
    expect(page.get_by_role("heading", level=1, name="This link has expired")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Email me new links").click()

    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    assert_accessible(page)
    (message,) = mail.outbox
    assert message.to == ["old.link@example.com"]
    assert "/register-interest/manage/" in message.body


def test_a_form_sent_without_its_csrf_cookie_gets_the_accessible_403_page(
    page, live_server, assert_accessible
):
    page.goto("/register-interest/")
    page.context.clear_cookies()
    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Anywhere in England and Wales").check()
    page.get_by_label("Once a week, in a summary email").check()
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1, name="You cannot do this")).to_be_visible()
    assert_accessible(page)
