"""Opening reference requests when checks start, what the emails say, and the check reader."""

import pytest

from applications import extensions
from applications.models import Referee
from notifications.models import Notification
from notifications.services import notification_render
from references import services
from references.models import ReferenceRequest
from tests.factories.accounts import rocu_hr
from tests.factories.applications import move
from tests.support.references import application_at_checks, complete_references

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return rocu_hr("nersou", first_name="Hana", last_name="Reid")


def test_accepting_the_offer_opens_one_request_per_referee_and_emails_each_once(hr):
    application = application_at_checks(hr)
    references = list(ReferenceRequest.objects.filter(application=application))
    assert sorted(r.referee_email for r in references) == [
        "referee1@example.com",
        "referee2@example.com",
    ]
    assert {r.status for r in references} == {"requested"}
    assert all(r.referee_id for r in references)
    emails = Notification.objects.filter(kind="reference_request")
    assert sorted(emails.values_list("idempotency_key", flat=True)) == sorted(
        f"reference:{r.pk}:request" for r in references
    )
    # A replay (the listener run again) opens and sends nothing more.
    assert (
        services.reference_requests_open(application=application, at=references[0].requested_at)
        == 0
    )
    assert Notification.objects.filter(kind="reference_request").count() == 2


def test_the_link_expires_twelve_weeks_after_the_request_by_default(hr, settings):
    assert settings.REFERENCES_LINK_MAX_AGE_DAYS == 84
    reference = ReferenceRequest.objects.filter(application=application_at_checks(hr)).first()
    assert (reference.expires_at - reference.requested_at).days == 84


def test_the_referee_email_names_only_plain_names_and_nothing_else_the_candidate_typed(hr):
    application = application_at_checks(hr)
    application.full_name = "Sam <a href='https://evil.example'>Click</a>"
    application.save(update_fields=["full_name"])
    Referee.objects.filter(application=application).update(
        organisation="Visit https://evil.example now", relationship="call 0800 000"
    )
    referee = Referee.objects.filter(application=application).first()
    referee.name = "Alex Morgan"
    referee.save()
    ReferenceRequest.objects.filter(application=application).delete()
    Notification.objects.filter(kind="reference_request").delete()
    services.reference_requests_open(application=application, at=application.stage_entered_at)

    rows = {row.to_email: row for row in Notification.objects.filter(kind="reference_request")}
    good = rows[referee.email]
    assert good.context["referee_name"] == "Alex Morgan"
    assert good.context["candidate_name"] == ""  # markup in the name: the email names nobody
    rendered = notification_render(kind=good.kind, context=good.context)
    assert "Dear Alex Morgan," in rendered.text
    assert "A candidate has been offered a job as" in rendered.text
    for text in (rendered.text, rendered.html, rendered.subject):
        assert "evil.example" not in text and "0800" not in text
        assert "Research assistant" not in text  # nothing else from the form
    # "Demo Referee 2" has a digit: not a plain name, so no name at all.
    other = next(row for email, row in rows.items() if email != referee.email)
    assert other.context["referee_name"] == ""
    assert "Hello," in notification_render(kind=other.kind, context=other.context).text


def test_email_safe_name_keeps_plain_names_only():
    assert services.email_safe_name("  Siân   O’Neill-Jones ") == "Siân O’Neill-Jones"
    assert services.email_safe_name("Bob http://x.example") == ""
    assert services.email_safe_name("A" * 101) == ""
    assert services.email_safe_name("") == ""


def test_the_references_check_clears_only_with_two_satisfactory_references(hr):
    application = application_at_checks(hr)
    assert extensions.checks_cleared(application)["references"] is False
    first, second = ReferenceRequest.objects.filter(application=application)
    services.reference_submit(token_key=first.token_key, answers={"capacity": "employer"})
    services.reference_assess(reference=first, by=hr, satisfactory=True, note="")
    assert extensions.checks_cleared(application)["references"] is False
    complete_references(application, by=hr)
    assert extensions.checks_cleared(application)["references"] is True
    with pytest.raises(Exception) as refused:
        move(application, "offer_confirmed", hr)
    assert "Both references must be satisfactory" not in refused.value.problems


def test_an_unsatisfactory_reference_does_not_clear_the_check_and_needs_a_note(hr):
    application = application_at_checks(hr)
    first, second = ReferenceRequest.objects.filter(application=application)
    for reference in (first, second):
        services.reference_submit(token_key=reference.token_key, answers={})
    with pytest.raises(services.ReferenceRefused) as refused:
        services.reference_assess(reference=first, by=hr, satisfactory=False, note=" ")
    assert refused.value.problems == ["Say why the reference is not satisfactory"]
    services.reference_assess(reference=first, by=hr, satisfactory=False, note="Left under a cloud")
    services.reference_assess(reference=second, by=hr, satisfactory=True, note="")
    assert extensions.checks_cleared(application)["references"] is False
    with pytest.raises(services.ReferenceRefused) as refused:
        services.reference_assess(reference=first, by=hr, satisfactory=True, note="")
    assert refused.value.problems == ["This reference is already marked"]


def test_hr_of_another_rocu_and_a_lead_cannot_mark_a_reference(hr):
    from tests.factories.accounts import rocu_lead

    application = application_at_checks(hr)
    reference = ReferenceRequest.objects.filter(application=application).first()
    services.reference_submit(token_key=reference.token_key, answers={})
    for outsider in (rocu_hr("emsou"), rocu_lead("nersou")):
        with pytest.raises(services.ReferenceRefused) as refused:
            services.reference_assess(reference=reference, by=outsider, satisfactory=True, note="")
        assert refused.value.problems == ["You do not have permission to mark references"]
    reference.refresh_from_db()
    assert reference.satisfactory is None


def test_the_demo_answers_one_reference_per_application_at_checks_once(hr):
    from references import demo

    application = application_at_checks(hr)
    said = []
    demo.seed(write=said.append)
    demo.seed(write=said.append)
    statuses = sorted(
        ReferenceRequest.objects.filter(application=application).values_list("status", flat=True)
    )
    assert statuses == ["received", "requested"]
    assert said[0].startswith("Demo references: 1 ") and said[1].startswith("Demo references: 0 ")
