"""Dates and times as GOV.UK writes them: "14 March 2022", "11:59pm on 14 March 2022".

The one place that formats a date or time for people to read, in pages, emails,
the feed, the admin and the vetting rule's own messages. Free of Django on
purpose, so that ``vetting/rules.py`` (pure, no Django import) can use it too;
templates reach it through ``{% load govuk_dates %}``.

Names are spelled out rather than taken from ``strftime``, which follows the
process locale. A datetime is shown in UK time (Europe/London), whatever the
server's own zone, as the GOV.UK style guide asks for ("11:59pm", "midday",
"midnight"; no leading zeros).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

UK_TIME_ZONE = ZoneInfo("Europe/London")
MONTH_NAMES = (
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
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _uk(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(UK_TIME_ZONE)


def govuk_date(
    value: datetime.date | datetime.datetime | None, *, weekday: bool = False, year: bool = True
) -> str:
    """ "14 March 2022"; "Monday 14 March 2022" with ``weekday``; "14 March" without ``year``.

    A datetime is first turned to its UK date; None gives "".
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = _uk(value).date()
    text = f"{value.day} {MONTH_NAMES[value.month - 1]}"
    if year:
        text = f"{text} {value.year}"
    if weekday:
        text = f"{WEEKDAY_NAMES[value.weekday()]} {text}"
    return text


def govuk_month(value: datetime.date | None) -> str:
    """ "March 2021": a month and its year (how long a referee has known someone); None gives ""."""
    if value is None:
        return ""
    return f"{MONTH_NAMES[value.month - 1]} {value.year}"


def govuk_time(value: datetime.datetime | None) -> str:
    """ "11:59pm", "9am", "midday", "midnight" (UK time); None gives ""."""
    if value is None:
        return ""
    local = _uk(value)
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix}" if local.minute else f"{hour}{suffix}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    """ "11:59pm on 14 March 2022" (UK time); None gives ""."""
    if value is None:
        return ""
    return f"{govuk_time(value)} on {govuk_date(value)}"


def govuk_date_range(start: datetime.date, end: datetime.date) -> str:
    """ "1 April 2022 to 3 May 2022", or the one date when they are the same day."""
    if start == end:
        return govuk_date(start)
    return f"{govuk_date(start)} to {govuk_date(end)}"
