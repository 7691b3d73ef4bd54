"""The checks: medical only after an offer, right to work, vetting, the offer-confirmed
guard, the start date, and a failed check withdrawing the offer without its detail."""

import datetime

import pytest
from django.utils import timezone

from applications import services as application_services
from applications.models import ApplicationEvent
from notifications.models import Notification
from notifications.services import notification_render
from offers import rules, services
from offers.models import MedicalQuestionnaire, VettingCase
from tests.factories.accounts import national_hr, rocu_hr, staff_user
from tests.factories.applications import move, sign_in, submitted_application
from tests.factories.offers import at_checks, at_conditional_offer
from tests.support.references import complete_references
from tests.support.staff import login_staff
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

SECRET_MEDICAL = "Secret-medical-answer-4471"
SECRET_VETTING = "Secret-vetting-detail-9912"
SECRET_WITHDRAWAL = "Secret-withdrawal-reason-5530"


@pytest.fixture
def hr():
    return rocu_hr("nersou")


@pytest.fixture
def vetting_officer():
    return national_hr()


@pytest.fixture
def occupational_health():
    return staff_user("Occupational health", "nersou")


def _answers(detail=SECRET_MEDICAL):
    return {
        "condition": "yes",
        "condition_detail": detail,
        "adjustments": "no",
        "adjustments_detail": "",
        "absence": "no",
        "absence_detail": "",
    }


def _cleared_vetting(application, officer):
    today = timezone.localdate()
    for case in VettingCase.objects.filter(application=application):
        services.vetting_case_record(
            case=case,
            by=officer,
            facts=rules.VettingFacts(
                status="cleared",
                forms_sent_on=today - datetime.timedelta(days=20),
                submitted_on=today - datetime.timedelta(days=10),
                decided_on=today,
            ),
        )


def test_no_medical_questionnaire_can_exist_before_the_offer_is_accepted(hr, client):
    preferred = submitted_application()
    for at_stage in (preferred, at_conditional_offer(hr, email="offered@example.com")):
        with pytest.raises(services.CheckRefused):
            services.medical_questionnaire_send(application=at_stage, at=timezone.now())
        sign_in(client, at_stage.candidate)
        page = client.get(f"/your-applications/{at_stage.pk}/medical-questionnaire/")
        assert page.status_code == 404
        assert "only after you have accepted a conditional offer" in page.content.decode()
    assert not MedicalQuestionnaire.objects.exists()
    assert not Notification.objects.filter(kind="offers_medical_questionnaire").exists()


def test_the_candidate_returns_the_questionnaire_and_only_occupational_health_decide(
    hr, client, occupational_health
):
    application = at_checks(hr)
    sign_in(client, application.candidate)
    url = f"/your-applications/{application.pk}/medical-questionnaire/"
    empty = client.post(url, {"condition": "yes"})
    assert empty.status_code == 200
    body = empty.content.decode()
    assert "There is a problem" in body and "Enter the details" in body
    assert client.post(url, _answers()).status_code == 302
    assert "Medical questionnaire sent" in client.get(url).content.decode()
    questionnaire = MedicalQuestionnaire.objects.get(application=application)
    assert questionnaire.status == "returned"

    with pytest.raises(services.CheckRefused):
        services.medical_questionnaire_decide(questionnaire=questionnaire, by=hr, cleared=True)
    other_rocu_oh = staff_user("Occupational health", "semrocu")
    with pytest.raises(services.CheckRefused):
        services.medical_questionnaire_decide(
            questionnaire=questionnaire, by=other_rocu_oh, cleared=True
        )
    services.medical_questionnaire_decide(
        questionnaire=questionnaire, by=occupational_health, cleared=True, note="Fit"
    )
    questionnaire.refresh_from_db()
    assert (questionnaire.status, questionnaire.decided_by) == ("cleared", occupational_health)
    with pytest.raises(services.CheckRefused) as again:
        services.medical_questionnaire_decide(
            questionnaire=questionnaire, by=occupational_health, cleared=False
        )
    assert "this one is cleared" in again.value.problems[""]


