"""The referee's public pages: the form, "I cannot give a reference", and every dead end
(used, expired, altered link, withdrawn application) as a clear page, never a 500."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from notifications.models import Notification
from references import tokens
from references.models import ReferenceRequest
from tests.factories.accounts import rocu_hr
from tests.factories.applications import move
from tests.support.references import EXAMPLE_ANSWERS, application_at_checks, referee_links

pytestmark = pytest.mark.django_db

# The helper's example answers, as the form posts them (a date in three boxes).
VALID = {
    **{name: value for name, value in EXAMPLE_ANSWERS.items() if not name.startswith("known_")},
    **{f"known_from_{n}": part for n, part in enumerate(("1", "3", "2021"))},
    **{f"known_to_{n}": "" for n in range(3)},
    "accurate": "on",
}


@pytest.fixture
def hr():
    return rocu_hr("nersou")


@pytest.fixture
def application(hr):
    return application_at_checks(hr)


@pytest.fixture
def link(application):
    return referee_links(application)["referee1@example.com"]


def test_the_form_says_who_is_asking_and_why_and_takes_the_reference_once(
    client, link, application
):
    page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Give a reference for Sam Example" in body
    assert application.vacancy.rocu.name in body and application.vacancy.title in body
    assert "Only the recruitment team reads your answers" in body
    assert page["Cache-Control"].startswith("max-age=0")
    assert 'name="robots" content="noindex' in body

    sent = client.post(link, VALID)
    assert sent.status_code == 302 and sent["Location"] == f"{link}thank-you/"
    assert "Reference sent" in client.get(sent["Location"]).content.decode()
    reference = ReferenceRequest.objects.get(referee_email="referee1@example.com")
    assert reference.status == "received"
    assert reference.known_from == datetime.date(2021, 3, 1)
    assert reference.comments == "Careful and reliable."

    # The link, used again: a clear page, and the answers are not replaced.
    again = client.get(link)
    assert again.status_code == 200
    assert "You have already replied to this request" in again.content.decode()
    replay = client.post(link, {**VALID, "comments": "Changed my mind"})
    assert "You have already replied" in replay.content.decode()
    reference.refresh_from_db()
    assert reference.comments == "Careful and reliable."


def test_every_mistake_gets_a_govuk_error_message_and_nothing_is_saved(client, link):
    page = client.post(
        link,
        {
            **VALID,
            "referee_position": "",
            "capacity": "boss",
            "known_from_2": "20",
            "disciplinary": "yes",
            "accurate": "",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in body and "<title>Error:" in body
    for message in (
        "Enter your job title",
        "Select how you know the candidate",
        "Year must include 4 numbers",
        "Give details",
        "Confirm that the information you have given is accurate",
    ):
        assert message in body
    assert not ReferenceRequest.objects.filter(status="received").exists()


def test_dates_in_the_future_or_the_wrong_way_round_are_refused(client, link):
    future = timezone.localdate() + datetime.timedelta(days=40)
    body = client.post(
        link,
        {
            **VALID,
            "known_from_0": future.day,
            "known_from_1": future.month,
            "known_from_2": future.year,
        },
    ).content.decode()
    assert "The date you first knew them must be in the past" in body
    body = client.post(
        link, {**VALID, "known_to_0": "1", "known_to_1": "1", "known_to_2": "2020"}
    ).content.decode()
    assert "must be after the date you first knew them" in body


def test_a_referee_who_cannot_give_a_reference_says_so_and_the_candidate_is_asked_for_another(
    client, link, application
):
    cannot = f"{link}cannot-give/"
    assert "You cannot give a reference for Sam Example" in client.get(cannot).content.decode()
    response = client.post(cannot, {"reason": "I only knew them for a month."})
    assert response.status_code == 302
    assert (
        "We will ask the candidate for another referee"
        in client.get(response["Location"]).content.decode()
    )
    reference = ReferenceRequest.objects.get(referee_email="referee1@example.com")
    assert (reference.status, reference.cannot_give_reason) == (
        "declined",
        "I only knew them for a month.",
    )
    email = Notification.objects.get(kind="reference_replacement_needed")
    assert email.to_email == application.candidate.email
    assert email.idempotency_key == f"reference:{reference.pk}:replacement_needed"
    assert "only knew them" not in str(email.context)  # the referee's reason stays with HR
    assert "You have already replied" in client.get(link).content.decode()


def test_an_altered_or_unknown_link_is_a_clear_404_page(client, link):
    token = link.split("/")[2]
    for bad in (
        f"/give-a-reference/{token[:-1]}x/",
        "/give-a-reference/nonsense/",
        f"/give-a-reference/{tokens.make_token('not-a-real-key')}/",
    ):
        for page in (client.get(bad), client.post(bad, VALID), client.get(f"{bad}thank-you/")):
            assert page.status_code == 404
            assert "This link does not work" in page.content.decode()


def test_an_expired_link_says_so(client, link):
    ReferenceRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    for page in (client.get(link), client.post(link, VALID), client.get(f"{link}cannot-give/")):
        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()
    assert not ReferenceRequest.objects.filter(status="received").exists()


def test_a_reference_for_a_withdrawn_offer_is_no_longer_needed(client, link, application, hr):
    move(application, "offer_withdrawn", hr, reason="Vetting refused")
    for page in (client.get(link), client.post(link, VALID)):
        assert page.status_code == 410
        assert "This reference is no longer needed" in page.content.decode()
        assert "Vetting" not in page.content.decode()
    assert not ReferenceRequest.objects.filter(status="received").exists()


def test_head_is_answered_on_the_referee_pages(client, link):
    for path in (link, f"{link}cannot-give/"):
        assert client.head(path).status_code == 200
    assert client.head(f"{link}thank-you/").status_code == 302


def test_the_thank_you_page_before_an_answer_sends_the_referee_to_the_form(client, link):
    response = client.get(f"{link}thank-you/")
    assert response.status_code == 302 and response["Location"] == link


@override_settings(REFERENCES_RATE_PER_IP="100/h", REFERENCES_RATE_PER_LINK="2/h")
def test_posts_are_rate_limited_per_link(client, link, application):
    invalid = {**VALID, "referee_position": ""}
    statuses = [client.post(link, invalid).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "too many attempts" in client.post(link, VALID).content.decode()
    assert not ReferenceRequest.objects.filter(status="received").exists()
    # The other referee's link has its own allowance.
    other = referee_links(application)["referee2@example.com"]
    assert client.post(other, VALID).status_code == 302


def test_the_token_is_masked_in_log_lines():
    from core.log_filters import mask_link_tokens

    assert mask_link_tokens('"GET /give-a-reference/abc:def/cannot-give/ HTTP/1.1"') == (
        '"GET /give-a-reference/[token]/cannot-give/ HTTP/1.1"'
    )
