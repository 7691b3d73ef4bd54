"""An advert's optional national-security level in the admin and the services."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories.vacancies import PublishedVacancyFactory, VacancyLocationFactory
from tests.integration.vacancies.test_admin import _advert_form, _form_errors, _url
from tests.support.staff import login_staff
from vacancies import services
from vacancies.models import AuditAction
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db


def level(code):
    return VettingLevel.objects.get(code=code)


def test_a_lead_adds_security_check_to_a_published_mv_advert_with_a_reason(client, lead, rocu):
    vacancy = PublishedVacancyFactory(rocu=rocu, vetting_level=level("MV"))
    VacancyLocationFactory(vacancy=vacancy)
    login_staff(client, lead)
    form = _advert_form(vacancy, national_security_level=level("SC").pk)

    refused = client.post(_url(vacancy), form)
    assert (
        "Give a reason for changing the vetting level or closing date"
        in (_form_errors(refused)["change_reason"])
    )

    saved = client.post(_url(vacancy), {**form, "change_reason": "Designated SC post"})

    assert saved.status_code == 302
    vacancy.refresh_from_db()
    assert [lvl.code for lvl in vacancy.vetting_levels()] == ["MV", "SC"]
    entry = vacancy.audit_entries.get(action=AuditAction.VETTING_LEVEL_CHANGED)
    assert (entry.old_value, entry.new_value, entry.reason) == ("", "SC", "Designated SC post")


def test_the_national_security_choice_lists_only_national_security_levels(client, lead, rocu):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    login_staff(client, lead)

    html = client.get(_url(vacancy)).content.decode()
    select = html.split('name="national_security_level"', 1)[1].split("</select>", 1)[0]

    assert "Security Check (SC)" in select and "Developed Vetting (DV)" in select
    assert "Management Vetting" not in select and "Recruitment Vetting" not in select


def test_two_levels_must_be_one_force_and_one_national_security(client, lead, rocu):
    vacancy = PublishedVacancyFactory(rocu=rocu, vetting_level=level("DV"))
    VacancyLocationFactory(vacancy=vacancy)
    login_staff(client, lead)

    response = client.post(
        _url(vacancy),
        _advert_form(vacancy, national_security_level=level("SC").pk, change_reason="Add SC"),
    )

    assert response.status_code == 200
    assert (
        "Choose a force vetting level (Recruitment or Management Vetting) when the post also "
        "needs national security vetting"
    ) in _form_errors(response)["vetting_level"]


def test_the_model_refuses_a_force_level_in_the_national_security_place():
    vacancy = PublishedVacancyFactory.build(
        vetting_level=level("MV"), national_security_level=level("RV")
    )
    with pytest.raises(ValidationError) as raised:
        vacancy.full_clean(exclude=["rocu", "reference"])
    assert (
        "Choose a national security vetting level (CTC, SC or DV)"
        in (raised.value.message_dict["national_security_level"])
    )


def test_a_retired_national_security_level_stops_a_draft_being_published(lead, draft):
    sc = level("SC")
    sc.is_active = False
    sc.save()
    draft.national_security_level = sc
    draft.save()

    with pytest.raises(services.VacancyActionRefused) as refused:
        services.vacancy_publish(vacancy=draft, by=lead)

    assert refused.value.problems == [
        "Choose a national security vetting level that is still offered for new adverts"
    ]


def test_a_new_advert_cannot_be_published_with_a_national_security_level_alone(lead, draft):
    draft.vetting_level = level("DV")
    draft.save()

    with pytest.raises(services.VacancyActionRefused) as refused:
        services.vacancy_publish(vacancy=draft, by=lead)
    assert refused.value.problems == [
        "Choose the force vetting level the post needs (Recruitment or Management Vetting), "
        "and put national security vetting in its own field"
    ]

    draft.vetting_level = level("MV")
    draft.national_security_level = level("DV")
    draft.save()
    published = services.vacancy_publish(vacancy=draft, by=lead)
    assert [lvl.code for lvl in published.vetting_levels()] == ["MV", "DV"]
