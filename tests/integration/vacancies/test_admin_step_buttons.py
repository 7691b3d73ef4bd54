"""Publish, close, archive and duplicate as buttons on the advert's own admin page.

Each button opens a confirmation page saying what will happen and every problem
that stops it; the POST (with CSRF) asks the service. Buttons follow the
VACANCY_WORKFLOW table for the user and the advert's status; another ROCU's
advert is a 404 on every step URL.
"""

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from tests.support.staff import login_staff
from vacancies.models import AuditAction, Vacancy, VacancyStatus
from vacancies.services import VACANCY_WORKFLOW

pytestmark = pytest.mark.django_db

STEPS = ("publish", "close", "archive", "duplicate")


def _url(vacancy, step=None):
    return f"/admin/vacancies/vacancy/{vacancy.pk}/{step or 'change'}/"


def _buttons(client, vacancy) -> set[str]:
    response = client.get(_url(vacancy))
    assert response.status_code == 200
    return {step for step in STEPS if f'href="{_url(vacancy, step)}"' in response.content.decode()}


def _with_location(vacancy):
    VacancyLocationFactory(vacancy=vacancy)
    return vacancy


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (VacancyStatus.DRAFT, {"publish", "archive", "duplicate"}),
        (VacancyStatus.PUBLISHED, {"close", "duplicate"}),
        (VacancyStatus.CLOSED, {"archive", "duplicate"}),
        (VacancyStatus.ARCHIVED, {"duplicate"}),
    ],
)
def test_a_lead_sees_the_steps_the_workflow_allows_at_each_status(
    client, lead, rocu, status, expected
):
    vacancy = _with_location(VacancyFactory(rocu=rocu, status=status))
    login_staff(client, lead)
    assert _buttons(client, vacancy) == expected
    # The same answer as the declared table, so the two cannot drift apart.
    assert expected - {"duplicate"} == {
        step for step, row in VACANCY_WORKFLOW.items() if status in row.sources
    }


def test_rocu_hr_sees_no_step_buttons_and_cannot_open_a_step_page(client, hr, rocu):
    vacancy = _with_location(PublishedVacancyFactory(rocu=rocu))
    login_staff(client, hr)
    assert _buttons(client, vacancy) == set()
    assert "Nothing: this advert is at the end" in client.get(_url(vacancy)).content.decode()
    for step in STEPS:
        assert client.get(_url(vacancy, step)).status_code == 403, step
        assert client.post(_url(vacancy, step), {"reason": "x"}).status_code == 403, step
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED
    assert Vacancy.objects.count() == 1


@pytest.mark.parametrize("step", STEPS)
def test_every_step_of_another_rocus_advert_is_not_found(client, lead, other_rocu, step):
    vacancy = _with_location(PublishedVacancyFactory(rocu=other_rocu))
    login_staff(client, lead)
    assert client.get(_url(vacancy, step)).status_code == 404
    assert client.post(_url(vacancy, step), {"reason": "Filled"}).status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED
    assert Vacancy.objects.count() == 1


def test_publish_confirmation_says_what_happens_then_publishes(client, lead, draft):
    login_staff(client, lead)
    page = client.get(_url(draft, "publish")).content.decode()
    assert "What will happen" in page
    assert "Mailing-list subscribers who chose this region, or anywhere, are emailed" in page
    assert 'value="Publish"' in page
    assert "csrfmiddlewaretoken" in page

    response = client.post(_url(draft, "publish"), follow=True)
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.PUBLISHED
    assert response.redirect_chain[-1][0] == _url(draft)
    assert f"Published: {draft.reference}" in response.content.decode()


def test_publishing_an_incomplete_draft_lists_every_problem_and_offers_no_button(
    client, lead, rocu
):
    incomplete = VacancyFactory(rocu=rocu, vetting_level=None, summary="", closing_at=None)
    login_staff(client, lead)
    page = client.get(_url(incomplete, "publish")).content.decode()
    assert "You cannot publish this advert yet" in page
    for problem in (
        "Choose the vetting level the post needs",
        "Enter a closing date and time",
        "Add at least one base location",
        "Enter a summary",
    ):
        assert problem in page
    assert 'value="Publish"' not in page
    # A POST anyway is refused by the service, with the same list.
    refused = client.post(_url(incomplete, "publish")).content.decode()
    assert "Add at least one base location" in refused
    assert "Enter a summary" in refused
    incomplete.refresh_from_db()
    assert incomplete.status == VacancyStatus.DRAFT


def test_closing_early_asks_the_reason_and_keeps_it_in_the_history(client, lead, rocu):
    vacancy = _with_location(PublishedVacancyFactory(rocu=rocu))
    login_staff(client, lead)
    page = client.get(_url(vacancy, "close")).content.decode()
    assert "Why are you closing it early?" in page
    assert "stops taking applications now" in page

    missing = client.post(_url(vacancy, "close"), {"reason": "  "})
    body = missing.content.decode()
    assert missing.status_code == 200
    assert "There is a problem" in body
    assert '<a href="#id_reason">Give the reason for closing the advert early</a>' in body
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED

    response = client.post(_url(vacancy, "close"), {"reason": "All posts filled"}, follow=True)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    assert vacancy.audit_entries.get(action=AuditAction.CLOSED).reason == "All posts filled"
    assert f"Closed: {vacancy.reference}" in response.content.decode()


def test_archive_a_closed_advert(client, lead, rocu):
    vacancy = _with_location(ClosedVacancyFactory(rocu=rocu))
    login_staff(client, lead)
    assert (
        "leaves the public pages for good" in client.get(_url(vacancy, "archive")).content.decode()
    )
    client.post(_url(vacancy, "archive"))
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.ARCHIVED


def test_duplicate_opens_the_new_draft(client, lead, rocu):
    vacancy = _with_location(ClosedVacancyFactory(rocu=rocu))
    login_staff(client, lead)
    response = client.post(_url(vacancy, "duplicate"), follow=True)
    copy = Vacancy.objects.exclude(pk=vacancy.pk).get()
    assert copy.status == VacancyStatus.DRAFT
    assert response.redirect_chain[-1][0] == _url(copy)
    assert f"New draft created: {copy.reference}" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED


def test_a_step_the_status_does_not_allow_goes_back_to_the_advert_and_changes_nothing(
    client, lead, draft
):
    login_staff(client, lead)
    response = client.post(_url(draft, "close"), {"reason": "Filled"}, follow=True)
    assert response.redirect_chain[-1][0] == _url(draft)
    assert "This advert is a draft, so it cannot be closed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.DRAFT


def test_a_step_is_refused_without_the_csrf_token(lead, draft):
    client = Client(enforce_csrf_checks=True)
    login_staff(client, lead)
    assert client.post(_url(draft, "publish")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.DRAFT


def test_a_step_page_opened_before_someone_else_moved_the_advert_says_so_not_a_500(
    client, lead, rocu
):
    vacancy = _with_location(PublishedVacancyFactory(rocu=rocu))
    login_staff(client, lead)
    assert client.get(_url(vacancy, "close")).status_code == 200
    # Meanwhile the advert is closed (by a colleague, or the expiry task).
    Vacancy.objects.filter(pk=vacancy.pk).update(
        status=VacancyStatus.CLOSED, closed_at=timezone.now()
    )
    response = client.post(_url(vacancy, "close"), {"reason": "Filled"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == _url(vacancy)
    assert "This advert is closed, so it cannot be closed" in response.content.decode()
    assert not vacancy.audit_entries.filter(action=AuditAction.CLOSED).exists()
