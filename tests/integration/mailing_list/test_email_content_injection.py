"""Hole 3: no text typed by an unverified person goes into an email to an unverified address.

The sign-up form takes a free-text first name and an address anyone can type.
On main the name went verbatim into the confirmation email to that address, so
anyone could send "Hello <their text>" from our domain to anyone. Now the
confirmation carries no name, and a name may only hold letters, spaces,
apostrophes and hyphens (it appears in later emails, once the address is confirmed).
"""

import pytest
from django.conf import settings

from mailing_list import emails, services
from mailing_list.models import Frequency, Subscriber, SubscriberStatus
from notifications.services import notification_render

from .conftest import form_data, make_subscriber, queued

pytestmark = pytest.mark.django_db

MARKER = "Zebedee"
VICTIM = "victim@example.com"


def _rendered(row) -> str:
    rendered = notification_render(kind=row.kind, context=row.context)
    return "\n".join([rendered.subject, rendered.text, rendered.html])


@pytest.mark.parametrize(
    "existing_status",
    [
        None,
        SubscriberStatus.PENDING,
        SubscriberStatus.UNSUBSCRIBED,
        SubscriberStatus.CONFIRMED,
        SubscriberStatus.SUPPRESSED,
    ],
)
def test_no_email_the_sign_up_form_can_trigger_repeats_the_name_typed(client, existing_status):
    if existing_status is not None:
        make_subscriber(VICTIM, status=existing_status, first_name="Sam")

    response = client.post("/register-interest/", form_data(email=VICTIM, first_name=MARKER))

    assert response.status_code == 302
    for row in queued():
        assert MARKER not in _rendered(row), row.kind


def test_the_confirmation_context_holds_only_our_own_link():
    services.subscriber_register(
        email=VICTIM,
        # What the form now refuses, given to the service directly.
        first_name="Claim your refund at https://evil.example/<b>now</b>",
        wants_everywhere=True,
        rocu_ids=[],
        frequency=Frequency.IMMEDIATELY,
    )

    (row,) = queued(emails.CONFIRM)
    assert set(row.context) == {"confirm_url"}
    assert row.context["confirm_url"].startswith(settings.SITE_URL + "/register-interest/confirm/")
    text = _rendered(row)
    assert "evil.example" not in text and "refund" not in text


@pytest.mark.parametrize(
    "name",
    [
        "Visit https://evil.example",
        "evil.example",
        "<a href=x>Sam</a>",
        "Sam\r\nBcc: someone@example.com",
        "Call 0800 000 000",
        "{{ confirm_url }}",
        "Sam!",
        "=HYPERLINK(1)",
        "Sam\u202e",
        "Sam\x00",
        "   ",
        "--",
    ],
)
def test_the_form_refuses_a_name_that_is_not_letters_spaces_apostrophes_or_hyphens(client, name):
    response = client.post("/register-interest/", form_data(first_name=name))

    assert response.status_code == 200
    assert Subscriber.objects.count() == 0
    body = response.content.decode()
    assert (
        "First name must only include letters, spaces, hyphens and apostrophes" in body
        or "Enter your first name" in body
    )


@pytest.mark.parametrize(
    "name", ["Sam", "Mary-Jane", "O'Brien", "D’Arcy", "Seán", "Zoë Ann", "Łucja"]
)
def test_real_names_are_accepted(client, name):
    response = client.post("/register-interest/", form_data(first_name=name))

    assert response.status_code == 302
    assert Subscriber.objects.get().first_name == name
