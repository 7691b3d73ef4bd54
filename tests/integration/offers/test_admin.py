"""The checks on the application's admin page: status for HR, detail for the role that
owns it, form pages with clear refusals, another ROCU's records a 404."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offers import rules, services
from offers.models import MedicalQuestionnaire, RightToWorkCheck, VettingCase
from privacy.models import ReadAuditEntry
from tests.factories.accounts import national_hr, rocu_hr, staff_user
from tests.factories.applications import sign_in
from tests.factories.offers import at_checks
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

SECRET = "Secret-detail-3318"


@pytest.fixture
def hr():
    return rocu_hr("nersou")


def _change(application):
    return f"/admin/applications/application/{application.pk}/change/"


def _returned(application):
    services.medical_questionnaire_return(
        application=application,
        answers={
            "condition": "yes",
            "condition_detail": SECRET,
            "adjustments": "no",
            "adjustments_detail": "",
            "absence": "no",
            "absence_detail": "",
        },
    )
    return MedicalQuestionnaire.objects.get(application=application)


def test_hr_see_each_checks_status_but_not_medical_answers_or_vetting_detail(client, hr):
    application = at_checks(hr)
    _returned(application)
    case = VettingCase.objects.get(application=application)
    services.vetting_case_record(
        case=case,
        by=national_hr(),
        facts=rules.VettingFacts(
            status="refused", decided_on=timezone.localdate(), refusal_detail=SECRET
        ),
    )
    login_staff(client, hr)
    page = client.get(_change(application)).content.decode()
    assert "Offer and pre-employment checks" in page
    assert "Returned" in page and "Answers: occupational health only" in page
    assert "Refused" in page and "Details: vetting officers only" in page
    assert SECRET not in page
    assert "Withdraw the conditional offer" in page  # a refusal with no appeal waiting
    assert client.get("/admin/offers/medicalquestionnaire/").status_code == 403
    questionnaire = MedicalQuestionnaire.objects.get(application=application)
    assert (
        client.get(f"/admin/offers/medicalquestionnaire/{questionnaire.pk}/change/").status_code
        == 403
    )
    assert client.get(reverse("admin:offers_vetting_case", args=[case.pk])).status_code == 403


def test_occupational_health_read_the_answers_and_decide_with_a_clear_refusal(client, hr):
    application = at_checks(hr)
    questionnaire = _returned(application)
    health = staff_user("Occupational health", "nersou")
    login_staff(client, health)
    listing = client.get("/admin/offers/medicalquestionnaire/").content.decode()
    assert application.reference in listing
    url = f"/admin/offers/medicalquestionnaire/{questionnaire.pk}/change/"
    page = client.get(url).content.decode()
    assert SECRET in page and "Record the decision" in page
    missing = client.post(url, {}).content.decode()
    assert "There is a problem" in missing and "Choose cleared or not cleared" in missing
    assert client.post(url, {"outcome": "cleared", "note": ""}).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.status == "cleared"
    assert "Record the decision" not in client.get(url).content.decode()

    elsewhere = staff_user("Occupational health", "semrocu")
    login_staff(client, elsewhere)
    assert client.get(url).status_code == 404
    assert (
        application.reference
        not in client.get("/admin/offers/medicalquestionnaire/").content.decode()
    )


def test_hr_record_the_right_to_work_with_errors_against_the_fields(client, hr):
    application = at_checks(hr)
    login_staff(client, hr)
    page = client.get(_change(application)).content.decode()
    url = reverse("admin:offers_right_to_work", args=[application.pk])
    assert url in page
    bad = client.post(
        url,
        {
            "checked_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "document_type": "brp",
            "expires_on": "not a date",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in body
    assert "Enter the expiry date" in body
    bad = client.post(
        url,
        {
            "checked_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "document_type": "brp",
        },
    )
    assert "The date checked must be today or in the past" in bad.content.decode()
    good = client.post(
        url, {"checked_on": timezone.localdate().isoformat(), "document_type": "uk_passport"}
    )
    assert good.status_code == 302
    check = RightToWorkCheck.objects.get(application=application)
    assert (check.checked_by, check.document_type) == (hr, "uk_passport")
    assert "UK or Irish passport" in client.get(_change(application)).content.decode()

    login_staff(client, rocu_hr("semrocu"))
    assert client.get(url).status_code == 404


def test_a_vetting_officer_records_the_case_with_every_problem_at_once(client, hr):
    application = at_checks(hr)
    case = VettingCase.objects.get(application=application)
    officer = national_hr()
    login_staff(client, officer)
    assert (
        reverse("admin:offers_vetting_case", args=[case.pk])
        in client.get(_change(application)).content.decode()
    )
    url = reverse("admin:offers_vetting_case", args=[case.pk])
    assert client.get(url).status_code == 200
    # Opening the case is audited (who, which case), never its contents.
    opened = ReadAuditEntry.objects.get(part="vetting_case")
    assert (opened.by, opened.record_id, opened.record_label) == (
        officer,
        str(case.pk),
        application.reference,
    )
    refused = client.post(url, {"status": "refused"}).content.decode()
    assert "Enter the date the vetting unit decided" in refused
    assert "Give the vetting unit&#x27;s reason for the refusal" in refused
    today = timezone.localdate().isoformat()
    assert client.post(url, {"status": "cleared", "decided_on": today}).status_code == 302
    case.refresh_from_db()
    assert case.status == "cleared" and case.updated_by == officer


def test_the_panel_and_the_medical_list_run_constant_queries(
    client, hr, django_assert_max_num_queries
):
    small = at_checks(hr)
    login_staff(client, hr)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_change(small)).status_code == 200
    # More levels and more records on the larger one: the same number of queries.
    large = at_checks(hr, email="large@example.com")
    _returned(large)
    services.right_to_work_record(
        application=large, by=hr, checked_on=timezone.localdate(), document_type="brp"
    )
    with django_assert_max_num_queries(len(one)):
        assert client.get(_change(large)).status_code == 200

    health = staff_user("Occupational health", "nersou")
    login_staff(client, health)
    with CaptureQueriesContext(connection) as listing:
        client.get("/admin/offers/medicalquestionnaire/")
    for number in range(3):
        _returned(at_checks(hr, email=f"more{number}@example.com"))
    with django_assert_max_num_queries(len(listing)):
        body = client.get("/admin/offers/medicalquestionnaire/").content.decode()
    assert body.count("Returned") >= 4


def test_the_candidate_sees_status_words_only(client, hr):
    application = at_checks(hr)
    _returned(application)
    sign_in(client, application.candidate)
    page = client.get(f"/your-applications/{application.pk}/").content.decode()
    assert "Your offer and checks" in page
    assert "With occupational health" in page and SECRET not in page


def test_the_candidates_page_runs_the_same_queries_with_one_level_or_two(
    client, hr, django_assert_max_num_queries
):
    from tests.factories.applications import open_vacancy
    from vetting.models import VettingLevel

    one_level = at_checks(hr)
    sign_in(client, one_level.candidate)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/your-applications/{one_level.pk}/").status_code == 200
    vacancy = open_vacancy(
        vetting_level=VettingLevel.objects.get(code="RV"),
        national_security_level=VettingLevel.objects.get(code="DV"),
    )
    two_levels = at_checks(hr, email="two@example.com", vacancy=vacancy)
    _returned(two_levels)
    assert VettingCase.objects.filter(application=two_levels).count() == 2
    sign_in(client, two_levels.candidate)
    with django_assert_max_num_queries(len(one)):
        page = client.get(f"/your-applications/{two_levels.pk}/").content.decode()
    assert "Your offer and checks" in page
