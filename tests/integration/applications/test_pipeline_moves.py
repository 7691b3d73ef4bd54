"""The one staff move service: table, ROCU, permission, guards, audit, email, races."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from applications import services, workflow
from applications.models import Application, ApplicationEvent
from applications.services import MoveRequest
from notifications.models import Notification
from notifications.services import notification_render
from tests.factories.accounts import rocu_hr, rocu_lead
from tests.factories.applications import move, open_vacancy, score, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return rocu_hr("nersou", first_name="Hana", last_name="Reid")


def _to(application, by, *stages):
    for stage in stages:
        application = move(application, stage, by)
    return application


def _assessment_completed(hr, score_value=Decimal("3.5"), **submitted):
    application = submitted_application(**submitted)
    application = _to(application, hr, "sift", "assessment_invited", "assessment_booked")
    score(application, hr, "assessment")
    application = move(application, "assessment_completed", hr)
    services.application_assessment_moderate(application=application, by=hr, score=score_value)
    application.refresh_from_db()
    return application


def test_a_move_saves_stage_time_event_and_queues_the_email_after_commit(
    hr, django_capture_on_commit_callbacks
):
    application = submitted_application()
    with django_capture_on_commit_callbacks() as callbacks:
        event = services.application_move(
            application=application, by=hr, request=MoveRequest("sift")
        )
    application.refresh_from_db()
    assert application.stage == "sift"
    assert application.sift_at == event.at == application.stage_entered_at
    assert (event.from_stage, event.to_stage, event.by_user, event.event) == (
        "submitted",
        "sift",
        hr,
        "sift_started",
    )
    email = Notification.objects.get(kind="application_sift_started")
    assert email.idempotency_key == f"application:{application.pk}:sift_started:{event.pk}"
    assert email.to_email == "sam@example.com"
    assert len(callbacks) == 1


def test_a_move_the_table_does_not_have_is_refused_in_plain_english(hr):
    application = submitted_application()
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        services.application_move(
            application=application, by=hr, request=MoveRequest("conditional_offer")
        )
    assert refused.value.problems == [
        "An application at Submitted cannot be moved to Conditional offer"
    ]
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        services.application_move(application=application, by=hr, request=MoveRequest("nonsense"))
    assert refused.value.problems == ["An application at Submitted cannot be moved to 'nonsense'"]
    assert ApplicationEvent.objects.filter(application=application).count() == 1


def test_staff_of_another_rocu_and_a_lead_making_an_offer_are_refused():
    application = submitted_application()
    other = rocu_hr("semrocu")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        services.application_move(application=application, by=other, request=MoveRequest("sift"))
    assert "You cannot move applications for" in refused.value.problems[0]

    lead = rocu_lead("nersou")
    hr_user = rocu_hr("nersou")
    application = _to(application, lead, "sift", "assessment_invited", "assessment_booked")
    score(application, lead, "assessment")
    application = move(application, "assessment_completed", lead)
    services.application_assessment_moderate(application=application, by=lead, score=Decimal(4))
    application = _to(application, lead, "interview_invited", "interview_booked")
    score(application, lead, "interview")
    score(application, hr_user, "interview")
    application = _to(application, lead, "interview_completed", "preferred")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "conditional_offer", lead)
    assert refused.value.problems == ["You do not have permission to make a conditional offer"]
    assert move(application, "conditional_offer", hr_user).stage == "conditional_offer"


def test_unsuccessful_needs_reasons_and_the_email_names_the_stage_and_reasons_never_rejected(hr):
    application = _to(submitted_application(), hr, "sift", "assessment_invited")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "unsuccessful", hr, reasons=("made_up",))
    assert refused.value.problems == ["Unknown reasons: made_up"]
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "unsuccessful", hr)
    assert refused.value.problems == ["Choose at least one reason to tell the candidate"]

    application = move(
        application, "unsuccessful", hr, reasons=("did_not_attend", "stronger_candidates")
    )
    assert application.unsuccessful_stage == "assessment_invited"
    assert application.unsuccessful_reasons == ["did_not_attend", "stronger_candidates"]
    email = Notification.objects.get(kind="application_unsuccessful")
    assert email.idempotency_key == f"application:{application.pk}:unsuccessful"
    rendered = notification_render(kind=email.kind, context=email.context)
    assert "Invited to an assessment" in rendered.text
    assert "You did not attend the assessment or interview" in rendered.text
    assert "Other candidates matched the role more closely." in rendered.html
    assert "reject" not in (rendered.text + rendered.html + rendered.subject).lower()


def test_a_disability_confident_candidate_needs_an_override_and_reason_at_sift(hr):
    application = move(submitted_application(disability_confident="yes"), "sift", hr)
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "unsuccessful", hr, reasons=("essential_criteria",))
    assert "Disability Confident" in refused.value.problems[0]
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "unsuccessful", hr, reasons=("essential_criteria",), override=True)
    assert len(refused.value.problems) == 2
    assert refused.value.problems[1] == "Give a reason for the override"

    application = move(
        application,
        "unsuccessful",
        hr,
        reasons=("essential_criteria",),
        override=True,
        reason="Does not hold the required analyst qualification (minimum criterion)",
    )
    event = ApplicationEvent.objects.get(application=application, event="unsuccessful")
    assert event.extra == {
        "reasons": ["essential_criteria"],
        "override": ["disability_confident_sift"],
    }
    assert event.reason.startswith("Does not hold")


def test_no_interview_invitation_below_the_pass_mark_without_a_recorded_reason(hr):
    application = _assessment_completed(hr, score_value=Decimal("2.5"))
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "interview_invited", hr)
    assert refused.value.problems == [
        "The moderated assessment score (2.5) is below the advert's pass mark (3)"
    ]
    application = move(
        application, "interview_invited", hr, override=True, reason="Marking error on Q2"
    )
    assert application.stage == "interview_invited"

    passed = _assessment_completed(hr, email="pass@example.com")
    assert move(passed, "interview_invited", hr).stage == "interview_invited"


def test_no_offer_without_two_panel_scores_and_no_confirmation_until_checks_clear(hr):
    application = _assessment_completed(hr)
    application = _to(application, hr, "interview_invited", "interview_booked")
    score(application, hr, "interview")
    application = _to(application, hr, "interview_completed", "preferred")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "conditional_offer", hr)
    assert refused.value.problems == [
        "An offer needs interview scores from at least 2 panel members (there are 1)"
    ]
    score(application, rocu_lead("nersou"), "interview")
    application = _to(application, hr, "conditional_offer", "pre_employment_checks")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "offer_confirmed", hr)
    assert refused.value.problems == [
        "Both references must be satisfactory",
        "The medical questionnaire must be cleared",
        "The right to work must be checked",
        "Vetting must be cleared at the advert's level",
    ]
    with pytest.raises(services.ApplicationMoveRefused):
        move(application, "offer_withdrawn", hr)  # needs a reason
    application = move(application, "offer_withdrawn", hr, reason="Vetting refused")
    assert application.stage == "offer_withdrawn"


def test_on_hold_comes_back_only_to_the_held_stage_and_each_hold_emails_once(hr):
    application = _to(submitted_application(), hr, "sift")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "on_hold", hr)
    assert refused.value.problems == ["Give a reason"]
    application = move(application, "on_hold", hr, reason="Waiting for budget sign-off")
    assert application.held_from_stage == "sift"
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        move(application, "assessment_invited", hr)
    assert refused.value.problems == [
        "An application comes off hold to the stage it was held at (Sift)"
    ]
    application = move(application, "sift", hr)
    assert (application.stage, application.held_from_stage) == ("sift", "")
    application = move(move(application, "on_hold", hr, reason="Again"), "sift", hr)
    assert Notification.objects.filter(kind="application_put_on_hold").count() == 2
    assert Notification.objects.filter(kind="application_taken_off_hold").count() == 2


def test_scores_off_the_scale_and_a_second_submission_are_refused_with_every_problem(hr):
    application = _to(
        submitted_application(vacancy=open_vacancy(questions=2)),
        hr,
        "sift",
        "assessment_invited",
        "assessment_booked",
    )
    codes = list(application.vacancy.questions.values_list("competency", flat=True))
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        services.score_sheet_submit(
            application=application, by=hr, round="assessment", scores={codes[0]: 6, codes[1]: -1}
        )
    assert len(refused.value.problems) == 2
    assert all("must be a whole number from 1 to 5" in p for p in refused.value.problems)
    score(application, hr, "assessment")
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        score(application, hr, "assessment")
    assert refused.value.problems == ["You have already submitted your scores for this application"]
    with pytest.raises(services.ApplicationMoveRefused) as refused:
        score(application, hr, "interview")
    assert "cannot be scored for the interview" in refused.value.problems[0]


def test_a_replayed_move_does_nothing(hr):
    application = submitted_application()
    seen = Application.objects.get(pk=application.pk)
    assert services.application_move(application=seen, by=hr, request=MoveRequest("sift"))
    assert services.application_move(application=seen, by=hr, request=MoveRequest("sift")) is None
    assert ApplicationEvent.objects.filter(event="sift_started").count() == 1
    assert Notification.objects.filter(kind="application_sift_started").count() == 1


def test_a_stale_page_is_told_who_moved_it_meanwhile(hr):
    application = submitted_application()
    stale = Application.objects.get(pk=application.pk)
    move(application, "sift", hr)
    with pytest.raises(services.ApplicationMovedMeanwhile) as meanwhile:
        services.application_move(
            application=stale, by=hr, request=MoveRequest("on_hold", reason="Budget")
        )
    assert "Hana Reid moved this application to Sift at" in meanwhile.value.message


@pytest.mark.django_db(transaction=True)
def test_two_staff_moving_at_once_one_wins_and_the_other_is_told():
    first, second = rocu_hr("nersou"), rocu_hr("nersou")
    application = submitted_application()
    application = move(application, "sift", first)
    outcomes = []
    barrier = threading.Barrier(2)

    def act(user, request):
        try:
            seen = Application.objects.get(pk=application.pk)
            barrier.wait()
            services.application_move(application=seen, by=user, request=request)
            outcomes.append(request.to_stage)
        except services.ApplicationMovedMeanwhile as meanwhile:
            outcomes.append(f"told: {meanwhile.stage}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(first, MoveRequest("assessment_invited"))),
        threading.Thread(
            target=act, args=(second, MoveRequest("unsuccessful", reasons=("posts_filled",)))
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    application.refresh_from_db()
    assert sorted(outcomes) == sorted([application.stage, f"told: {application.stage}"])
    assert ApplicationEvent.objects.filter(application=application, from_stage="sift").count() == 1
    assert Notification.objects.filter(to_email="sam@example.com").count() == 3


def test_a_bulk_move_writes_one_event_and_one_email_each_and_skips_what_moved(hr):
    vacancy = open_vacancy()
    applications = [
        move(submitted_application(f"c{n}@example.com", vacancy=vacancy), "sift", hr)
        for n in range(5)
    ]
    move(applications[0], "on_hold", hr, reason="Paused")
    result = services.application_move_many(
        application_ids=[a.pk for a in applications],
        from_stage="sift",
        by=hr,
        request=MoveRequest("assessment_invited"),
        bulk="bulk-1",
        batch_size=2,
    )
    assert result.moved == 4
    assert list(result.refused) == [applications[0].pk]
    assert Notification.objects.filter(kind="application_assessment_invited").count() == 4
    assert ApplicationEvent.objects.filter(extra__bulk="bulk-1").count() == 4

    again = services.application_move_many(
        application_ids=[a.pk for a in applications[1:]],
        from_stage="sift",
        by=hr,
        request=MoveRequest("assessment_invited"),
        bulk="bulk-1",
    )
    assert (again.moved, again.refused) == (0, {})
    assert Notification.objects.filter(kind="application_assessment_invited").count() == 4


def test_every_stage_has_its_timestamp_column_and_every_email_kind_is_registered():
    from notifications import kinds

    for stage, field_name in workflow.STAGE_TIMESTAMP_FIELDS.items():
        assert Application._meta.get_field(field_name), stage
    for kind in workflow.EMAIL_KINDS:
        assert kinds.get(kind)


def test_start_date_agreed_needs_a_date_and_the_email_gives_it(hr):
    application = submitted_application()
    declared = workflow.move("offer_confirmed", "start_date_agreed", "staff")
    assert workflow.Needs.DATE in declared.needs
    problems = services._needs_problems(declared, MoveRequest("start_date_agreed"))
    assert problems == ["Enter the start date"]
    event = ApplicationEvent(event="start_date_agreed", from_stage="x", to_stage="y", extra={})
    application.start_date = datetime.date(2027, 3, 2)
    context = services._stage_email_context(application, application.vacancy, event)
    assert context["start_date"] == "2 March 2027"
