"""The advert's own invariants hold in the database, whatever code writes the row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from vacancies.models import AuditAction, ContractType, VacancyAuditEntry, VacancyStatus

pytestmark = pytest.mark.django_db


def test_factories_build_valid_adverts_in_every_status():
    for vacancy in (
        VacancyFactory(),
        PublishedVacancyFactory(),
        ClosedVacancyFactory(),
        VacancyFactory(status=VacancyStatus.PUBLISHED),
        VacancyFactory(status=VacancyStatus.ARCHIVED),
    ):
        vacancy.full_clean()
    location = VacancyLocationFactory()
    assert location.vacancy.locations.get() == location


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"salary_min": 30000, "salary_max": 29999}, "vacancy_salary_max_gte_min"),
        ({"contract_type": ContractType.FIXED_TERM}, "vacancy_fixed_term_has_end_date"),
        ({"number_of_posts": 0}, "vacancy_posts_at_least_one"),
        ({"reference": ""}, "vacancy_reference_not_empty"),
        (
            {
                "start_window_from": datetime.date(2027, 2, 1),
                "start_window_to": datetime.date(2027, 1, 1),
            },
            "vacancy_start_window_ordered",
        ),
        (
            {"status": VacancyStatus.PUBLISHED, "vetting_level": None},
            "vacancy_published_is_complete",
        ),
        (
            {"status": VacancyStatus.CLOSED, "closed_at": None},
            "vacancy_closed_has_closed_at",
        ),
    ],
)
def test_the_database_refuses_an_impossible_advert(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        VacancyFactory(**fields)


def test_clean_explains_each_problem_by_field():
    vacancy = VacancyFactory.build(
        salary_min=30000,
        salary_max=20000,
        contract_type=ContractType.FIXED_TERM,
        focus_areas=["knitting"],
    )
    with pytest.raises(ValidationError) as caught:
        vacancy.clean()
    assert set(caught.value.message_dict) == {"salary_max", "fixed_term_ends_on", "focus_areas"}


def test_a_vetting_or_closing_change_cannot_be_recorded_without_a_reason():
    vacancy = PublishedVacancyFactory()
    for action in (AuditAction.VETTING_LEVEL_CHANGED, AuditAction.CLOSING_DATE_CHANGED):
        with pytest.raises(IntegrityError, match="reason_required"), transaction.atomic():
            VacancyAuditEntry.objects.create(
                vacancy=vacancy, action=action, at=vacancy.published_at
            )
