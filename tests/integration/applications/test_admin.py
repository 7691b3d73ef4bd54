"""The staff view: ROCU-scoped, read-only, with the residence assessment, escaped,
and never the equality monitoring answers."""

import pytest
from django.utils import timezone

from applications import services
from applications.sections import Section
from tests.factories.accounts import national_hr, rocu_hr
from tests.factories.applications import complete_application, make_candidate, open_vacancy
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(rocu):
    application = complete_application(make_candidate(), open_vacancy(rocu=rocu))
    services.application_section_save(
        application=application,
        section=Section.PERSONAL,
        full_name="<script>alert('x')</script>",
    )
    services.application_equality_save(
        application=application, answers={"ethnicity": "white_roma", "religion": "sikh"}
    )
    return services.application_submit(application=application, at=timezone.now())


def test_rocu_hr_sees_their_rocus_applications_with_the_assessment_escaped(client, submitted):
    login_staff(client, rocu_hr("nersou"))
    listing = client.get("/admin/applications/application/")
    assert listing.status_code == 200
    assert submitted.reference in listing.content.decode()
    page = client.get(f"/admin/applications/application/{submitted.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Eligible" in body and "No reasons: a fully UK window" in body
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;" in body
    assert "white_roma" not in body and "sikh" not in body.lower()
    assert "I spotted a pattern in supplier payments" in body


def test_another_rocus_staff_get_a_404_and_an_empty_list(client, submitted):
    login_staff(client, rocu_hr("emsou"))
    assert (
        submitted.reference not in client.get("/admin/applications/application/").content.decode()
    )
    assert client.get(f"/admin/applications/application/{submitted.pk}/change/").status_code == 404


def test_national_hr_sees_every_rocu_but_cannot_change_anything(client, submitted):
    login_staff(client, national_hr())
    url = f"/admin/applications/application/{submitted.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"full_name": "Changed"})
    submitted.refresh_from_db()
    assert submitted.full_name != "Changed"
    assert client.get("/admin/applications/equalitymonitoring/").status_code == 404


def test_drafts_are_not_listed(client, rocu):
    draft = complete_application(make_candidate("d@example.com"), open_vacancy(rocu=rocu))
    login_staff(client, national_hr())
    assert client.get(f"/admin/applications/application/{draft.pk}/change/").status_code == 404
