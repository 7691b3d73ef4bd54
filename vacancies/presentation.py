"""How an advert's facts are said on the public pages, as UK readers expect them.

Pure functions of a vacancy (no queries beyond what the selectors prefetched),
shared by the templates (through ``templatetags/vacancies_public.py``), the
JSON-LD and the Atom feed so that every place says the same thing.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.urls import Resolver404, resolve

from vetting import wording
from vetting.requirements import LevelFacts, Requirements, requirements_for

UK_TIME_ZONE = ZoneInfo("Europe/London")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def uk_date(value: datetime.date | datetime.datetime | None) -> str:
    """ "14 March 2022" (a datetime is first turned to UK time)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(UK_TIME_ZONE).date()
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def uk_time(value: datetime.datetime) -> str:
    """GOV.UK style: "11:59pm", "9am", "midday", "midnight"."""
    local = value.astimezone(UK_TIME_ZONE)
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix}" if local.minute else f"{hour}{suffix}"


def uk_datetime(value: datetime.datetime | None) -> str:
    """ "11:59pm on 14 March 2022", in Europe/London whatever the server's zone."""
    if value is None:
        return ""
    return f"{uk_time(value)} on {uk_date(value)}"


def money(amount: int) -> str:
    return f"£{amount:,}"


def salary_range(vacancy) -> str:
    """ "£24,000 to £27,000 a year"; one figure when only one is set or both are equal."""
    low, high = vacancy.salary_min, vacancy.salary_max
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return f"{money(low if low is not None else high)} a year"
    return f"{money(low)} to {money(high)} a year"


def start_window(vacancy) -> str:
    start, end = vacancy.start_window_from, vacancy.start_window_to
    if start and end and start != end:
        return f"Between {uk_date(start)} and {uk_date(end)}"
    if start or end:
        return f"From {uk_date(start or end)}"
    return ""


def contract_summary(vacancy) -> str:
    """ "Fixed term until 31 March 2025" or "Permanent"."""
    label = vacancy.get_contract_type_display() if vacancy.contract_type else ""
    if vacancy.fixed_term_ends_on and vacancy.contract_type == "fixed_term":
        return f"{label} until {uk_date(vacancy.fixed_term_ends_on)}"
    return label


def focus_area_labels(vacancy) -> list[str]:
    from .models import FocusArea

    labels = dict(FocusArea.choices)
    return [labels.get(code, code) for code in (vacancy.focus_areas or [])]


def vetting_requirements(vacancy) -> Requirements | None:
    """The levels the advert needs, taken together (vetting/requirements.py); None if unset."""
    levels = vacancy.vetting_levels()
    if not levels:
        return None
    return requirements_for(level.as_facts() for level in levels)


def residence_rule_sentences(level) -> list[str]:
    """One level's residence rule in plain English (the wording is vetting/wording.py)."""
    if level is None:
        return []
    return wording.residence_rule_sentences(
        requirements_for(
            [
                LevelFacts(
                    code="",
                    name="",
                    required_years=level.required_residence_years,
                    family_of_exempt=level.family_of_exempt,
                )
            ]
        )
    )


def eligibility_url(vacancy) -> str:
    """The eligibility checker, told which level and advert the candidate came from."""
    query = {"vacancy": vacancy.reference}
    if vacancy.vetting_level_id is not None:
        query = {"level": vacancy.vetting_level.code, **query}
    return f"/eligibility/?{urlencode(query)}"


def apply_url(vacancy) -> str:
    """The online application form's address, or "" while no such page exists.

    The applications pipeline is another part of the service; until it mounts
    ``/vacancies/<reference>/apply/`` the advert says how to apply by email.
    """
    path = f"/vacancies/{vacancy.reference}/apply/"
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path
