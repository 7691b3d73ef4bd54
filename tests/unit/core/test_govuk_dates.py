"""Dates and times as GOV.UK writes them, from the one Django-free module every caller uses."""

import datetime
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.govuk_dates import (
    govuk_date,
    govuk_date_range,
    govuk_datetime,
    govuk_month,
    govuk_time,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2022, 3, 14, 23, 59, tzinfo=LONDON), "11:59pm on 14 March 2022"),
        (datetime.datetime(2022, 3, 14, 9, 0, tzinfo=LONDON), "9am on 14 March 2022"),
        (datetime.datetime(2022, 3, 14, 12, 0, tzinfo=LONDON), "midday on 14 March 2022"),
        (datetime.datetime(2022, 3, 14, 0, 0, tzinfo=LONDON), "midnight on 14 March 2022"),
        (datetime.datetime(2022, 3, 4, 12, 30, tzinfo=LONDON), "12:30pm on 4 March 2022"),
        # UTC in, UK time out (BST in summer moves the date too).
        (datetime.datetime(2022, 6, 30, 23, 30, tzinfo=datetime.UTC), "12:30am on 1 July 2022"),
    ],
)
def test_govuk_datetime_is_uk_time_the_gov_uk_way(moment, expected):
    assert govuk_datetime(moment) == expected


def test_govuk_date_variants():
    day = datetime.date(2026, 11, 16)
    assert govuk_date(day) == "16 November 2026"
    assert govuk_date(day, weekday=True) == "Monday 16 November 2026"
    assert govuk_date(day, year=False) == "16 November"
    # A datetime is first turned to its UK date.
    assert govuk_date(datetime.datetime(2022, 6, 30, 23, 30, tzinfo=datetime.UTC)) == "1 July 2022"
    assert govuk_date(None) == govuk_time(None) == govuk_datetime(None) == ""


def test_govuk_month_names_the_month_and_year():
    assert govuk_month(datetime.date(2021, 3, 1)) == "March 2021"
    assert govuk_month(None) == ""


def test_govuk_date_range_names_one_day_once():
    first, last = datetime.date(2022, 4, 1), datetime.date(2022, 5, 3)
    assert govuk_date_range(first, last) == "1 April 2022 to 3 May 2022"
    assert govuk_date_range(first, first) == "1 April 2022"


def test_the_module_imports_no_django_so_the_pure_vetting_rule_may_use_it():
    code = (
        "import sys, core.govuk_dates, vetting.rules\n"
        "print(any(name.startswith('django') for name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
