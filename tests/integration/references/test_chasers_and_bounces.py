"""Chasers after 7 and 14 days, once each (run twice, clock moved); hard bounces and
refusals ask the candidate for another referee, who is then asked."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import FailureReason, Notification, NotificationStatus
from references import rules, services
from references.models import ReferenceRequest
from references.tasks import chase_reference_requests, notice_bounced_reference_requests
from tests.factories.accounts import rocu_hr
from tests.factories.applications import move, sign_in
from tests.support.references import application_at_checks, referee_links

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def hr():
    return rocu_hr("nersou")


@pytest.fixture
def application(hr):
    return application_at_checks(hr)


def chasers():
    return sorted(
        Notification.objects.filter(kind="reference_chaser").values_list(
            "idempotency_key", flat=True
        )
    )


def test_each_chaser_goes_once_after_7_and_14_days_however_often_the_task_runs(application):
    first, second = ReferenceRequest.objects.filter(application=application)
    sent_at = first.requested_at
    for days in (0, 3, 6.9):
        services.references_chase_due(now=sent_at + days * DAY)
    assert chasers() == []

    for _ in range(2):
        services.references_chase_due(now=sent_at + 7 * DAY)
    assert chasers() == sorted(
        [f"reference:{first.pk}:chaser:1", f"reference:{second.pk}:chaser:1"]
    )
    services.references_chase_due(now=sent_at + 10 * DAY)
    assert len(chasers()) == 2

    services.reference_submit(token_key=first.token_key, answers={})  # answered: no more chasing
    for days in (14, 14, 20, 60):
        services.references_chase_due(now=sent_at + days * DAY)
    assert chasers() == sorted(
        [
            f"reference:{first.pk}:chaser:1",
            f"reference:{second.pk}:chaser:1",
            f"reference:{second.pk}:chaser:2",
        ]
    )
    second.refresh_from_db()
    assert second.first_chaser_at == sent_at + 7 * DAY
    assert second.second_chaser_at == sent_at + 14 * DAY
    row = Notification.objects.get(idempotency_key=f"reference:{second.pk}:chaser:2")
    assert row.to_email == second.referee_email and row.context["is_chaser"] is True
    assert row.context["link_url"].endswith(referee_links(application)[second.referee_email])


def test_a_run_after_a_long_pause_sends_only_the_latest_chaser(application):
    sent_at = ReferenceRequest.objects.filter(application=application).first().requested_at
    services.references_chase_due(now=sent_at + 15 * DAY)
    services.references_chase_due(now=sent_at + 16 * DAY)
    assert [key.rsplit(":", 1)[1] for key in chasers()] == ["2", "2"]
    assert (
        rules.due_chaser(
            requested_at=sent_at, now=sent_at + 15 * DAY, sent=[False, False], chaser_days=(7, 14)
        )
        == 1
    )
    assert (
        rules.due_chaser(
            requested_at=sent_at, now=sent_at + 15 * DAY, sent=[False, True], chaser_days=(7, 14)
        )
        is None
    )


def test_no_chaser_for_an_ended_application_or_an_expired_link(application, hr):
    sent_at = ReferenceRequest.objects.filter(application=application).first().requested_at
    move(application, "offer_withdrawn", hr, reason="Vetting refused")
    services.references_chase_due(now=sent_at + 8 * DAY)
    assert chasers() == []
    ReferenceRequest.objects.update(expires_at=sent_at + 10 * DAY)
    application.stage = "pre_employment_checks"  # as if still open: only the expiry stops it
    application.save(update_fields=["stage"])
    services.references_chase_due(now=sent_at + 14 * DAY)
    assert chasers() == []


def test_the_beat_task_runs_the_chase_and_returns_how_many_it_queued(application):
    ReferenceRequest.objects.update(requested_at=timezone.now() - 8 * DAY)
    assert chase_reference_requests.delay().get() == 2
    assert chase_reference_requests.delay().get() == 0


def _fail(reference, *, reason, code):
    Notification.objects.filter(idempotency_key=f"reference:{reference.pk}:request").update(
        status=NotificationStatus.FAILED, failure_reason=reason, smtp_code=code
    )


def test_a_hard_bounce_asks_the_candidate_for_another_referee_once(application, client):
    first, second = ReferenceRequest.objects.filter(application=application)
    _fail(first, reason=FailureReason.RECIPIENT_REFUSED, code=550)
    _fail(second, reason=FailureReason.RETRIES_EXHAUSTED, code=451)  # not the address's fault
    assert notice_bounced_reference_requests.delay().get() == 1
    assert services.references_notice_bounces() == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("bounced", "requested")
    email = Notification.objects.get(kind="reference_replacement_needed")
    assert email.to_email == application.candidate.email and email.context["bounced"] is True
    path = f"/your-applications/{application.pk}/references/{first.pk}/new-referee/"
    assert email.context["link_url"].endswith(path)

    # The candidate gives someone else; that referee is asked at once.
    sign_in(client, application.candidate)
    page = client.get(path)
    assert "We could not email" in page.content.decode()
    same = client.post(
        path,
        {
            "name": "Jo Bloggs",
            "email": first.referee_email,
            "organisation": "X",
            "relationship": "Y",
        },
    )
    assert "You have already given this referee" in same.content.decode()
    response = client.post(
        path,
        {
            "name": "Jo Bloggs",
            "email": "jo@example.com",
            "organisation": "Northern Data Services",
            "relationship": "Manager",
        },
    )
    assert response.status_code == 302
    new = ReferenceRequest.objects.get(referee_email="jo@example.com")
    assert (new.replaces, new.status, new.referee_id) == (first, "requested", None)
    assert Notification.objects.filter(idempotency_key=f"reference:{new.pk}:request").exists()
    # Once replaced, the page says so instead of asking again.
    assert "already given another referee" in client.get(path).content.decode()


def test_rules_say_which_failures_are_hard_bounces():
    assert rules.is_hard_bounce("recipient_refused", 550)
    assert rules.is_hard_bounce("recipient_refused", None)
    assert rules.is_hard_bounce("invalid_address", None)
    assert not rules.is_hard_bounce("recipient_refused", 452)
    assert not rules.is_hard_bounce("message_refused", 554)
    assert not rules.is_hard_bounce("retries_exhausted", None)


def test_another_candidate_cannot_open_the_new_referee_page(application, client):
    from tests.factories.applications import make_candidate

    first = ReferenceRequest.objects.filter(application=application).first()
    _fail(first, reason=FailureReason.INVALID_ADDRESS, code=None)
    services.references_notice_bounces()
    sign_in(client, make_candidate("someone.else@example.com"))
    path = f"/your-applications/{application.pk}/references/{first.pk}/new-referee/"
    assert client.get(path).status_code == 404
    assert client.post(path, {"name": "A B", "email": "a@example.com"}).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302  # to sign in


def test_the_candidate_sees_status_only_never_the_content(application, client, hr):
    first, second = ReferenceRequest.objects.filter(application=application)
    services.reference_submit(
        token_key=first.token_key, answers={"comments": "SECRET-COMMENT", "capacity": "employer"}
    )
    sign_in(client, application.candidate)
    body = client.get(f"/your-applications/{application.pk}/").content.decode()
    assert "References" in body
    assert body.count("Received") == 1 and body.count("Requested") == 1
    assert "SECRET-COMMENT" not in body
    services.reference_decline(token_key=second.token_key, reason="SECRET-REASON")
    body = client.get(f"/your-applications/{application.pk}/").content.decode()
    assert "Give another referee" in body and "SECRET-REASON" not in body
