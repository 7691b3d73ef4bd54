"""Factories for adverts. Every field has a sensible default, so other apps' tests
can say only what they care about: ``VacancyFactory(rocu=..., status=PUBLISHED)``.

``published_at`` and ``closed_at`` follow ``status`` unless given, so that the
database constraints (a published advert has published_at; a closed one has
closed_at) hold whatever status a test asks for. Factories write rows directly;
tests of the life cycle itself go through ``vacancies.services``.
"""

import datetime

import factory
from django.utils import timezone

from accounts.models import Rocu
from vacancies.models import (
    ContractType,
    FocusArea,
    Vacancy,
    VacancyLocation,
    VacancyStatus,
    WorkingPattern,
)
from vetting.models import VettingLevel


def _published_at(vacancy):
    if vacancy.status == VacancyStatus.DRAFT:
        return None
    return timezone.now()


def _closed_at(vacancy):
    if vacancy.status in (VacancyStatus.CLOSED, VacancyStatus.ARCHIVED):
        return timezone.now()
    return None


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    rocu = factory.LazyFunction(lambda: Rocu.objects.get(slug="nersou"))
    reference = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"Intelligence Researcher {n}")
    status = VacancyStatus.DRAFT
    vetting_level = factory.LazyFunction(lambda: VettingLevel.objects.get(code="MV"))
    closing_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=21))
    published_at = factory.LazyAttribute(_published_at)
    closed_at = factory.LazyAttribute(_closed_at)
    summary = "Find and analyse intelligence on organised exploitation in the region."
    description = (
        "You will work in a team of analysts and investigators, turning information "
        "into intelligence that protects vulnerable people."
    )
    role_involves = "- researching people and networks\n- writing intelligence reports"
    selection_process = "An assessment exercise, then a competency-based interview."
    focus_areas = factory.LazyFunction(
        lambda: [FocusArea.MODERN_SLAVERY.value, FocusArea.COUNTY_LINES.value]
    )
    number_of_posts = 2
    salary_min = 28000
    salary_max = 32000
    working_pattern = WorkingPattern.FULL_TIME
    contract_type = ContractType.PERMANENT
    fixed_term_ends_on = None
    start_window_from = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )
    start_window_to = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=120)
    )
    contact_email = factory.LazyAttribute(lambda vacancy: vacancy.rocu.contact_email)


class PublishedVacancyFactory(VacancyFactory):
    status = VacancyStatus.PUBLISHED


class ClosedVacancyFactory(VacancyFactory):
    status = VacancyStatus.CLOSED
    closing_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class VacancyLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancyLocation

    vacancy = factory.SubFactory(VacancyFactory)
    town = "Newcastle upon Tyne"
    postcode = "NE1 4AA"
