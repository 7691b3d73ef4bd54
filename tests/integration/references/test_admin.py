"""HR read and mark references from the application's change page; ROCU-scoped;
pages run a fixed number of queries however many requests there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from references import services
from references.models import ReferenceRequest
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead
from tests.factories.applications import sign_in
from tests.support.references import EXAMPLE_ANSWERS, application_at_checks
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return rocu_hr("nersou", first_name="Hana", last_name="Reid")


@pytest.fixture
def application(hr):
    return application_at_checks(hr)


def _change(application):
    return f"/admin/applications/application/{application.pk}/change/"


def _assess(reference):
    return f"/admin/references/referencerequest/{reference.pk}/assess/"


def test_hr_read_a_reference_and_mark_it_from_the_change_page(client, hr, application):
    first, second = ReferenceRequest.objects.filter(application=application)
    services.reference_submit(
        token_key=first.token_key, answers={**EXAMPLE_ANSWERS, "comments": "Very reliable"}
    )
    login_staff(client, hr)
    panel = client.get(_change(application)).content.decode()
    assert "References" in panel and first.referee_email in panel and second.referee_email in panel
    assert panel.count("Read and mark") == 1 and _assess(first) in panel

    page = client.get(_assess(first)).content.decode()
    assert "Very reliable" in page and "Operations manager" in page
    assert '<th scope="row">Known</th><td>March 2021</td>' in page  # GOV.UK style
    assert "Is the reference satisfactory?" in page

    refused = client.post(_assess(first), {"outcome": "not_satisfactory", "note": ""})
    assert "Say why the reference is not satisfactory" in refused.content.decode()
    done = client.post(_assess(first), {"outcome": "satisfactory", "note": "Checked by phone"})
    assert done.status_code == 302 and done["Location"] == _change(application)
    first.refresh_from_db()
    assert (first.satisfactory, first.assessed_by, first.assessment_note) == (
        True,
        hr,
        "Checked by phone",
    )
    panel = client.get(_change(application)).content.decode()
    assert "Satisfactory" in panel and "Hana Reid" in panel and "Read and mark" not in panel
    # Marked once: the form is gone, and a replayed post changes nothing.
    assert "Is the reference satisfactory?" not in client.get(_assess(first)).content.decode()
    client.post(_assess(first), {"outcome": "not_satisfactory", "note": "x"})
    first.refresh_from_db()
    assert first.satisfactory is True


def test_a_reference_not_yet_received_cannot_be_marked(client, hr, application):
    reference = ReferenceRequest.objects.filter(application=application).first()
    login_staff(client, hr)
    page = client.get(_assess(reference)).content.decode()
    assert "The referee has not replied" in page and "Record the mark" not in page
    client.post(_assess(reference), {"outcome": "satisfactory"})
    reference.refresh_from_db()
    assert reference.satisfactory is None


def test_another_rocus_hr_get_a_404_and_a_lead_sees_no_references(client, hr, application):
    reference = ReferenceRequest.objects.filter(application=application).first()
    login_staff(client, rocu_hr("emsou"))
    assert client.get(_assess(reference)).status_code == 404
    assert client.post(_assess(reference), {"outcome": "satisfactory"}).status_code == 404
    client.logout()
    lead = rocu_lead("nersou")
    login_staff(client, lead)
    page = client.get(_change(application)).content.decode()
    assert "references-heading" not in page
    assert client.get(_assess(reference)).status_code == 403
    client.logout()
    login_staff(client, national_hr())
    assert client.get(_assess(reference)).status_code == 200


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _replace_many(application, count):
    """``count`` more requests in the history (bounced, then replaced)."""
    current = ReferenceRequest.objects.filter(application=application).first()
    for number in range(count):
        ReferenceRequest.objects.filter(pk=current.pk).update(status="bounced")
        current.refresh_from_db()
        current = services.reference_replace(
            reference=current,
            candidate=application.candidate,
            name=f"Replacement {number}",
            email=f"replacement{number}@example.com",
            organisation="Org",
            relationship="Manager",
        )


def test_the_change_page_and_the_candidate_page_do_not_grow_with_the_history(
    client, hr, django_assert_max_num_queries
):
    small = application_at_checks(hr, email="small@example.com")
    large = application_at_checks(hr, email="large@example.com")
    _replace_many(large, 20)
    assert ReferenceRequest.objects.filter(application=large).count() == 22

    login_staff(client, hr)
    small_count = _count(client, _change(small))
    with django_assert_max_num_queries(small_count):
        body = client.get(_change(large)).content.decode()
    assert "replacement19@example.com" in body
    client.logout()

    sign_in(client, small.candidate)
    small_count = _count(client, f"/your-applications/{small.pk}/")
    sign_in(client, large.candidate)
    with django_assert_max_num_queries(small_count):
        body = client.get(f"/your-applications/{large.pk}/").content.decode()
    assert "Replacement 19" in body and "Replacement 18" not in body


def test_the_references_list_shows_own_rocu_only_in_constant_queries(
    client, hr, django_assert_max_num_queries
):
    from accounts.models import Rocu
    from tests.factories.applications import open_vacancy

    ours = application_at_checks(hr, email="ours@example.com")
    theirs = application_at_checks(
        rocu_hr("emsou"),
        email="theirs@example.com",
        vacancy=open_vacancy(rocu=Rocu.objects.get(slug="emsou")),
    )
    login_staff(client, hr)
    url = "/admin/references/referencerequest/"
    small_count = _count(client, url)
    _replace_many(ours, 15)
    with django_assert_max_num_queries(small_count):
        body = client.get(url).content.decode()
    assert ours.reference in body and theirs.reference not in body
    assert "Replacement 14" in body
