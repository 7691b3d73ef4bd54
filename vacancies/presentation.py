"""How an advert's facts are said on the public pages, as UK readers expect them.

Pure functions of a vacancy (no queries beyond what the selectors prefetched),
shared by the templates (through ``templatetags/vacancies_public.py``), the
JSON-LD and the Atom feed so that every place says the same thing.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext

from core.govuk_dates import govuk_date
from vetting.requirements import Requirements, requirements_for


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
        return gettext("%(amount)s a year") % {"amount": money(low if low is not None else high)}
    return gettext("%(low)s to %(high)s a year") % {"low": money(low), "high": money(high)}


def start_window(vacancy) -> str:
    start, end = vacancy.start_window_from, vacancy.start_window_to
    if start and end and start != end:
        return gettext("Between %(start)s and %(end)s") % {
            "start": govuk_date(start),
            "end": govuk_date(end),
        }
    if start or end:
        return gettext("From %(start)s") % {"start": govuk_date(start or end)}
    return ""


def contract_summary(vacancy) -> str:
    """ "Fixed term until 31 March 2025" or "Permanent"."""
    label = vacancy.get_contract_type_display() if vacancy.contract_type else ""
    if vacancy.fixed_term_ends_on and vacancy.contract_type == "fixed_term":
        return gettext("%(contract)s until %(end)s") % {
            "contract": label,
            "end": govuk_date(vacancy.fixed_term_ends_on),
        }
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


def eligibility_url(vacancy) -> str:
    """The eligibility checker, told which level and advert the candidate came from."""
    query = {"vacancy": vacancy.reference}
    if vacancy.vetting_level_id is not None:
        query = {"level": vacancy.vetting_level.code, **query}
    return f"{reverse('vetting:start')}?{urlencode(query)}"


def apply_url(vacancy) -> str:
    """The online application form's address, or "" while no such page exists.

    The applications pipeline is another part of the service; until it mounts
    ``<advert's address>apply/`` the advert says how to apply by email.
    """
    path = f"{vacancy.get_absolute_url()}apply/"
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path