def test_right_to_work_is_recorded_with_who_when_document_and_expiry(hr):
    application = at_checks(hr)
    today = timezone.localdate()
    with pytest.raises(services.CheckRefused) as refused:
        services.right_to_work_record(
            application=application,
            by=hr,
            checked_on=today + datetime.timedelta(days=1),
            document_type="share_code",
            expires_on=today - datetime.timedelta(days=1),
        )
    assert set(refused.value.problems) == {"checked_on", "expires_on"}
    check = services.right_to_work_record(
        application=application,
        by=hr,
        checked_on=today,
        document_type="share_code",
        expires_on=today + datetime.timedelta(days=400),
    )
    assert (check.checked_by, check.document_type) == (hr, "share_code")
    other = rocu_hr("semrocu")
    with pytest.raises(services.CheckRefused):
        services.right_to_work_record(
            application=application, by=other, checked_on=today, document_type="uk_passport"
        )


def test_vetting_at_every_level_the_advert_requires_with_renewal_from_the_level(
    hr, vetting_officer
):
    application = submitted_application(
        vacancy=None,
    )
    vacancy = application.vacancy
    vacancy.vetting_level = VettingLevel.objects.get(code="RV")
    vacancy.national_security_level = VettingLevel.objects.get(code="DV")
    vacancy.save(update_fields=["vetting_level", "national_security_level"])
    application = at_checks(hr, email="two-levels@example.com", vacancy=vacancy)
    cases = {case.level.code: case for case in VettingCase.objects.filter(application=application)}
    assert set(cases) == {"RV", "DV"}
    today = timezone.localdate()
    with pytest.raises(services.CheckRefused):
        services.vetting_case_record(
            case=cases["RV"], by=hr, facts=rules.VettingFacts(status="forms_sent")
        )
    with pytest.raises(services.CheckRefused) as refused:
        services.vetting_case_record(
            case=cases["RV"], by=vetting_officer, facts=rules.VettingFacts(status="refused")
        )
    assert set(refused.value.problems) == {"decided_on", "refusal_detail"}
    rv = services.vetting_case_record(
        case=cases["RV"],
        by=vetting_officer,
        facts=rules.VettingFacts(status="cleared", decided_on=today),
    )
    assert rv.renewal_due_on == today.replace(year=today.year + 10)
    problems = application_services.move_problems(
        application=application, by=hr, request=application_services.MoveRequest("offer_confirmed")
    )
    assert "Vetting must be cleared at the advert's level" in problems
    services.vetting_case_record(
        case=cases["DV"],
        by=vetting_officer,
        facts=rules.VettingFacts(status="cleared", decided_on=today),
    )
    problems = application_services.move_problems(
        application=application, by=hr, request=application_services.MoveRequest("offer_confirmed")
    )
    assert "Vetting must be cleared at the advert's level" not in problems


def test_confirming_lists_every_missing_check_then_only_references(
    hr, vetting_officer, occupational_health
):
    application = at_checks(hr)
    with pytest.raises(application_services.ApplicationMoveRefused) as refused:
        move(application, "offer_confirmed", hr)
    assert refused.value.problems == [
        "Both references must be satisfactory",
        "The medical questionnaire must be cleared",
        "The right to work must be checked",
        "Vetting must be cleared at the advert's level",
    ]
    services.medical_questionnaire_return(application=application, answers=_answers())
    services.medical_questionnaire_decide(
        questionnaire=MedicalQuestionnaire.objects.get(application=application),
        by=occupational_health,
        cleared=True,
    )
    services.right_to_work_record(
        application=application,
        by=hr,
        checked_on=timezone.localdate(),
        document_type="uk_passport",
    )
    _cleared_vetting(application, vetting_officer)
    with pytest.raises(application_services.ApplicationMoveRefused) as refused:
        move(application, "offer_confirmed", hr)
    # The references check is the refs helper's app (registered there).
    assert refused.value.problems == ["Both references must be satisfactory"]


