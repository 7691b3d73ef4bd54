"""Demo adverts across several ROCUs, both vetting levels, and each life-cycle state.

Made through ``vacancies.services`` as National HR (the demo user from
``accounts.demo``, which runs first), so the audit trail and the
``vacancy_published`` event are exactly what real use produces. Idempotent: an
advert is identified by its ROCU and title, and skipped if it exists.
"""

import datetime

from django.utils import timezone

from accounts.models import Rocu, User
from vetting.models import VettingLevel

from . import services
from .models import (
    AdvertQuestion,
    Competency,
    ContractType,
    FocusArea,
    Vacancy,
    VacancyStatus,
    WorkingPattern,
)

_SUMMARY = (
    "Turn information into intelligence that protects people from organised "
    "exploitation across {region}."
)
_DESCRIPTION = """You will join the Tackling Organised Exploitation (TOEX) team at {rocu}.

Working alongside analysts, investigators and partner agencies, you will research
people, places and networks, and write intelligence that leads to safeguarding and
arrests.

No policing background is needed: we value curiosity, care and clear writing."""
_ROLE = """- research people, vehicles, phones and money flows using open and closed sources
- write intelligence reports and briefings for investigators
- share intelligence with police forces and partner agencies
- keep accurate records that could be used in court"""
_SELECTION = (
    "An online assessment exercise, then a competency-based interview (in person or by video)."
)

# (ROCU slug, title, vetting level, final status, towns, extra fields)
DEMO_ADVERTS = (
    (
        "nersou",
        "Intelligence Researcher (TOEX)",
        "MV",
        VacancyStatus.PUBLISHED,
        (("Newcastle upon Tyne", "NE1 4AA"), ("Middlesbrough", "TS1 2AA")),
        {
            "number_of_posts": 3,
            "contract_type": ContractType.FIXED_TERM,
            "fixed_term_ends_on": datetime.date(2028, 3, 31),
        },
    ),
    (
        "nersou",
        "Senior Intelligence Researcher (TOEX)",
        "DV",
        VacancyStatus.DRAFT,
        (("Newcastle upon Tyne", "NE1 4AA"),),
        {"salary_min": 33000, "salary_max": 38000},
    ),
    (
        "emsou",
        "Intelligence Researcher — county lines",
        "MV",
        VacancyStatus.PUBLISHED,
        (("Nottingham", "NG1 1AA"),),
        {
            "focus_areas": [FocusArea.COUNTY_LINES.value, FocusArea.CHILD_SEXUAL_EXPLOITATION],
            "national_security_level": "DV",
        },
    ),
    (
        "emsou",
        "Intelligence Researcher (autumn round)",
        "MV",
        VacancyStatus.CLOSED,
        (("Leicester", "LE1 1AA"),),
        {},
    ),
    (
        "titan",
        "Intelligence Researcher — modern slavery",
        "MV",
        VacancyStatus.PUBLISHED,
        (("Manchester", "M1 1AA"), ("Liverpool", "L1 1AA")),
        {"working_pattern": WorkingPattern.PART_TIME, "number_of_posts": 2},
    ),
    (
        "serocu",
        "Intelligence Researcher — organised immigration crime",
        "RV",
        VacancyStatus.PUBLISHED,
        (("Reading", "RG1 1AA"),),
        {
            "national_security_level": "CTC",
            "focus_areas": [
                FocusArea.ORGANISED_IMMIGRATION_CRIME.value,
                FocusArea.HUMAN_TRAFFICKING.value,
            ],
            "working_pattern": WorkingPattern.FLEXIBLE,
        },
    ),
    (
        "rocuwm",
        "Intelligence Researcher — MV / SC designated post",
        "MV",
        VacancyStatus.PUBLISHED,
        (("Birmingham", "B1 1AA"),),
        # Two requirements on one advert: a force level plus a national-security level.
        {"national_security_level": "SC"},
    ),
)


def seed(*, write) -> None:
    by = User.objects.get(username="national.hr")
    now = timezone.now()
    today = timezone.localdate(now)
    levels = {level.code: level for level in VettingLevel.objects.all()}
    created = 0
    for slug, title, level_code, status, towns, extra in DEMO_ADVERTS:
        rocu = Rocu.objects.get(slug=slug)
        if Vacancy.objects.filter(rocu=rocu, title=title).exists():
            continue
        fields = {
            "title": title,
            "vetting_level": levels[level_code],
            # 11:59pm UK time, four weeks ahead: the time UK adverts usually close.
            "closing_at": timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=28), datetime.time(23, 59)
                )
            ),
            "summary": _SUMMARY.format(region=rocu.get_region_display()),
            "description": _DESCRIPTION.format(rocu=rocu.name),
            "role_involves": _ROLE,
            "selection_process": _SELECTION,
            "focus_areas": [FocusArea.MODERN_SLAVERY.value, FocusArea.HUMAN_TRAFFICKING.value],
            "number_of_posts": 1,
            "salary_min": 28500,
            "salary_max": 32700,
            "start_window_from": today + datetime.timedelta(days=90),
            "start_window_to": today + datetime.timedelta(days=150),
            **extra,
        }
        if "national_security_level" in extra:
            fields["national_security_level"] = levels[extra["national_security_level"]]
        vacancy = services.vacancy_create(
            by=by,
            rocu=rocu,
            locations=[{"town": town, "postcode": postcode} for town, postcode in towns],
            **fields,
        )
        if status in (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED):
            services.vacancy_publish(vacancy=vacancy, by=by)
        if status == VacancyStatus.CLOSED:
            services.vacancy_close(vacancy=vacancy, by=by, reason="Enough applications")
        created += 1
    write(f"Demo adverts: {created} created, {len(DEMO_ADVERTS) - created} already there.")
    _seed_questions()


# Two competency questions on every published demo advert (the ROCU lead's job in the admin).
_DEMO_QUESTIONS = (
    (
        Competency.ANALYSE_CRITICALLY,
        "Tell us about a time you found something important in a large amount of "
        "information. What did you do, and what happened as a result?",
        250,
    ),
    (
        Competency.EMOTIONALLY_AWARE,
        "Tell us about a time you changed how you worked with someone because of how "
        "they were feeling. What did you notice, and what did you do?",
        250,
    ),
)


def _seed_questions() -> None:
    for vacancy in Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, questions__isnull=True):
        AdvertQuestion.objects.bulk_create(
            AdvertQuestion(
                vacancy=vacancy,
                position=position,
                competency=competency,
                question=question,
                word_limit=word_limit,
            )
            for position, (competency, question, word_limit) in enumerate(_DEMO_QUESTIONS, 1)
        )
