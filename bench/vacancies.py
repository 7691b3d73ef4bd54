"""Bench data for the public vacancy pages: 500 open adverts across every ROCU and level.

Rows are written directly (bulk_create), not through the staff services: the
bench measures reading, and the data only has to look like real adverts.
Returns the pages to load: the list, a filtered list and one advert.
"""

import datetime

from django.utils import timezone

ADVERTS = 500

DESCRIPTION = (
    "You will support Intelligence Analysts and Officers by researching people, "
    "telephone numbers and vehicles on police and partner systems.\n\n"
    "- research organised crime groups\n- write clear intelligence reports\n"
    "- work with colleagues across the region"
)


def prepare() -> list[tuple[str, str]]:
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

    now = timezone.now()
    rocus = list(Rocu.objects.order_by("slug"))
    levels = list(VettingLevel.objects.order_by("code"))
    vacancies = Vacancy.objects.bulk_create(
        Vacancy(
            rocu=rocus[index % len(rocus)],
            reference=f"BENCH-{index:05d}",
            title=f"Intelligence Researcher {index}",
            status=VacancyStatus.PUBLISHED,
            vetting_level=levels[index % len(levels)],
            published_at=now - datetime.timedelta(hours=index),
            closing_at=now + datetime.timedelta(days=7, hours=index),
            summary="Research organised exploitation to protect vulnerable people.",
            description=DESCRIPTION,
            role_involves=DESCRIPTION,
            selection_process="An assessment exercise, then a competency-based interview.",
            focus_areas=[FocusArea.MODERN_SLAVERY.value, FocusArea.COUNTY_LINES.value],
            number_of_posts=2,
            salary_min=24000,
            salary_max=27000,
            working_pattern=WorkingPattern.FULL_TIME,
            contract_type=ContractType.FIXED_TERM,
            fixed_term_ends_on=datetime.date(2027, 3, 31),
            contact_email="toex-recruitment@bench.rocu.example",
        )
        for index in range(ADVERTS)
    )
    VacancyLocation.objects.bulk_create(
        VacancyLocation(vacancy=vacancy, town="Leeds", postcode="LS1 1AA") for vacancy in vacancies
    )
    filtered_rocu = rocus[0].slug
    return [
        ("vacancies list /vacancies/ (500 open)", "/vacancies/"),
        (
            "vacancies filtered list",
            f"/vacancies/?rocu={filtered_rocu}&level={levels[0].code}&sort=newest",
        ),
        ("vacancy advert /vacancies/<ref>/", f"/vacancies/{vacancies[250].reference}/"),
        ("Atom feed /vacancies/feed/", "/vacancies/feed/"),
        ("sitemap.xml", "/sitemap.xml"),
    ]
