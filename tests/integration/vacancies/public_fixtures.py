"""Fixtures and helpers for the public vacancy page tests (imported by those modules)."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from accounts.models import Rocu
from tests.factories.vacancies import PublishedVacancyFactory, VacancyLocationFactory
from vacancies.cache import public_pages_changed
from vacancies.models import Vacancy, VacancyLocation
from vetting.models import VettingLevel

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def fresh_public_cache(db):
    """Each test starts with no cached public page (a version bump, not a Redis flush,
    so other runs sharing the Redis database are untouched)."""
    public_pages_changed()
    yield
    public_pages_changed()


def json_ld(response) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def open_vacancy(**fields) -> Vacancy:
    vacancy = PublishedVacancyFactory(**fields)
    VacancyLocationFactory(vacancy=vacancy)
    return vacancy


def bulk_open_vacancies(count: int, **fields) -> None:
    """``count`` open adverts with a location each, in a few queries."""
    now = timezone.now()
    # Looked up once, not by the factory once per advert (1,000 queries for 500).
    fields.setdefault("rocu", Rocu.objects.get(slug="nersou"))
    fields.setdefault("vetting_level", VettingLevel.objects.get(code="MV"))
    built = [
        PublishedVacancyFactory.build(
            closing_at=now + datetime.timedelta(days=1, minutes=index), **fields
        )
        for index in range(count)
    ]
    vacancies = Vacancy.objects.bulk_create(built)
    VacancyLocation.objects.bulk_create(
        VacancyLocation(vacancy=vacancy, town="Leeds", postcode="LS1 1AA") for vacancy in vacancies
    )
