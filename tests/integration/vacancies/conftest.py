"""Fixtures for the vacancies tests: staff in each role, and a complete draft."""

import datetime

import pytest
from django.utils import timezone

from tests.factories.accounts import national_hr, rocu_hr, rocu_lead
from tests.factories.vacancies import VacancyFactory, VacancyLocationFactory


@pytest.fixture
def lead(db):
    return rocu_lead("nersou")


@pytest.fixture
def other_lead(db):
    return rocu_lead("emsou")


@pytest.fixture
def hr(db):
    return rocu_hr("nersou")


@pytest.fixture
def national(db):
    return national_hr()


@pytest.fixture
def draft(db, rocu):
    """A draft that is ready to publish."""
    vacancy = VacancyFactory(
        rocu=rocu,
        reference="NERSOU-2026-9001",
        closing_at=timezone.now() + datetime.timedelta(days=14),
    )
    VacancyLocationFactory(vacancy=vacancy)
    return vacancy
