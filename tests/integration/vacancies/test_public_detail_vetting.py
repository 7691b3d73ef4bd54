"""The advert page's vetting section: two requirements, the stricter window, the vetting unit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rocu
from tests.integration.vacancies.public_fixtures import (  # noqa: F401 - fixtures
    fresh_public_cache,
    open_vacancy,
)
from vacancies.cache import public_pages_changed
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db


def levels(*codes):
    return [VettingLevel.objects.get(code=code) for code in codes]


def test_an_mv_plus_sc_advert_names_both_and_the_shared_window(client):
    mv, sc = levels("MV", "SC")
    vacancy = open_vacancy(vetting_level=mv, national_security_level=sc)

    body = client.get(f"/vacancies/{vacancy.reference}/").content.decode()

    assert (
        "This post needs <strong>Management Vetting (MV)</strong> and "
        "<strong>Security Check (SC)</strong>."
    ) in body
    assert (
        "You need Management Vetting and Security Check. Both need 5 years&#x27; UK residence."
    ) in body
    assert "You must have lived in the UK for the last 5 years, unless" in body
    assert "More about Management Vetting" in body and "More about Security Check" in body
    assert "Management Vetting (MV) and Security Check (SC)</dd>" in body


def test_an_rv_plus_dv_advert_explains_the_longer_window(client):
    rv, dv = levels("RV", "DV")
    vacancy = open_vacancy(vetting_level=rv, national_security_level=dv)

    body = client.get(f"/vacancies/{vacancy.reference}/").content.decode()

    assert "so you need 10 years&#x27; UK residence." in body
    assert "You must have lived in the UK for the last 10 years, unless" in body


def test_the_advert_names_the_host_forces_vetting_unit_and_its_contact(client):
    rocu = Rocu.objects.get(slug="rocuwm")
    rocu.vetting_unit_email = "vetting@west-midlands.police.example"
    rocu.save()
    vacancy = open_vacancy(rocu=rocu)

    body = client.get(f"/vacancies/{vacancy.reference}/").content.decode()

    assert "Vetting is carried out by the West Midlands Police Vetting Unit" in body
    assert 'href="mailto:vetting@west-midlands.police.example"' in body


def test_without_a_unit_address_the_rocus_own_contact_is_given(client):
    rocu = Rocu.objects.get(slug="serocu")
    vacancy = open_vacancy(rocu=rocu)

    body = client.get(f"/vacancies/{vacancy.reference}/").content.decode()

    assert "Thames Valley Police Vetting Unit" in body
    assert f'href="mailto:{rocu.contact_email}"' in body


def test_the_list_names_both_levels_and_filtering_by_sc_finds_the_combined_advert(client):
    mv, sc = levels("MV", "SC")
    combined = open_vacancy(vetting_level=mv, national_security_level=sc)
    mv_only = open_vacancy(vetting_level=mv)

    body = client.get("/vacancies/", {"level": "SC"}).content.decode()

    assert combined.reference in body or combined.title in body
    assert mv_only.title not in body
    assert "Management Vetting and Security Check" in body


def test_the_advert_and_list_pages_read_in_constant_queries(client):
    mv, sc = levels("MV", "SC")
    first = open_vacancy(vetting_level=mv, national_security_level=sc)
    public_pages_changed()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/vacancies/{first.reference}/")
        client.get("/vacancies/")
    for _ in range(15):
        open_vacancy(vetting_level=mv, national_security_level=sc)
    second = open_vacancy(vetting_level=mv, national_security_level=sc)
    public_pages_changed()  # factories write rows directly: no cache bump of their own
    with CaptureQueriesContext(connection) as many:
        client.get(f"/vacancies/{second.reference}/")
        client.get("/vacancies/")

    assert len(many) == len(few)
    assert len(few) > 2  # the pages were rendered, not served from the cache
