"""Each ROCU's host force and vetting unit: filled by migration, kept up to date in the admin."""

import pytest

from accounts.models import PoliceForce, Rocu
from accounts.reference_data import HOST_FORCES
from tests.factories.accounts import national_hr
from tests.factories.vacancies import PublishedVacancyFactory
from tests.support.staff import login_staff
from vacancies.cache import public_pages_changed

pytestmark = pytest.mark.django_db


def test_every_rocu_has_a_host_force_it_covers_and_a_vetting_unit_name():
    rocus = Rocu.objects.select_related("host_force")

    assert {rocu.slug for rocu in rocus} == set(HOST_FORCES)
    for rocu in rocus:
        assert rocu.host_force.rocu_id == rocu.pk
        assert rocu.vetting_unit_name == f"{rocu.host_force.name} Vetting Unit"
        # No real unit address is known: candidates get the ROCU's own contact.
        assert rocu.vetting_unit_email == ""
        assert rocu.vetting_contact_email == rocu.contact_email


def rocu_form(rocu, **overrides):
    data = {
        "name": rocu.name,
        "short_name": rocu.short_name,
        "region": rocu.region,
        "contact_email": rocu.contact_email,
        "website": rocu.website,
        "host_force": rocu.host_force_id or "",
        "vetting_unit_name": rocu.vetting_unit_name,
        "vetting_unit_email": rocu.vetting_unit_email,
        "forces-TOTAL_FORMS": "0",
        "forces-INITIAL_FORMS": "0",
        "forces-MIN_NUM_FORMS": "0",
        "forces-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_national_hr_records_the_units_address_and_advert_pages_show_it_at_once(
    client, django_capture_on_commit_callbacks
):
    login_staff(client, national_hr())
    rocu = Rocu.objects.get(slug="zephyr")
    advert = PublishedVacancyFactory(rocu=rocu)
    public_pages_changed()
    assert (
        "vetting@avon-somerset"
        not in client.get(f"/vacancies/{advert.reference}/").content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/accounts/rocu/{rocu.pk}/change/",
            rocu_form(rocu, vetting_unit_email="vetting@avon-somerset.police.example"),
        )

    assert response.status_code == 302
    rocu.refresh_from_db()
    assert rocu.vetting_contact_email == "vetting@avon-somerset.police.example"
    # The cached advert page was made stale by the save.
    page = client.get(f"/vacancies/{advert.reference}/").content.decode()
    assert 'href="mailto:vetting@avon-somerset.police.example"' in page


def test_a_host_force_must_be_one_of_the_rocus_own_forces(client):
    login_staff(client, national_hr())
    rocu = Rocu.objects.get(slug="zephyr")
    other = PoliceForce.objects.get(name="Kent Police")

    page = client.get(f"/admin/accounts/rocu/{rocu.pk}/change/").content.decode()
    response = client.post(
        f"/admin/accounts/rocu/{rocu.pk}/change/", rocu_form(rocu, host_force=other.pk)
    )

    assert "Kent Police" not in page.split('name="host_force"', 1)[1].split("</select>", 1)[0]
    assert response.status_code == 200
    rocu.refresh_from_db()
    assert rocu.host_force.name == "Avon and Somerset Police"