def test_a_failed_check_withdraws_the_offer_and_no_email_carries_medical_or_vetting_detail(
    hr, vetting_officer, occupational_health, client
):
    application = at_conditional_offer(hr)
    services.offer_accept(application=application)
    application.refresh_from_db()
    services.medical_questionnaire_return(application=application, answers=_answers())
    services.medical_questionnaire_decide(
        questionnaire=MedicalQuestionnaire.objects.get(application=application),
        by=occupational_health,
        cleared=False,
        note=SECRET_MEDICAL,
    )
    case = VettingCase.objects.get(application=application)
    services.vetting_case_record(
        case=case,
        by=vetting_officer,
        facts=rules.VettingFacts(
            status="refused", decided_on=timezone.localdate(), refusal_detail=SECRET_VETTING
        ),
    )
    application = move(application, "offer_withdrawn", hr, reason=SECRET_WITHDRAWAL)
    assert ApplicationEvent.objects.get(event="conditional_offer_withdrawn").reason == (
        SECRET_WITHDRAWAL
    )
    services.offer_reminders_send()  # nothing due, but every kind is looked at below
    withdrawn = Notification.objects.get(kind="application_conditional_offer_withdrawn")
    text = notification_render(kind=withdrawn.kind, context=withdrawn.context).text
    assert "withdrawn the conditional offer" in text
    assert application.vacancy.contact_email in text
    kinds = set()
    for email in Notification.objects.filter(to_email=application.candidate.email):
        rendered = notification_render(kind=email.kind, context=email.context)
        kinds.add(email.kind)
        for secret in (SECRET_MEDICAL, SECRET_VETTING, SECRET_WITHDRAWAL):
            assert secret not in rendered.text + rendered.html + rendered.subject
            assert secret not in str(email.context)
    assert {
        "application_conditional_offer",
        "application_offer_accepted",
        "offers_medical_questionnaire",
        "application_conditional_offer_withdrawn",
    } <= kinds
    # The candidate's page shows status words only.
    sign_in(client, application.candidate)
    page = client.get(f"/your-applications/{application.pk}/").content.decode()
    for secret in (SECRET_MEDICAL, SECRET_VETTING, SECRET_WITHDRAWAL):
        assert secret not in page


def test_confirmed_then_a_start_date_in_the_past_is_refused_and_the_email_says_what_to_bring(
    hr, vetting_officer, occupational_health, client
):
    application = at_checks(hr)
    complete_references(application, by=hr)
    services.medical_questionnaire_return(application=application, answers=_answers())
    services.medical_questionnaire_decide(
        questionnaire=MedicalQuestionnaire.objects.get(application=application),
        by=occupational_health,
        cleared=True,
    )
    services.right_to_work_record(
        application=application, by=hr, checked_on=timezone.localdate(), document_type="brp"
    )
    _cleared_vetting(application, vetting_officer)
    application = move(application, "offer_confirmed", hr)
    assert application.stage == "offer_confirmed"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    login_staff(client, hr)
    page = client.post(
        f"/admin/applications/application/{application.pk}/move/start_date_agreed/",
        {"expected_stage": "offer_confirmed", "start_date": yesterday.isoformat(), "reason": ""},
    )
    assert page.status_code == 200
    assert "The start date must be today or in the future" in page.content.decode()
    with pytest.raises(application_services.ApplicationMoveRefused) as refused:
        move(application, "start_date_agreed", hr, start_date=yesterday)
    assert refused.value.problems == ["The start date must be today or in the future"]
    start = timezone.localdate() + datetime.timedelta(days=30)
    application = move(application, "start_date_agreed", hr, start_date=start)
    assert application.start_date == start
    email = Notification.objects.get(kind="application_start_date_agreed")
    text = notification_render(kind=email.kind, context=email.context).text
    assert "What to bring on your first day" in text
    assert "Photo identification" in text
