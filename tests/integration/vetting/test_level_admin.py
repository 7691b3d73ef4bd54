"""Vetting levels in the admin: National HR manage them, ROCU roles only read them.

A level a published advert needs cannot be deleted (a clear refusal, not the
admin's generic "protected objects" page), and changing the years of such a
live level needs a reason, kept in the level's history like an advert's changes.
"""

import pytest

from tests.factories.accounts import national_hr, rocu_hr, rocu_lead
from tests.factories.vacancies import PublishedVacancyFactory, VacancyFactory
from tests.support.staff import login_staff
from vacancies.models import VacancyStatus
from vetting import services
from vetting.models import VettingLevel, VettingLevelChange

pytestmark = pytest.mark.django_db

LEVELS = "/admin/vetting/vettinglevel/"


def change_url(level):
    return f"{LEVELS}{level.pk}/change/"


def level_form(level, **overrides):
    data = {
        "code": level.code,
        "name": level.name,
        "kind": level.kind,
        "required_residence_years": level.required_residence_years,
        "renewal_years": level.renewal_years or "",
        "family_of_exempt": level.family_of_exempt,
        "description": level.description,
        "source": level.source,
        "is_active": "on" if level.is_active else "",
        "change_reason": "",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("make_user", [lambda: rocu_hr("nersou"), lambda: rocu_lead("nersou")])
def test_rocu_roles_read_levels_but_cannot_change_add_or_delete_them(client, make_user):
    login_staff(client, make_user())
    sc = VettingLevel.objects.get(code="SC")

    listing = client.get(LEVELS)
    assert listing.status_code == 200
    assert "Security Check" in listing.content.decode()
    page = client.get(change_url(sc))
    assert page.status_code == 200
    assert 'name="required_residence_years"' not in page.content.decode()  # read-only view
    assert (
        client.post(change_url(sc), level_form(sc, required_residence_years=7)).status_code == 403
    )
    assert client.get(f"{LEVELS}add/").status_code == 403
    assert client.post(f"{LEVELS}{sc.pk}/delete/", {"post": "yes"}).status_code == 403
    sc.refresh_from_db()
    assert sc.required_residence_years == 5


def test_national_hr_adds_a_level_with_its_kind_and_source(client):
    login_staff(client, national_hr())

    response = client.post(
        f"{LEVELS}add/",
        {
            **level_form(VettingLevel(code="NPPV3", name="Non-Police Personnel Vetting 3")),
            "kind": "force",
            "required_residence_years": "5",
            "family_of_exempt": "review",
            "description": "For contractors with unsupervised access.",
            "source": "College of Policing Vetting APP",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    level = VettingLevel.objects.get(code="NPPV3")
    assert (level.kind, level.required_residence_years) == ("force", 5)


def test_changing_years_of_a_live_level_without_a_reason_is_a_form_error(client):
    national = national_hr()
    login_staff(client, national)
    sc = VettingLevel.objects.get(code="SC")
    advert = PublishedVacancyFactory(
        vetting_level=VettingLevel.objects.get(code="MV"), national_security_level=sc
    )

    refused = client.post(change_url(sc), level_form(sc, required_residence_years=6))

    assert refused.status_code == 200
    assert "Give a reason for changing the years: published adverts name this level" in (
        refused.content.decode()
    )
    sc.refresh_from_db()
    assert sc.required_residence_years == 5

    saved = client.post(
        change_url(sc),
        level_form(sc, required_residence_years=6, change_reason="UKSV guidance changed"),
    )

    assert saved.status_code == 302
    sc.refresh_from_db()
    assert sc.required_residence_years == 6
    change = VettingLevelChange.objects.get(level=sc)
    assert (change.field, change.old_value, change.new_value) == (
        "required_residence_years",
        "5",
        "6",
    )
    assert (change.reason, change.was_live, change.by) == ("UKSV guidance changed", True, national)
    # The history is on the level's page.
    assert "UKSV guidance changed" in client.get(change_url(sc)).content.decode()
    assert advert.reference


def test_changing_years_of_a_level_no_published_advert_needs_is_recorded_without_reason(client):
    national = national_hr()
    ctc = VettingLevel.objects.get(code="CTC")
    VacancyFactory(status=VacancyStatus.DRAFT, vetting_level=ctc)

    ctc.renewal_years = 10
    services.vetting_level_save(level=ctc, by=national)

    change = VettingLevelChange.objects.get(level=ctc)
    assert (change.field, change.old_value, change.new_value, change.was_live) == (
        "renewal_years",
        "",
        "10",
        False,
    )


def test_the_service_refuses_a_live_change_without_reason_even_past_the_form():
    mv = VettingLevel.objects.get(code="MV")
    PublishedVacancyFactory(vetting_level=mv)
    mv.required_residence_years = 6

    with pytest.raises(services.VettingLevelActionRefused, match="Give a reason"):
        services.vetting_level_save(level=mv, by=national_hr())

    assert VettingLevel.objects.get(code="MV").required_residence_years == 5


def test_a_level_a_published_advert_needs_cannot_be_deleted_and_the_page_says_why(client):
    login_staff(client, national_hr())
    sc = VettingLevel.objects.get(code="SC")
    advert = PublishedVacancyFactory(
        vetting_level=VettingLevel.objects.get(code="MV"), national_security_level=sc
    )

    response = client.post(f"{LEVELS}{sc.pk}/delete/", {"post": "yes"}, follow=True)

    assert VettingLevel.objects.filter(code="SC").exists()
    body = response.content.decode()
    assert (
        f"Security Check cannot be deleted because published adverts need it: {advert.reference}"
    ) in body
    assert "untick “Offered for new adverts”" in body


def test_a_level_only_old_adverts_name_is_refused_too_and_retiring_is_suggested(client):
    login_staff(client, national_hr())
    rv = VettingLevel.objects.get(code="RV")
    closed = VacancyFactory(status=VacancyStatus.CLOSED, vetting_level=rv)

    response = client.get(f"{LEVELS}{rv.pk}/delete/", follow=True)

    assert f"other adverts name it: {closed.reference}" in response.content.decode()
    assert VettingLevel.objects.filter(code="RV").exists()


def test_an_unused_level_is_deleted_by_national_hr(client):
    login_staff(client, national_hr())
    ctc = VettingLevel.objects.get(code="CTC")

    response = client.post(f"{LEVELS}{ctc.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not VettingLevel.objects.filter(code="CTC").exists()


def test_the_level_list_reads_in_constant_queries(client, django_assert_max_num_queries):
    login_staff(client, national_hr())
    with django_assert_max_num_queries(12):
        few = client.get(LEVELS)
    for number in range(30):
        VettingLevel.objects.create(
            code=f"X{number}",
            name=f"Extra {number}",
            required_residence_years=1,
            description="x",
            source="test",
        )
    with django_assert_max_num_queries(12):
        many = client.get(LEVELS)
    assert few.status_code == many.status_code == 200
    assert "Extra 29" in many.content.decode()
