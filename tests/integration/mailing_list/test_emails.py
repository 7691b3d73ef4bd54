"""The mailing list's emails as the outbox renders them: links and RFC 8058 headers."""

import pytest

from mailing_list import emails
from notifications.services import notification_render

from .conftest import form_data, make_subscriber, queued

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind", [emails.ALREADY_SUBSCRIBED, emails.ALERT, emails.DIGEST, emails.RECONFIRM]
)
def test_every_list_email_has_manage_and_one_click_unsubscribe(kind):
    example = next(k for k in emails.KINDS if k.name == kind).example_context

    rendered = notification_render(kind=kind, context=example)

    assert rendered.headers["List-Unsubscribe"] == f"<{example['unsubscribe_url']}>"
    assert rendered.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert example["unsubscribe_url"].startswith("https://")
    for body in (rendered.text, rendered.html):
        assert example["manage_url"] in body
        assert example["unsubscribe_url"] in body


def test_the_confirmation_email_carries_the_link_and_how_to_ignore_it(client):
    client.post("/register-interest/", form_data(first_name="Ada"))
    (row,) = queued(emails.CONFIRM)

    rendered = notification_render(kind=row.kind, context=row.context)

    assert rendered.subject == "Confirm you want TOEX Recruit job alerts"
    assert "Hello," in rendered.text
    assert "Ada" not in rendered.text + rendered.html  # not verified yet: no typed text
    assert row.context["confirm_url"] in rendered.text
    assert row.context["confirm_url"] in rendered.html
    assert "ignore this one" in rendered.text
    assert "List-Unsubscribe" not in rendered.headers


def test_alert_subject_names_the_advert():
    make_subscriber()
    example = next(k for k in emails.KINDS if k.name == emails.ALERT).example_context

    rendered = notification_render(kind=emails.ALERT, context=example)

    assert rendered.subject == (
        "New job: Intelligence Researcher at North East Regional Special Operations Unit"
    )
