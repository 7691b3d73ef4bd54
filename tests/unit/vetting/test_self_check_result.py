"""The result page's explanation of an assessment (vetting/result.py), without Django."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetting import rules
from vetting.result import (
    EFFECT_NONE,
    EFFECT_NOT_ELIGIBLE,
    EFFECT_REVIEW,
    TIMELINE_LEFT,
    TIMELINE_RIGHT,
    build_result,
    first_date_with_window_after,
)
from vetting.self_check import REASON_LABELS, Period

MV = rules.LevelRule(code="MV", required_years=5)
TODAY = date(2026, 11, 25)


def result_for(periods, level=MV, abroad_tolerance_days=0):
    assessment = rules.assess(
        level=level,
        as_of=TODAY,
        periods=[period.as_rule() for period in periods],
        abroad_tolerance_days=abroad_tolerance_days,
    )
    return build_result(assessment=assessment, level_name="Management Vetting", periods=periods)


def test_every_reason_abroad_has_words_on_the_page_and_no_others():
    assert list(REASON_LABELS) == list(rules.REASONS_ABROAD)


def test_a_fully_uk_window_is_one_uk_stretch_across_the_whole_bar():
    result = result_for([Period("GB", date(2000, 1, 1), None)])

    assert result.outcome == "eligible"
    (stretch,) = result.stretches
    assert (stretch.day_class, stretch.label, stretch.effect) == ("uk", "In the UK", EFFECT_NONE)
    assert stretch.x == TIMELINE_LEFT
    assert stretch.width == TIMELINE_RIGHT - TIMELINE_LEFT
    assert result.problems == () and result.counted_abroad == ()
    assert result.could_meet_from is None


def test_british_forces_time_is_explained_as_counting_and_names_the_place():
    result = result_for(
        [
            Period("DE", date(2022, 1, 1), date(2023, 12, 31), "british_forces"),
            Period("GB", date(2024, 1, 1), None),
            Period("GB", date(2010, 1, 1), date(2021, 12, 31)),
        ]
    )

    assert result.outcome == "eligible"
    (exempt,) = result.counted_abroad
    assert exempt.code == "EXEMPT_BRITISH_FORCES"
    assert exempt.places == ("Germany (Employed by the British Armed Forces)",)
    assert "counts as living in the UK" in exempt.explanation
    assert exempt.dates == "1 January 2022 to 31 December 2023"
    assert [stretch.day_class for stretch in result.stretches] == ["uk", "exempt", "uk"]


def test_study_abroad_is_the_problem_with_its_dates_and_a_date_it_stops_mattering():
    result = result_for(
        [
            Period("GB", date(2000, 1, 1), date(2022, 8, 31)),
            Period("FR", date(2022, 9, 1), date(2023, 6, 30), "study"),
            Period("GB", date(2023, 7, 1), None),
        ]
    )

    assert result.outcome == "not_eligible"
    (problem,) = result.problems
    assert (problem.code, problem.effect, problem.days) == ("ABROAD", EFFECT_NOT_ELIGIBLE, 303)
    assert problem.dates == "1 September 2022 to 30 June 2023"
    assert problem.places == ("France (Studying)",)
    assert "does not count as living in the UK" in problem.explanation
    # Five years after the last day abroad has left the window.
    assert result.could_meet_from == date(2028, 7, 1)
    later = rules.assess(
        level=MV,
        as_of=result.could_meet_from,
        periods=[
            rules.ResidencePeriod(date(2000, 1, 1), date(2022, 8, 31), "GB"),
            rules.ResidencePeriod(date(2022, 9, 1), date(2023, 6, 30), "FR", "study"),
            rules.ResidencePeriod(date(2023, 7, 1), None, "GB"),
        ],
    )
    assert later.outcome is rules.Outcome.ELIGIBLE


def test_no_meet_from_date_while_still_abroad():
    result = result_for(
        [
            Period("GB", date(2000, 1, 1), date(2024, 1, 31)),
            Period("ES", date(2024, 2, 1), None, "work"),
        ]
    )

    assert result.outcome == "not_eligible"
    assert result.could_meet_from is None


def test_gaps_long_and_short_are_told_apart():
    result = result_for(
        [
            Period("GB", date(2000, 1, 1), date(2022, 1, 31)),
            Period("GB", date(2022, 2, 11), date(2023, 1, 31)),
            Period("GB", date(2023, 6, 1), None),
        ]
    )

    assert result.outcome == "review"
    short, long = [stretch for stretch in result.stretches if stretch.day_class == "missing"]
    assert (short.code, short.effect, short.days) == ("GAP_SHORT", EFFECT_NONE, 10)
    assert short.label == "No information, short enough to be a move"
    assert (long.code, long.effect) == ("GAP", EFFECT_REVIEW)
    assert result.problems == (long,)
    assert "not told us where you lived" in long.explanation


def test_family_time_needs_a_decision_unless_the_level_treats_it_as_exempt():
    periods = [
        Period("GB", date(2000, 1, 1), date(2022, 12, 31)),
        Period("CY", date(2023, 1, 1), date(2023, 12, 31), "family_of_forces"),
        Period("GB", date(2024, 1, 1), None),
    ]
    review = result_for(periods)
    exempt = result_for(periods, level=rules.LevelRule("MVX", 5, family_of_exempt="exempt"))

    assert review.outcome == "review"
    assert review.problems[0].effect == EFFECT_REVIEW
    assert "needs a decision" in review.legend[1].label
    assert exempt.outcome == "eligible"
    assert exempt.problems == ()
    assert "counts as UK" in exempt.legend[1].label


def test_a_short_trip_within_the_abroad_tolerance_is_for_review():
    result = result_for(
        [
            Period("GB", date(2000, 1, 1), date(2024, 3, 31)),
            Period("US", date(2024, 4, 1), date(2024, 4, 10), "travel"),
            Period("GB", date(2024, 4, 11), None),
        ],
        abroad_tolerance_days=14,
    )

    assert result.outcome == "review"
    assert result.problems[0].effect == EFFECT_REVIEW


def test_a_one_day_gap_is_still_drawn_visibly_and_inside_the_bar():
    result = result_for([Period("GB", date(2000, 1, 1), TODAY - timedelta(days=1))])

    last = result.stretches[-1]
    assert last.days == 1
    assert last.width >= 4
    assert last.x + last.width <= TIMELINE_RIGHT + 0.01


def test_the_legend_lists_each_class_present_once_in_order_of_favour():
    result = result_for(
        [
            Period("GB", date(2000, 1, 1), date(2022, 12, 31)),
            Period("FR", date(2023, 1, 1), date(2023, 3, 31), "work"),
            Period("GB", date(2023, 4, 1), date(2023, 12, 31)),
            Period("DE", date(2024, 1, 1), None, "hmg_official_duty"),
        ]
    )

    assert [item.day_class for item in result.legend] == ["uk", "exempt", "abroad"]
    assert result.text_alternative.startswith("In the UK: 25 November 2021 to 31 December 2022")


def test_year_ticks_fall_on_each_new_year_inside_the_window():
    result = result_for([Period("GB", date(2000, 1, 1), None)])

    assert [tick.year for tick in result.year_ticks] == [2022, 2023, 2024, 2025, 2026]
    assert all(TIMELINE_LEFT < tick.x < TIMELINE_RIGHT for tick in result.year_ticks)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2023, 6, 30), 5, date(2028, 7, 1)),
        (date(2020, 2, 28), 5, date(2025, 3, 1)),  # the 29th is the day after, and 2025 has none
        (date(2019, 2, 27), 5, date(2024, 2, 28)),
        (date(2019, 2, 28), 5, date(2024, 3, 1)),  # 2024-02-29's window starts 2019-02-28
    ],
)
def test_first_date_with_window_after_handles_leap_days(day, years, expected):
    assert first_date_with_window_after(day, years) == expected


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    years=st.integers(min_value=1, max_value=15),
)
def test_first_date_with_window_after_is_the_earliest_such_date(day, years):
    found = first_date_with_window_after(day, years)

    assert rules.window_start_for(found, years) > day
    assert rules.window_start_for(found - timedelta(days=1), years) <= day
