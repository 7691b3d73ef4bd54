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


def actual_close(vacancy) -> datetime.datetime | None:
    """When the advert stopped taking applications: its closing time, or earlier if
    staff closed it early. The expiry task stamps ``closed_at`` when it runs, which
    may be after ``closing_at``, so the earlier of the two is the true time."""
    times = [time for time in (vacancy.closing_at, vacancy.closed_at) if time is not None]
    return min(times) if times else None


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


def residence_rule_sentences(level) -> list[str]:
    """What a vetting level's residence rule means for an applicant, in plain English.

    Built from the level's data and docs/vetting-rule.md, so a new level needs no
    new wording.
    """
    if level is None:
        return []
    years = level.required_residence_years
    if years == 0:
        return ["This level of vetting has no rule about how long you must have lived in the UK."]
    unit = "year" if years == 1 else f"{years} years"
    sentences = [
        f"You must have lived in the UK for the last {unit}, unless you were abroad because "
        "you were employed by the British Armed Forces or on official duty for HM Government. "
        "Time abroad for those reasons counts as time in the UK."
    ]
    if level.family_of_exempt == "exempt":
        sentences.append(
            "Time abroad with a family member who was there for one of those reasons also counts "
            "as time in the UK."
        )
    else:
        sentences.append(
            "If you were abroad with a family member who was there for one of those reasons, "
            "the recruitment team will look at your history before they decide."
        )
    sentences.append(
        "Time in the Channel Islands or the Isle of Man counts as time abroad, because they "
        "are not part of the UK."
    )
    return sentences


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
