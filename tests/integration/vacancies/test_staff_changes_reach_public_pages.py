"""The seam between the two sides: a publish, edit, close or archive made through
vacancies.services is on the cached public pages as soon as it commits."""

import datetime

import pytest
from django.utils import timezone

from tests.factories.vacancies import VacancyFactory, VacancyLocationFactory
from tests.integration.vacancies.public_fixtures import fresh_public_cache  # noqa: F401
from vacancies import services
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db


def test_each_staff_change_is_visible_on_the_public_pages_at_once(
    client, lead, rocu, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(rocu=rocu, title="Researcher, Durham")
    VacancyLocationFactory(vacancy=vacancy)
    detail = f"/vacancies/{vacancy.reference}/"
    # Prime the cache with the pages as they are before each change.
    assert "Researcher, Durham" not in client.get("/vacancies/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=vacancy, by=lead)
    assert "Researcher, Durham" in client.get("/vacancies/").content.decode()
    assert client.get(detail).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_update(vacancy=vacancy, by=lead, title="Researcher, Sunderland")
    assert "Researcher, Sunderland" in client.get("/vacancies/").content.decode()
    assert "Researcher, Sunderland" in client.get(detail).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_update(
            vacancy=vacancy,
            by=lead,
            vetting_level=VettingLevel.objects.get(code="DV"),
            closing_at=timezone.now() + datetime.timedelta(days=40),
            reason="Post needs DV; more time to apply",
        )
    assert "Developed Vetting" in client.get(detail).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_close(vacancy=vacancy, by=lead, reason="Posts filled")
    assert "Researcher, Sunderland" not in client.get("/vacancies/").content.decode()
    assert "This vacancy has closed" in client.get(detail).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_archive(vacancy=vacancy, by=lead)
    assert client.get(detail).status_code == 404
