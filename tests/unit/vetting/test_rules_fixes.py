"""Regression tests for bugs found in vetting/rules.py after its first release."""

from datetime import date

import pytest

from vetting.rules import LevelRule, RuleInputError, parse_request

LEVELS = {"MV": LevelRule(code="MV", required_years=5), "DV": LevelRule("DV", 10)}


def test_an_as_of_whose_window_would_start_before_year_1_is_an_input_error_on_as_of():
    # Was a bare ValueError from window_start_for: a traceback and exit 1 in the CLI.
    with pytest.raises(RuleInputError) as raised:
        parse_request({"level": "DV", "as_of": "0005-01-01", "periods": []}, levels=LEVELS)

    assert [(error.field, error.message) for error in raised.value.errors] == [
        ("as_of", "Assessment date must be in the year 0011 or later for this vetting level")
    ]


def test_the_earliest_assessable_as_of_is_accepted():
    level, as_of, periods = parse_request(
        {"level": "MV", "as_of": "0006-01-01", "periods": []}, levels=LEVELS
    )

    assert (level.code, as_of, periods) == ("MV", date(6, 1, 1), [])


def test_an_early_as_of_does_not_hide_period_errors():
    with pytest.raises(RuleInputError) as raised:
        parse_request(
            {"level": "DV", "as_of": "0005-01-01", "periods": [{"start": "x", "end": None}]},
            levels=LEVELS,
        )

    assert [error.field for error in raised.value.errors] == [
        "as_of",
        "periods[0].start",
        "periods[0].country",
    ]
