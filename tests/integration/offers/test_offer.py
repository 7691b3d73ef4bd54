"""The candidate answers the conditional offer from its link, before the deadline."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from applications.models import ApplicationEvent
from notifications.models import Notification
from offers import services
from offers.models import MedicalQuestionnaire, Offer, VettingCase
from tests.factories.accounts import rocu_hr
from tests.factories.applications import sign_in
from tests.factories.offers import at_conditional_offer
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return rocu_hr("nersou")


def test_the_offer_email_links_to_the_offer_page_with_the_deadline(hr, settings):
    application = at_conditional_offer(hr)
    offer = Offer.objects.get(application=application)
    assert offer.respond_by - offer.made_at == datetime.timedelta(
        days=settings.OFFERS_RESPONSE_DAYS
    )
    email = Notification.objects.get(kind="application_conditional_offer")
    assert email.context["link_url"].endswith(f"/your-applications/{application.pk}/offer/")
    assert email.context["respond_by"]


def test_accepting_moves_to_checks_and_sends_the_questionnaire_once(hr, client):
    application = at_conditional_offer(hr)
    sign_in(client, application.candidate)
    url = f"/your-applications/{application.pk}/offer/"
    page = client.get(url).content.decode()
    assert "Accept the offer" in page and "Please reply by" in page
    assert not MedicalQuestionnaire.objects.exists()

    response = client.post(url)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "pre_employment_checks"
    event = ApplicationEvent.objects.get(application=application, event="offer_accepted")
    assert event.by_candidate == application.candidate and event.by_user is None
    assert Offer.objects.get(application=application).decision == "accepted"
    assert MedicalQuestionnaire.objects.get(application=application).status == "sent"
    # One case per level the advert requires (the factory's advert: MV only).
    assert [case.level.code for case in VettingCase.objects.filter(application=application)] == [
        "MV"
    ]
    assert Notification.objects.filter(kind="offers_medical_questionnaire").count() == 1

    again = client.post(url)  # answered in another tab: a clear message, nothing twice
    assert again.status_code == 409
    assert "You have already replied to this offer" in again.content.decode()
    assert Notification.objects.filter(kind="offers_medical_questionnaire").count() == 1


def test_declining_asks_an_optional_reason_kept_for_hr_only(hr, client):
    application = at_conditional_offer(hr)
    sign_in(client, application.candidate)
    decline = f"/your-applications/{application.pk}/offer/decline/"
    assert "Why are you declining? (optional)" in client.get(decline).content.decode()
    response = client.post(decline, {"reason": "I took another job nearer home"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "offer_declined"
    offer = Offer.objects.get(application=application)
    assert (offer.decision, offer.decline_reason) == ("declined", "I took another job nearer home")
    email = Notification.objects.get(kind="application_offer_declined")
    assert "nearer home" not in str(email.context)
    assert "You declined this offer" in client.get(response.url).content.decode()


def test_after_the_deadline_the_page_says_so_and_an_answer_is_refused(hr, client):
    application = at_conditional_offer(hr)
    url = f"/your-applications/{application.pk}/offer/"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        sign_in(client, application.candidate)  # signed in afresh, 11 days on
        page = client.get(url).content.decode()
        assert "has passed" in page and "Accept the offer" not in page
        refused = client.post(url)
        assert refused.status_code == 409
        assert "The deadline to reply to this offer has passed" in refused.content.decode()
        client.post(f"{url}decline/", {"reason": ""})
        with pytest.raises(services.OfferRefused) as caught:
            services.offer_accept(application=application)
        assert caught.value.code == services.EXPIRED
    application.refresh_from_db()
    assert application.stage == "conditional_offer"


def test_another_candidates_offer_link_is_a_clear_404(hr, client):
    application = at_conditional_offer(hr)
    other = at_conditional_offer(hr, email="other@example.com")
    sign_in(client, other.candidate)
    for path in ("offer/", "offer/decline/", "medical-questionnaire/"):
        response = client.post(f"/your-applications/{application.pk}/{path}")
        assert response.status_code == 404
        assert "This link is not for your account" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "conditional_offer"


def test_signed_out_the_offer_link_asks_to_sign_in(hr, client):
    application = at_conditional_offer(hr)
    response = client.get(f"/your-applications/{application.pk}/offer/")
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_one_reminder_before_the_deadline_even_when_the_task_runs_twice(hr, settings):
    application = at_conditional_offer(hr)
    offer = Offer.objects.get(application=application)
    early = offer.respond_by - datetime.timedelta(days=settings.OFFERS_REMINDER_DAYS_BEFORE + 1)
    assert services.offer_reminders_send(now=early) == 0
    inside = offer.respond_by - datetime.timedelta(days=settings.OFFERS_REMINDER_DAYS_BEFORE - 1)
    assert services.offer_reminders_send(now=inside) == 1
    assert services.offer_reminders_send(now=inside) == 0
    later = offer.respond_by - datetime.timedelta(hours=1)
    assert services.offer_reminders_send(now=later) == 0
    reminders = Notification.objects.filter(kind="offers_offer_reminder")
    assert reminders.count() == 1
    assert reminders.get().idempotency_key == f"offer:{offer.pk}:reminder"
    assert services.offer_reminders_send(now=offer.respond_by + datetime.timedelta(days=1)) == 0


def test_no_reminder_once_the_candidate_has_answered(hr, settings):
    application = at_conditional_offer(hr)
    offer = Offer.objects.get(application=application)
    services.offer_accept(application=application)
    inside = offer.respond_by - datetime.timedelta(days=1)
    assert services.offer_reminders_send(now=inside) == 0
    assert not Notification.objects.filter(kind="offers_offer_reminder").exists()


def test_hr_see_an_unanswered_offer_as_overdue_after_its_deadline(hr, client):
    application = at_conditional_offer(hr)
    change = f"/admin/applications/application/{application.pk}/change/"
    login_staff(client, hr)
    page = client.get(change).content.decode()
    assert "Waiting for the candidate" in page and "Overdue" not in page
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        login_staff(client, hr)
        page = client.get(change).content.decode()
    assert "Waiting for the candidate" in page and "Overdue" in page


def test_the_beat_task_run_twice_on_a_moved_clock_sends_one_reminder(hr, settings):
    from offers.tasks import remind_unanswered_offers

    application = at_conditional_offer(hr)
    offer = Offer.objects.get(application=application)
    assert remind_unanswered_offers() == 0  # just made: days before the window
    inside = offer.respond_by - datetime.timedelta(
        days=settings.OFFERS_REMINDER_DAYS_BEFORE, hours=-1
    )
    with time_machine.travel(inside):
        assert remind_unanswered_offers() == 1
        assert remind_unanswered_offers() == 0
    with time_machine.travel(inside + datetime.timedelta(days=1)):
        assert remind_unanswered_offers() == 0
    assert Notification.objects.filter(kind="offers_offer_reminder").count() == 1
