"""Signed links: confirm (7-day expiry), manage, unsubscribe (incl. RFC 8058), keep."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Rocu
from mailing_list import emails
from mailing_list.models import Frequency, Subscriber, SubscriberStatus
from mailing_list.tokens import Purpose

from .conftest import make_subscriber, queued, token_path

pytestmark = pytest.mark.django_db


def test_confirm_link_shows_a_button_and_only_post_confirms(client):
    subscriber = make_subscriber(status=SubscriberStatus.PENDING)
    path = token_path(subscriber, Purpose.CONFIRM)

    page = client.get(path)
    subscriber.refresh_from_db()
    assert page.status_code == 200
    assert "Confirm and start alerts" in page.content.decode()
    assert subscriber.status == SubscriberStatus.PENDING

    done = client.post(path)
    subscriber.refresh_from_db()
    assert done.status_code == 200
    assert "You are signed up for job alerts" in done.content.decode()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert client.post(path).status_code == 200  # twice is harmless


def test_an_expired_confirmation_link_explains_itself_and_sends_a_new_one(client):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        subscriber = make_subscriber(status=SubscriberStatus.PENDING)
        path = token_path(subscriber, Purpose.CONFIRM)

    page = client.get(path)
    assert page.status_code == 410
    assert "Your confirmation link has expired" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    resent = client.post(path)
    assert "We have sent you a new confirmation link" in resent.content.decode()
    (row,) = queued(emails.CONFIRM)
    fresh = client.get(row.context["confirm_url"].removeprefix("https://recruit.toex.test"))
    assert "Confirm and start alerts" in fresh.content.decode()


def test_a_confirmation_link_just_under_seven_days_old_still_works(client):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=6, hours=23)):
        subscriber = make_subscriber(status=SubscriberStatus.PENDING)
        path = token_path(subscriber, Purpose.CONFIRM)

    assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


@pytest.mark.parametrize("purpose", list(Purpose))
def test_tampered_links_are_refused_politely(client, purpose):
    subscriber = make_subscriber()
    path = token_path(subscriber, purpose)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = client.get(tampered)

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_token_for_one_purpose_does_not_work_for_another(client):
    subscriber = make_subscriber()
    manage_token = token_path(subscriber, Purpose.MANAGE).split("/")[-2]

    response = client.post(f"/register-interest/unsubscribe/{manage_token}/")

    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_a_token_cannot_be_forged_for_another_subscriber(client):
    # The token names only a random key, signed: knowing someone's key is not enough
    # without the signing secret, and guessing a signature is refused.
    victim = make_subscriber("victim@example.com")
    forged = f"{victim.token_key}:1vABCD:{'A' * 43}"

    response = client.post(f"/register-interest/unsubscribe/{forged}/")

    assert response.status_code == 404
    victim.refresh_from_db()
    assert victim.status == SubscriberStatus.CONFIRMED


def test_changing_the_token_key_revokes_every_link(client):
    subscriber = make_subscriber()
    path = token_path(subscriber, Purpose.MANAGE)
    Subscriber.objects.filter(pk=subscriber.pk).update(token_key="rotated")

    assert client.get(path).status_code == 404


def test_manage_page_shows_current_choices_and_saves_new_ones(client):
    subscriber = make_subscriber(rocu_slugs=["nersou"])
    path = token_path(subscriber, Purpose.MANAGE)
    emsou = Rocu.objects.get(slug="emsou")

    page = client.get(path).content.decode()
    assert "Change your job alerts" in page
    assert "checked" in page

    response = client.post(path, {"where": "chosen", "rocus": [emsou.pk], "frequency": "weekly"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert list(subscriber.rocus.all()) == [emsou]
    assert subscriber.frequency == Frequency.WEEKLY
    assert "Your choices have been saved" in client.get(response["Location"]).content.decode()


def test_manage_page_errors_are_shown_and_nothing_changes(client):
    subscriber = make_subscriber(rocu_slugs=["nersou"])

    response = client.post(token_path(subscriber, Purpose.MANAGE), {"where": "chosen"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one region" in body
    assert "Select how often you want emails" in body
    assert list(subscriber.rocus.values_list("slug", flat=True)) == ["nersou"]


def test_unsubscribe_get_only_asks_and_post_with_reason_unsubscribes(client):
    subscriber = make_subscriber()
    path = token_path(subscriber, Purpose.UNSUBSCRIBE)

    page = client.get(path)
    subscriber.refresh_from_db()
    assert "Unsubscribe from job alerts" in page.content.decode()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    response = client.post(path, {"reason": "Found a job"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribe_reason == "Found a job"
    assert "You have unsubscribed" in client.get(path).content.decode()


def test_unsubscribe_reason_too_long_is_an_error_not_a_500(client):
    subscriber = make_subscriber()

    response = client.post(token_path(subscriber, Purpose.UNSUBSCRIBE), {"reason": "x" * 1001})

    assert response.status_code == 200
    assert "Reason must be 1000 characters or fewer" in response.content.decode()


def test_rfc8058_one_click_post_works_without_a_csrf_token():
    subscriber = make_subscriber()
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        token_path(subscriber, Purpose.UNSUBSCRIBE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_other_forms_still_need_a_csrf_token():
    subscriber = make_subscriber(status=SubscriberStatus.PENDING)
    strict = Client(enforce_csrf_checks=True)

    assert strict.post(token_path(subscriber, Purpose.CONFIRM)).status_code == 403
    assert strict.post(token_path(subscriber, Purpose.MANAGE), {}).status_code == 403


def test_keep_link_resets_the_yearly_check(client):
    subscriber = make_subscriber(reconfirm_requested_at=timezone.now())
    path = token_path(subscriber, Purpose.KEEP)

    assert "Do you still want job alerts?" in client.get(path).content.decode()
    response = client.post(path)

    assert "You will keep getting job alerts" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.reconfirm_requested_at is None
    assert subscriber.last_reconfirmed_at is not None


def test_links_for_someone_who_unsubscribed_say_so(client):
    subscriber = make_subscriber(status=SubscriberStatus.UNSUBSCRIBED)

    for purpose in (Purpose.MANAGE, Purpose.KEEP, Purpose.UNSUBSCRIBE):
        assert (
            "You have unsubscribed" in client.get(token_path(subscriber, purpose)).content.decode()
        )
    assert client.get(token_path(subscriber, Purpose.CONFIRM)).status_code == 404
