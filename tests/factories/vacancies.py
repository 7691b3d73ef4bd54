"""Factories for adverts. Every field has a sensible default, so other apps' tests
can say only what they care about: ``VacancyFactory(rocu=..., status=PUBLISHED)``.
"""

import datetime

import factory
from django.utils import timezone

from accounts.models import Rocu
from vacancies.models import Vacancy, VacancyStatus
from vetting.models import VettingLevel


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    rocu = factory.LazyFunction(lambda: Rocu.objects.get(slug="nersou"))
    reference = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"Intelligence Researcher {n}")
    vetting_level = factory.LazyFunction(lambda: VettingLevel.objects.get(code="MV"))
    closing_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=21))


class PublishedVacancyFactory(VacancyFactory):
    status = VacancyStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
