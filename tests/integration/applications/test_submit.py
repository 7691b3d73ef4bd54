"""Submitting: the exact closing second, completeness, the stored assessment, one email."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationEvent
from notifications.models import Notification
from tests.factories.applications import complete_application, make_candidate, open_vacancy

pytestmark = pytest.mark.django_db


def test_submit_stores_the_assessment_gives_a_reference_and_queues_one_email(
    django_capture_on_commit_callbacks,
):
    vacancy = open_vacancy(reference="NERSOU-2026-0012")
    application = complete_application(make_candidate(), vacancy)

    with django_capture_on_commit_callbacks() as callbacks:
        submitted = services.application_submit(application=application, at=timezone.now())

    assert submitted.stage == "submitted"
    assert submitted.reference == "NERSOU-2026-0012-0001"
    assert submitted.residence_outcome == "eligible"
    assert submitted.residence_level_code == "MV"
    assert submitted.residence_required_years == 5
    assert submitted.residence_reasons == []
    assert not submitted.flagged_for_review
    assert submitted.submitted_at is not None
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_stage, event.to_stage, event.by_candidate_id) == (
        "draft",
        "submitted",
        application.candidate_id,
    )
    email = Notification.objects.get(idempotency_key=f"application:{application.pk}:submitted")
    assert email.kind == "application_submitted"
    assert email.context["application_reference"] == "NERSOU-2026-0012-0001"
    assert len(callbacks) == 1  # the send is queued only after commit


def test_references_count_up_per_advert():
    vacancy = open_vacancy(reference="NERSOU-2026-0013")
    first = complete_application(make_candidate("a@example.com"), vacancy)
    second = complete_application(make_candidate("b@example.com"), vacancy)
    services.application_submit(application=first, at=timezone.now())
    services.application_submit(application=second, at=timezone.now())
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reference, second.reference) == ("NERSOU-2026-0013-0001", "NERSOU-2026-0013-0002")


def test_submit_one_second_before_closing_works_and_at_the_closing_second_is_refused():
    closing = timezone.now() + datetime.timedelta(days=2)
    vacancy = open_vacancy(closing_at=closing)
    on_time = complete_application(make_candidate("a@example.com"), vacancy)
    too_late = complete_application(make_candidate("b@example.com"), vacancy)

    services.application_submit(application=on_time, at=closing - datetime.timedelta(seconds=1))
    with pytest.raises(services.ApplicationRefused) as refused:
        services.application_submit(application=too_late, at=closing)

    assert refused.value.code == services.CLOSED
    too_late.refresh_from_db()
    assert too_late.stage == "draft" and too_late.reference is None
    assert not Notification.objects.filter(
        idempotency_key=f"application:{too_late.pk}:submitted"
    ).exists()


def test_an_incomplete_application_is_refused_naming_the_sections():
    vacancy = open_vacancy()
    application = complete_application(make_candidate(), vacancy, referees=1)

    with pytest.raises(services.ApplicationRefused) as refused:
        services.application_submit(application=application, at=timezone.now())

    assert refused.value.code == services.INCOMPLETE
    assert refused.value.sections == ("referees",)


def test_a_second_submit_is_refused_and_sends_nothing_more():
    application = complete_application(make_candidate(), open_vacancy())
    services.application_submit(application=application, at=timezone.now())

    with pytest.raises(services.ApplicationRefused) as refused:
        services.application_submit(application=application, at=timezone.now())

    assert refused.value.code == services.ALREADY_SUBMITTED
    (email,) = Notification.objects.filter(kind="application_submitted")
    assert email.context["applications_url"] == "https://recruit.toex.test/your-applications/"
    assert ApplicationEvent.objects.filter(event="submitted").count() == 1


def test_not_eligible_history_with_a_statement_goes_in_flagged_with_its_reasons():
    today = timezone.localdate()
    periods = [
        {
            "country": "GB",
            "start": today.replace(year=today.year - 11),
            "end": today.replace(year=today.year - 2),
        },
        {
            "country": "FR",
            "start": today.replace(year=today.year - 2) + datetime.timedelta(days=1),
            "end": today.replace(year=today.year - 1),
            "reason": "study",
        },
        {
            "country": "GB",
            "start": today.replace(year=today.year - 1) + datetime.timedelta(days=1),
            "end": None,
        },
    ]
    application = complete_application(
        make_candidate(),
        open_vacancy(),
        periods=periods,
        statement="My course was run by a UK university.",
    )

    submitted = services.application_submit(application=application, at=timezone.now())

    assert submitted.residence_outcome == "not_eligible"
    assert submitted.flagged_for_review
    assert [reason["code"] for reason in submitted.residence_reasons] == ["ABROAD"]


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_make_one_submission_and_one_email():
    application = complete_application(make_candidate(), open_vacancy())
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            services.application_submit(
                application=Application.objects.get(pk=application.pk), at=timezone.now()
            )
            outcomes.append("submitted")
        except services.ApplicationRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_submitted", "submitted"]
    assert Notification.objects.filter(kind="application_submitted").count() == 1
    assert ApplicationEvent.objects.filter(event="submitted").count() == 1
