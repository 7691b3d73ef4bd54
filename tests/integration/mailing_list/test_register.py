"""/register-interest/: validation, normalisation, honeypot, double opt-in, repeats."""

import pytest
from django.db import transaction

from accounts.models import Rocu
from mailing_list import emails
from mailing_list.models import Frequency, Subscriber, SubscriberStatus

from .conftest import form_data, make_subscriber, queued

pytestmark = pytest.mark.django_db


def test_form_page_shows_the_questions_and_the_consent_statement(client):
    response = client.get("/register-interest/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Register your interest" in body
    assert "Anywhere in England and Wales" in body
    assert "North East (NERSOU)" in body
    assert "link to unsubscribe" in body
    assert 'class="app-honeypot"' in body and "style=" not in body
    assert "novalidate" in body


def test_sign_up_saves_a_pending_subscriber_and_queues_one_confirmation(client):
    response = client.post("/register-interest/", form_data(email="  Sam.Jones@Example.COM "))

    assert response.status_code == 302
    assert response["Location"] == "/register-interest/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Sam.Jones@example.com"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.wants_everywhere is True
    assert subscriber.consent_text_version
    (row,) = queued()
    assert row.kind == emails.CONFIRM
    assert row.to_email == "Sam.Jones@example.com"
    assert row.context["confirm_url"].startswith(
        "https://recruit.toex.test/register-interest/confirm/"
    )
    assert client.get(response["Location"]).status_code == 200


def test_chosen_regions_are_saved(client):
    nersou, emsou = Rocu.objects.get(slug="nersou"), Rocu.objects.get(slug="emsou")
    client.post(
        "/register-interest/",
        form_data(where="chosen", rocus=[nersou.pk, emsou.pk], frequency="weekly"),
    )

    subscriber = Subscriber.objects.get()
    assert subscriber.wants_everywhere is False
    assert set(subscriber.rocus.all()) == {nersou, emsou}
    assert subscriber.frequency == Frequency.WEEKLY


def test_plus_addressing_and_international_domains_are_accepted(client):
    client.post("/register-interest/", form_data(email="sam+jobs@example.com"))
    client.post("/register-interest/", form_data(email="jo@bücher.example"))

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "sam+jobs@example.com",
        "jo@bücher.example",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(email=""), "Enter your email address"),
        (form_data(email="not-an-address"), "Enter an email address in the correct format"),
        (form_data(first_name=""), "Enter your first name"),
        (form_data(first_name="x" * 101), "First name must be 100 characters or fewer"),
        (form_data(where=""), "Select where you would like to work"),
        (form_data(where="chosen"), "Select at least one region, or select anywhere"),
        (form_data(where="chosen", rocus=["999999"]), "Select regions from the list"),
        (form_data(frequency=""), "Select how often you want emails"),
        (form_data(frequency="hourly"), "Select a valid choice"),
    ],
)
def test_each_mistake_gets_a_plain_english_error_and_saves_nothing(client, data, message):
    response = client.post("/register-interest/", data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert message in body
    assert "<title>Error:" in body
    assert Subscriber.objects.count() == 0
    assert queued() == []


def test_honeypot_filled_looks_like_success_but_saves_and_sends_nothing(client):
    response = client.post("/register-interest/", form_data(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == "/register-interest/check-your-email/"
    assert Subscriber.objects.count() == 0
    assert queued() == []


def test_registering_again_while_pending_creates_no_duplicate_and_one_email_a_day(client):
    first = client.post("/register-interest/", form_data(email="sam@example.com"))
    second = client.post(
        "/register-interest/", form_data(email="SAM@Example.com", frequency="weekly")
    )

    assert first["Location"] == second["Location"] == "/register-interest/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.frequency == Frequency.WEEKLY
    assert len(queued(emails.CONFIRM)) == 1


def test_registering_a_confirmed_address_changes_nothing_and_sends_already_subscribed(client):
    existing = make_subscriber("sam@example.com", frequency=Frequency.WEEKLY, rocu_slugs=["emsou"])

    response = client.post("/register-interest/", form_data(email="Sam@example.com"))
    client.post("/register-interest/", form_data(email="sam@example.com"))

    assert response["Location"] == "/register-interest/check-your-email/"
    existing.refresh_from_db()
    assert existing.frequency == Frequency.WEEKLY
    assert existing.wants_everywhere is False
    assert existing.status == SubscriberStatus.CONFIRMED
    assert queued(emails.CONFIRM) == []
    (row,) = queued(emails.ALREADY_SUBSCRIBED)  # the second attempt today sends nothing
    assert "/register-interest/manage/" in row.context["manage_url"]
    assert "/register-interest/unsubscribe/" in row.context["unsubscribe_url"]


def test_an_unsubscribed_address_can_sign_up_again_with_a_new_confirmation(client):
    old = make_subscriber("sam@example.com", status=SubscriberStatus.UNSUBSCRIBED)

    client.post("/register-interest/", form_data(email="sam@example.com"))

    old.refresh_from_db()
    assert old.status == SubscriberStatus.PENDING
    assert len(queued(emails.CONFIRM)) == 1


def test_a_suppressed_address_gets_the_same_page_but_no_email(client):
    make_subscriber("sam@example.com", status=SubscriberStatus.SUPPRESSED)

    response = client.post("/register-interest/", form_data(email="sam@example.com"))

    assert response["Location"] == "/register-interest/check-your-email/"
    assert queued() == []


def test_confirmation_is_queued_in_the_same_transaction_as_the_row(client):
    # If the request's transaction rolls back, neither the subscriber nor the email exists.
    from mailing_list.services import subscriber_register

    with pytest.raises(RuntimeError), transaction.atomic():
        subscriber_register(
            email="sam@example.com",
            first_name="Sam",
            wants_everywhere=True,
            rocu_ids=[],
            frequency="immediately",
        )
        raise RuntimeError("roll back")

    assert Subscriber.objects.count() == 0
    assert queued() == []
