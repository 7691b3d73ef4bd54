"""The mailing list in a real browser: sign up, confirm from the email that was
actually sent, change preferences, unsubscribe; axe on every page and error state.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from mailing_list.models import Frequency, Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _link_in_email(message, live_server, path_part: str) -> str:
    match = re.search(
        rf"https://recruit\.toex\.test(/register-interest/{path_part}/[^\s\"<]+)", message.body
    )
    assert match, message.body
    return live_server.url + match.group(1)


def test_register_confirm_manage_and_unsubscribe(page, live_server, assert_accessible):
    page.goto("/register-interest/")
    assert_accessible(page)

    # Error state first: nothing filled in.
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Email address").fill("Sam.Browser@Example.com")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Only in the regions I choose below").check()
    page.get_by_label("North East (NERSOU)").check()
    page.get_by_label("As soon as an advert opens").check()
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    assert_accessible(page)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING

    (confirmation,) = mail.outbox
    assert confirmation.to == ["Sam.Browser@example.com"]
    page.goto(_link_in_email(confirmation, live_server, "confirm"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and start alerts").click()
    expect(page.get_by_role("heading", name="You are signed up for job alerts")).to_be_visible()
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    page.get_by_role("link", name="Change where and how often you get alerts").click()
    expect(page.get_by_role("heading", level=1, name="Change your job alerts")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("North East (NERSOU)").uncheck()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="Select at least one region")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Anywhere in England and Wales").check()
    page.get_by_label("Once a week, in a summary email").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your choices have been saved")).to_be_visible()
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert (subscriber.wants_everywhere, subscriber.frequency) == (True, Frequency.WEEKLY)

    page.get_by_role("link", name="Unsubscribe from all job alerts").click()
    expect(page.get_by_role("heading", level=1, name="Unsubscribe from job alerts")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are you unsubscribing? (optional)").fill("Found a job")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1, name="You have unsubscribed")).to_be_visible()
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribe_reason == "Found a job"


def test_error_pages_are_accessible(page, live_server, settings, assert_accessible):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        page.goto("/register-interest/")
        page.get_by_label("Email address").fill("late@example.com")
        page.get_by_label("First name").fill("Lee")
        page.get_by_label("Anywhere in England and Wales").check()
        page.get_by_label("Once a week, in a summary email").check()
        page.get_by_role("button", name="Sign up").click()
        expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    (confirmation,) = mail.outbox

    page.goto(_link_in_email(confirmation, live_server, "confirm"))
    expect(page.get_by_role("heading", name="Your confirmation link has expired")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send me a new link").click()
    expect(page.get_by_text("We have sent you a new confirmation link")).to_be_visible()
    assert len(mail.outbox) == 2

    page.goto("/register-interest/unsubscribe/not-a-real-token/")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(page)

    settings.MAILING_LIST_RATE_PER_IP = "0/h"
    page.goto("/register-interest/")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="too many attempts to sign up")).to_be_visible()
    assert_accessible(page)
