"""Example tests for the residence rule (vetting/rules.py, spec: docs/vetting-rule.md).

Each test pins one behaviour of the spec with hand-picked dates; the general
properties are checked with hypothesis in test_rules_properties.py.
"""

import json
import pickle
import time
from datetime import date, datetime, timedelta

import pytest

from vetting.rules import (
    ALL_RESIDENCE_REASONS,
    CROWN_DEPENDENCY_CODES,
    REASONS_ABROAD,
    Assessment,
    DayClass,
    FieldError,
    LevelRule,
    Outcome,
    Reason,
    ReasonCode,
    ResidencePeriod,
    RuleInputError,
    Stretch,
    assess,
    assessment_as_json,
    errors_as_json,
    parse_request,
    window_start_for,
)

MANAGEMENT_VETTING = LevelRule(code="MV", required_years=5)
DEVELOPED_VETTING = LevelRule(code="DV", required_years=10)
MANAGEMENT_VETTING_FAMILY_EXEMPT = LevelRule(
    code="MV-FE", required_years=5, family_of_exempt="exempt"
)
NO_RESIDENCE_CHECK = LevelRule(code="NONE", required_years=0)
LEVELS_BY_CODE = {"MV": MANAGEMENT_VETTING, "DV": DEVELOPED_VETTING}

AS_OF = date(2022, 4, 1)
MV_WINDOW_START = date(2017, 4, 1)


def uk(start: date, end: date | None) -> ResidencePeriod:
    return ResidencePeriod(start=start, end=end, country="GB")


def abroad(
    start: date, end: date | None, reason: str = "resident", country: str = "FR"
) -> ResidencePeriod:
    return ResidencePeriod(start=start, end=end, country=country, reason=reason)


def assess_mv(periods, **settings) -> Assessment:
    return assess(level=MANAGEMENT_VETTING, as_of=AS_OF, periods=periods, **settings)


def reason_summary(assessment: Assessment) -> list[tuple[str, date, date]]:
    return [(reason.code, reason.start, reason.end) for reason in assessment.reasons]


def error_fields(error: RuleInputError) -> list[str]:
    return [field_error.field for field_error in error.errors]


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def day_after(day: date) -> date:
    return day + timedelta(days=1)


# --- The window ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "required_years", "expected_start"),
    [
        (date(2022, 4, 1), 5, date(2017, 4, 1)),
        (date(2022, 4, 1), 10, date(2012, 4, 1)),
        (date(2024, 2, 29), 5, date(2019, 2, 28)),
        (date(2024, 2, 29), 10, date(2014, 2, 28)),
        (date(2024, 2, 29), 4, date(2020, 2, 29)),
        (date(2024, 2, 29), 8, date(2016, 2, 29)),
        (date(2023, 2, 28), 3, date(2020, 2, 28)),
        (date(2023, 3, 1), 3, date(2020, 3, 1)),
        (date(2022, 12, 31), 1, date(2021, 12, 31)),
        (date(2022, 4, 1), 0, date(2022, 4, 1)),
    ],
)
def test_window_start_is_as_of_minus_whole_calendar_years(as_of, required_years, expected_start):
    assert window_start_for(as_of, required_years) == expected_start


def test_window_start_rejects_negative_years():
    with pytest.raises(ValueError, match="required_years"):
        window_start_for(AS_OF, -1)


def test_window_start_before_year_one_is_rejected():
    with pytest.raises(ValueError, match="before year 1"):
        window_start_for(date(5, 1, 1), 5)


def test_window_runs_from_window_start_to_as_of_inclusive():
    assessment = assess_mv([uk(date(2000, 1, 1), None)])

    assert assessment.window_start == MV_WINDOW_START
    assert assessment.window_end == AS_OF
    assert assessment.as_of == AS_OF
    assert assessment.stretches == (Stretch(DayClass.UK, MV_WINDOW_START, AS_OF),)


def test_leap_day_assessment_starts_window_on_28_february():
    leap_as_of = date(2024, 2, 29)

    assessment = assess(
        level=MANAGEMENT_VETTING, as_of=leap_as_of, periods=[uk(date(2019, 3, 1), None)]
    )

    assert assessment.window_start == date(2019, 2, 28)
    assert reason_summary(assessment) == [("GAP_SHORT", date(2019, 2, 28), date(2019, 2, 28))]
    assert assessment.outcome is Outcome.ELIGIBLE


def test_leap_day_assessment_with_uk_from_28_february_has_no_reasons():
    assessment = assess(
        level=MANAGEMENT_VETTING, as_of=date(2024, 2, 29), periods=[uk(date(2019, 2, 28), None)]
    )

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.reasons == ()


def test_developed_vetting_looks_back_ten_years():
    assessment = assess(
        level=DEVELOPED_VETTING,
        as_of=AS_OF,
        periods=[abroad(date(2011, 1, 1), date(2012, 4, 1)), uk(date(2012, 4, 2), None)],
    )

    assert assessment.window_start == date(2012, 4, 1)
    assert reason_summary(assessment) == [("ABROAD", date(2012, 4, 1), date(2012, 4, 1))]
    assert assessment.outcome is Outcome.NOT_ELIGIBLE


# --- Exact anniversaries and the edges of the window ------------------------------


def test_uk_from_exactly_the_window_start_is_eligible_with_no_reasons():
    assessment = assess_mv([uk(MV_WINDOW_START, None)])

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.reasons == ()


def test_uk_from_the_day_after_the_window_start_leaves_a_one_day_short_gap():
    assessment = assess_mv([uk(day_after(MV_WINDOW_START), None)])

    assert reason_summary(assessment) == [("GAP_SHORT", MV_WINDOW_START, MV_WINDOW_START)]
    assert assessment.reasons[0].day_class is DayClass.MISSING
    assert assessment.outcome is Outcome.ELIGIBLE


def test_abroad_ending_on_the_window_start_counts_for_that_one_day():
    assessment = assess_mv(
        [abroad(date(2010, 1, 1), MV_WINDOW_START), uk(day_after(MV_WINDOW_START), None)]
    )

    assert reason_summary(assessment) == [("ABROAD", MV_WINDOW_START, MV_WINDOW_START)]
    assert assessment.outcome is Outcome.NOT_ELIGIBLE


def test_periods_ending_before_the_window_are_ignored():
    assessment = assess_mv(
        [abroad(date(2010, 1, 1), day_before(MV_WINDOW_START)), uk(MV_WINDOW_START, None)]
    )

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.reasons == ()


def test_only_periods_before_the_window_is_one_gap_over_the_whole_window():
    assessment = assess_mv([uk(date(2000, 1, 1), date(2010, 1, 1))])

    assert reason_summary(assessment) == [("GAP", MV_WINDOW_START, AS_OF)]
    assert assessment.outcome is Outcome.REVIEW


def test_abroad_starting_on_as_of_counts_for_that_last_day():
    assessment = assess_mv([uk(date(2000, 1, 1), day_before(AS_OF)), abroad(AS_OF, None)])

    assert reason_summary(assessment) == [("ABROAD", AS_OF, AS_OF)]
    assert assessment.outcome is Outcome.NOT_ELIGIBLE


def test_one_day_period_with_end_equal_to_start_is_valid():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2019, 6, 9)),
            abroad(date(2019, 6, 10), date(2019, 6, 10), reason="travel"),
            uk(date(2019, 6, 11), None),
        ]
    )

    assert reason_summary(assessment) == [("ABROAD", date(2019, 6, 10), date(2019, 6, 10))]
    assert assessment.reasons[0].days == 1


# --- Open-ended periods and periods past as_of ---------------------------------------


def test_open_ended_period_runs_up_to_and_including_as_of():
    assessment = assess_mv(
        [uk(date(2000, 1, 1), date(2020, 12, 31)), abroad(date(2021, 1, 1), None)]
    )

    assert reason_summary(assessment) == [("ABROAD", date(2021, 1, 1), AS_OF)]


def test_period_running_past_as_of_is_cut_at_as_of():
    assessment = assess_mv(
        [uk(date(2000, 1, 1), date(2020, 12, 31)), abroad(date(2021, 1, 1), date(2030, 1, 1))]
    )

    assert reason_summary(assessment) == [("ABROAD", date(2021, 1, 1), AS_OF)]
    assert assessment.stretches[-1].end == AS_OF


def test_uk_period_running_past_as_of_is_eligible():
    assessment = assess_mv([uk(date(2000, 1, 1), date(2030, 1, 1))])

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.stretches == (Stretch(DayClass.UK, MV_WINDOW_START, AS_OF),)


# --- Gaps -----------------------------------------------------------------------


def test_one_day_gap_between_uk_addresses_is_a_short_gap_and_eligible():
    assessment = assess_mv([uk(date(2000, 1, 1), date(2019, 6, 9)), uk(date(2019, 6, 11), None)])

    assert reason_summary(assessment) == [("GAP_SHORT", date(2019, 6, 10), date(2019, 6, 10))]
    assert assessment.outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize(
    ("gap_days", "expected_code", "expected_outcome"),
    [
        (30, "GAP_SHORT", Outcome.ELIGIBLE),
        (31, "GAP_SHORT", Outcome.ELIGIBLE),
        (32, "GAP", Outcome.REVIEW),
        (33, "GAP", Outcome.REVIEW),
    ],
)
def test_gap_is_short_up_to_31_days_and_a_review_from_32(gap_days, expected_code, expected_outcome):
    last_day_before_gap = date(2019, 6, 1)
    first_day_after_gap = last_day_before_gap + timedelta(days=gap_days + 1)

    assessment = assess_mv(
        [uk(date(2000, 1, 1), last_day_before_gap), uk(first_day_after_gap, None)]
    )

    assert len(assessment.reasons) == 1
    assert assessment.reasons[0].code == expected_code
    assert assessment.reasons[0].days == gap_days
    assert assessment.outcome is expected_outcome


def test_gap_tolerance_is_a_setting():
    periods = [uk(date(2000, 1, 1), date(2019, 6, 9)), uk(date(2019, 6, 11), None)]

    strict = assess_mv(periods, gap_tolerance_days=0)
    lenient = assess_mv(periods, gap_tolerance_days=1)

    assert strict.reasons[0].code == "GAP"
    assert strict.outcome is Outcome.REVIEW
    assert lenient.reasons[0].code == "GAP_SHORT"
    assert lenient.outcome is Outcome.ELIGIBLE


def test_gap_at_the_start_of_the_window_counts_only_days_inside_the_window():
    # History starts 31 days into the window: earlier missing days are not counted.
    assessment = assess_mv([uk(MV_WINDOW_START + timedelta(days=31), None)])

    assert reason_summary(assessment) == [
        ("GAP_SHORT", MV_WINDOW_START, MV_WINDOW_START + timedelta(days=30))
    ]
    assert assessment.outcome is Outcome.ELIGIBLE


def test_empty_period_list_is_review_with_one_gap_covering_the_window():
    assessment = assess_mv([])

    assert assessment.outcome is Outcome.REVIEW
    assert reason_summary(assessment) == [("GAP", MV_WINDOW_START, AS_OF)]
    assert assessment.reasons[0].day_class is DayClass.MISSING
    assert assessment.stretches == (Stretch(DayClass.MISSING, MV_WINDOW_START, AS_OF),)


def test_adjacent_periods_leave_no_gap():
    assessment = assess_mv([uk(date(2000, 1, 1), date(2019, 6, 9)), uk(date(2019, 6, 10), None)])

    assert assessment.reasons == ()
    assert assessment.stretches == (Stretch(DayClass.UK, MV_WINDOW_START, AS_OF),)


# --- Overlaps: the most favourable class wins ----------------------------------------


def test_uk_wins_over_abroad_on_overlapping_days():
    # A holiday recorded while still living in the UK.
    assessment = assess_mv(
        [uk(date(2000, 1, 1), None), abroad(date(2019, 8, 1), date(2019, 8, 14), reason="travel")]
    )

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.reasons == ()


def test_uk_wins_over_exempt_on_overlapping_days():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2019, 12, 31)),
            abroad(date(2019, 6, 1), None, reason="british_forces", country="DE"),
        ]
    )

    assert reason_summary(assessment) == [("EXEMPT_BRITISH_FORCES", date(2020, 1, 1), AS_OF)]


def test_exempt_wins_over_abroad_on_overlapping_days():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 12, 31)),
            abroad(date(2019, 1, 1), AS_OF, country="CY"),
            abroad(date(2019, 1, 1), None, reason="british_forces", country="CY"),
        ]
    )

    assert reason_summary(assessment) == [("EXEMPT_BRITISH_FORCES", date(2019, 1, 1), AS_OF)]
    assert assessment.outcome is Outcome.ELIGIBLE


def test_exempt_wins_over_family_on_overlapping_days():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 12, 31)),
            abroad(date(2019, 1, 1), AS_OF, reason="family_of_hmg", country="BE"),
            abroad(date(2019, 1, 1), None, reason="hmg_official_duty", country="BE"),
        ]
    )

    assert reason_summary(assessment) == [("EXEMPT_HMG_DUTY", date(2019, 1, 1), AS_OF)]
    assert assessment.outcome is Outcome.ELIGIBLE


def test_family_wins_over_abroad_on_overlapping_days():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 12, 31)),
            abroad(date(2019, 1, 1), None, reason="study", country="DE"),
            abroad(date(2019, 1, 1), date(2019, 12, 31), reason="family_of_forces", country="DE"),
        ]
    )

    assert reason_summary(assessment) == [
        ("FAMILY_OF_EXEMPT", date(2019, 1, 1), date(2019, 12, 31)),
        ("ABROAD", date(2020, 1, 1), AS_OF),
    ]
    assert assessment.outcome is Outcome.NOT_ELIGIBLE


def test_forces_wins_over_hmg_duty_where_both_cover_a_day():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2017, 12, 31)),
            abroad(date(2018, 1, 1), date(2019, 12, 31), reason="hmg_official_duty"),
            abroad(date(2019, 1, 1), date(2020, 12, 31), reason="british_forces"),
            uk(date(2021, 1, 1), None),
        ]
    )

    assert reason_summary(assessment) == [
        ("EXEMPT_HMG_DUTY", date(2018, 1, 1), date(2018, 12, 31)),
        ("EXEMPT_BRITISH_FORCES", date(2019, 1, 1), date(2020, 12, 31)),
    ]
    assert assessment.outcome is Outcome.ELIGIBLE


def test_adjacent_exempt_periods_of_different_kinds_are_two_reasons_and_two_stretches():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2017, 12, 31)),
            abroad(date(2018, 1, 1), date(2018, 12, 31), reason="british_forces", country="DE"),
            abroad(date(2019, 1, 1), None, reason="hmg_official_duty", country="US"),
        ]
    )

    assert reason_summary(assessment) == [
        ("EXEMPT_BRITISH_FORCES", date(2018, 1, 1), date(2018, 12, 31)),
        ("EXEMPT_HMG_DUTY", date(2019, 1, 1), AS_OF),
    ]
    assert assessment.stretches == (
        Stretch(DayClass.UK, MV_WINDOW_START, date(2017, 12, 31)),
        Stretch(DayClass.EXEMPT, date(2018, 1, 1), date(2018, 12, 31)),
        Stretch(DayClass.EXEMPT, date(2019, 1, 1), AS_OF),
    )


def test_adjacent_family_periods_of_either_kind_are_one_reason():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2017, 12, 31)),
            abroad(date(2018, 1, 1), date(2018, 12, 31), reason="family_of_forces"),
            abroad(date(2019, 1, 1), None, reason="family_of_hmg"),
        ],
    )

    assert reason_summary(assessment) == [("FAMILY_OF_EXEMPT", date(2018, 1, 1), AS_OF)]


def test_stretches_cover_the_window_in_date_order_including_uk():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 6, 30)),
            abroad(date(2018, 8, 1), date(2019, 7, 31), reason="work", country="US"),
            uk(date(2019, 8, 1), None),
        ]
    )

    assert assessment.stretches == (
        Stretch(DayClass.UK, MV_WINDOW_START, date(2018, 6, 30)),
        Stretch(DayClass.MISSING, date(2018, 7, 1), date(2018, 7, 31)),
        Stretch(DayClass.ABROAD, date(2018, 8, 1), date(2019, 7, 31)),
        Stretch(DayClass.UK, date(2019, 8, 1), AS_OF),
    )
    assert assessment.reasons == (
        Reason(
            "GAP_SHORT", date(2018, 7, 1), date(2018, 7, 31), DayClass.MISSING, Outcome.ELIGIBLE
        ),
        Reason(
            "ABROAD", date(2018, 8, 1), date(2019, 7, 31), DayClass.ABROAD, Outcome.NOT_ELIGIBLE
        ),
    )


# --- Abroad ---------------------------------------------------------------------


@pytest.mark.parametrize("crown_dependency", ["JE", "GG", "IM"])
def test_crown_dependencies_count_as_abroad(crown_dependency):
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2019, 12, 31)),
            abroad(date(2020, 1, 1), None, country=crown_dependency),
        ]
    )

    assert reason_summary(assessment) == [("ABROAD", date(2020, 1, 1), AS_OF)]
    assert assessment.outcome is Outcome.NOT_ELIGIBLE


def test_crown_dependency_codes_constant_names_jersey_guernsey_and_man():
    assert CROWN_DEPENDENCY_CODES == ("JE", "GG", "IM")


@pytest.mark.parametrize("reason", ["resident", "study", "work", "travel", "other"])
def test_any_day_abroad_for_a_non_exempt_reason_is_not_eligible_by_default(reason):
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2019, 6, 9)),
            abroad(date(2019, 6, 10), date(2019, 6, 10), reason=reason),
            uk(date(2019, 6, 11), None),
        ]
    )

    assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert assessment.reasons[0].day_class is DayClass.ABROAD


@pytest.mark.parametrize(
    ("days_abroad", "expected_outcome"),
    [(13, Outcome.REVIEW), (14, Outcome.REVIEW), (15, Outcome.NOT_ELIGIBLE)],
)
def test_abroad_within_the_abroad_tolerance_is_review(days_abroad, expected_outcome):
    first_day_abroad = date(2019, 6, 1)
    last_day_abroad = first_day_abroad + timedelta(days=days_abroad - 1)

    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), day_before(first_day_abroad)),
            abroad(first_day_abroad, last_day_abroad, reason="work"),
            uk(day_after(last_day_abroad), None),
        ],
        abroad_tolerance_days=14,
    )

    assert reason_summary(assessment) == [("ABROAD", first_day_abroad, last_day_abroad)]
    assert assessment.outcome is expected_outcome


def test_abroad_tolerance_applies_to_each_stretch_not_the_total():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), None),
            abroad(date(2019, 1, 1), date(2019, 1, 10)),
            abroad(date(2019, 1, 12), date(2019, 1, 21)),
        ],
        abroad_tolerance_days=14,
    )
    # The UK period covers every day, so neither trip shows; re-run without it.
    assert assessment.reasons == ()

    trips_only = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 12, 31)),
            abroad(date(2019, 1, 1), date(2019, 1, 10)),
            uk(date(2019, 1, 11), date(2019, 1, 11)),
            abroad(date(2019, 1, 12), date(2019, 1, 21)),
            uk(date(2019, 1, 22), None),
        ],
        abroad_tolerance_days=14,
    )
    assert [reason.days for reason in trips_only.reasons] == [10, 10]
    assert trips_only.outcome is Outcome.REVIEW


# --- Exempt and family ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "expected_code"),
    [
        ("british_forces", "EXEMPT_BRITISH_FORCES"),
        ("hmg_official_duty", "EXEMPT_HMG_DUTY"),
    ],
)
def test_exempt_service_abroad_is_eligible_and_explained(reason, expected_code):
    assessment = assess_mv(
        [uk(date(2000, 1, 1), date(2019, 12, 31)), abroad(date(2020, 1, 1), None, reason=reason)]
    )

    assert assessment.outcome is Outcome.ELIGIBLE
    assert reason_summary(assessment) == [(expected_code, date(2020, 1, 1), AS_OF)]
    assert assessment.reasons[0].day_class is DayClass.EXEMPT


@pytest.mark.parametrize("reason", ["family_of_forces", "family_of_hmg"])
def test_family_of_exempt_is_review_under_a_review_level(reason):
    assessment = assess_mv(
        [uk(date(2000, 1, 1), date(2019, 12, 31)), abroad(date(2020, 1, 1), None, reason=reason)]
    )

    assert MANAGEMENT_VETTING.family_of_exempt == "review"
    assert assessment.outcome is Outcome.REVIEW
    assert reason_summary(assessment) == [("FAMILY_OF_EXEMPT", date(2020, 1, 1), AS_OF)]
    assert assessment.reasons[0].day_class is DayClass.FAMILY


@pytest.mark.parametrize("reason", ["family_of_forces", "family_of_hmg"])
def test_family_of_exempt_is_eligible_under_an_exempt_level(reason):
    assessment = assess(
        level=MANAGEMENT_VETTING_FAMILY_EXEMPT,
        as_of=AS_OF,
        periods=[
            uk(date(2000, 1, 1), date(2019, 12, 31)),
            abroad(date(2020, 1, 1), None, reason=reason),
        ],
    )

    assert assessment.outcome is Outcome.ELIGIBLE
    assert reason_summary(assessment) == [("FAMILY_OF_EXEMPT", date(2020, 1, 1), AS_OF)]
    assert assessment.reasons[0].day_class is DayClass.FAMILY


def test_a_single_family_day_makes_a_review_level_review():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), None),
            abroad(date(2019, 1, 1), date(2019, 1, 1), reason="family_of_forces"),
        ]
    )
    # UK wins the overlap, so the family day is hidden...
    assert assessment.outcome is Outcome.ELIGIBLE

    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 12, 31)),
            abroad(date(2019, 1, 1), date(2019, 1, 1), reason="family_of_forces"),
            uk(date(2019, 1, 2), None),
        ]
    )
    # ...but on its own it is enough for a review.
    assert assessment.outcome is Outcome.REVIEW


# --- The worst effect wins ----------------------------------------------------------


def test_abroad_outweighs_a_gap():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 1, 1)),
            abroad(date(2019, 1, 1), date(2019, 12, 31)),
            uk(date(2020, 1, 1), None),
        ]
    )

    assert [reason.code for reason in assessment.reasons] == ["GAP", "ABROAD"]
    assert assessment.outcome is Outcome.NOT_ELIGIBLE


def test_a_long_gap_outweighs_exempt_service_and_short_gaps():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 1, 1)),
            abroad(date(2018, 1, 3), date(2018, 12, 31), reason="british_forces"),
            uk(date(2020, 1, 1), None),
        ]
    )

    assert [reason.code for reason in assessment.reasons] == [
        "GAP_SHORT",
        "EXEMPT_BRITISH_FORCES",
        "GAP",
    ]
    assert assessment.outcome is Outcome.REVIEW


# --- A level with no required years -------------------------------------------------


@pytest.mark.parametrize(
    "periods",
    [[], [abroad(date(2000, 1, 1), None)], [uk(date(2000, 1, 1), None)]],
    ids=["no-periods", "abroad", "uk"],
)
def test_zero_required_years_is_eligible_with_no_reasons_and_no_window(periods):
    assessment = assess(level=NO_RESIDENCE_CHECK, as_of=AS_OF, periods=periods)

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.reasons == ()
    assert assessment.stretches == ()
    # No window: both ends collapse onto as_of so the JSON still carries real dates.
    assert assessment.window_start == AS_OF
    assert assessment.window_end == AS_OF


def test_zero_required_years_still_rejects_invalid_periods():
    with pytest.raises(RuleInputError) as raised:
        assess(level=NO_RESIDENCE_CHECK, as_of=AS_OF, periods=[uk(day_after(AS_OF), None)])

    assert error_fields(raised.value) == ["periods[0].start"]


# --- Invalid typed input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected_field", "expected_message"),
    [
        (
            uk(date(2020, 1, 2), date(2020, 1, 1)),
            "periods[0].end",
            "End date must be the same as or after the start date",
        ),
        (
            uk(date(2022, 4, 2), None),
            "periods[0].start",
            "Start date must be on or before 1 April 2022",
        ),
        (
            abroad(date(2020, 1, 1), None, country="UK"),
            "periods[0].country",
            "Country must be a two-letter country code, like GB or FR",
        ),
        (
            abroad(date(2020, 1, 1), None, country="gb"),
            "periods[0].country",
            "Country must be a two-letter country code, like GB or FR",
        ),
        (
            abroad(date(2020, 1, 1), None, country="XK"),
            "periods[0].country",
            "Country must be a two-letter country code, like GB or FR",
        ),
        (
            abroad(date(2020, 1, 1), None, reason="holiday"),
            "periods[0].reason",
            "Reason must be one of: resident, british_forces, hmg_official_duty, "
            "family_of_forces, family_of_hmg, study, work, travel, other",
        ),
        (
            ResidencePeriod(date(2020, 1, 1), None, country="GB", reason="work"),
            "periods[0].reason",
            "Reason for time in the United Kingdom must be resident",
        ),
        (
            ResidencePeriod(date(2020, 1, 1), None, country="GB", reason="british_forces"),
            "periods[0].reason",
            "Reason for time in the United Kingdom must be resident",
        ),
        (
            ResidencePeriod("2020-01-01", None, country="GB"),
            "periods[0].start",
            "Start date must be a date",
        ),
        (
            ResidencePeriod(date(2020, 1, 1), datetime(2021, 1, 1, 12, 0), country="GB"),
            "periods[0].end",
            "End date must be a date or empty",
        ),
    ],
)
def test_invalid_period_is_reported_against_its_field(period, expected_field, expected_message):
    with pytest.raises(RuleInputError) as raised:
        assess_mv([period])

    assert raised.value.errors == (FieldError(expected_field, expected_message),)


def test_start_on_as_of_is_valid():
    assessment = assess_mv([uk(date(2000, 1, 1), day_before(AS_OF)), uk(AS_OF, None)])

    assert assessment.outcome is Outcome.ELIGIBLE


def test_more_than_one_open_ended_period_is_reported_on_each():
    with pytest.raises(RuleInputError) as raised:
        assess_mv([uk(date(2000, 1, 1), None), abroad(date(2019, 1, 1), None)])

    assert error_fields(raised.value) == ["periods[0].end", "periods[1].end"]
    assert raised.value.errors[0].message == (
        "Only one place can have no end date (the place you live now)"
    )


def test_every_invalid_period_is_reported_at_once_in_period_order():
    periods = [
        uk(date(2000, 1, 1), date(2019, 12, 31)),
        abroad(date(2021, 1, 1), date(2020, 1, 1), reason="sabbatical", country="ZZ"),
        ResidencePeriod(date(2023, 1, 1), None, country="GB", reason="work"),
        uk(date(2020, 1, 1), None),
        # Invalid even though it ends long before the window.
        uk(date(1990, 1, 2), date(1990, 1, 1)),
    ]

    with pytest.raises(RuleInputError) as raised:
        assess_mv(periods)

    assert error_fields(raised.value) == [
        "periods[1].end",
        "periods[1].country",
        "periods[1].reason",
        "periods[2].start",
        "periods[2].end",
        "periods[2].reason",
        "periods[3].end",
        "periods[4].end",
    ]


def test_negative_tolerances_are_rejected_as_misconfiguration():
    with pytest.raises(ValueError, match="tolerances"):
        assess_mv([], gap_tolerance_days=-1)
    with pytest.raises(ValueError, match="tolerances"):
        assess_mv([], abroad_tolerance_days=-1)


def test_as_of_must_be_a_date_not_a_datetime():
    with pytest.raises(TypeError, match="as_of"):
        assess(level=MANAGEMENT_VETTING, as_of=datetime(2022, 4, 1, 9, 0), periods=[])


@pytest.mark.parametrize(
    "level_arguments",
    [
        {"code": "X", "required_years": -1},
        {"code": "X", "required_years": 2.5},
        {"code": "X", "required_years": 5, "family_of_exempt": "maybe"},
    ],
)
def test_misconfigured_level_is_rejected_on_construction(level_arguments):
    with pytest.raises(ValueError):
        LevelRule(**level_arguments)


def test_level_defaults_family_of_exempt_to_review():
    assert LevelRule(code="MV", required_years=5).family_of_exempt == "review"


# --- Small types ----------------------------------------------------------------------


def test_residence_reasons_start_with_resident_then_the_abroad_reasons_in_spec_order():
    assert ALL_RESIDENCE_REASONS == (
        "resident",
        "british_forces",
        "hmg_official_duty",
        "family_of_forces",
        "family_of_hmg",
        "study",
        "work",
        "travel",
        "other",
    )
    assert ALL_RESIDENCE_REASONS[1:] == REASONS_ABROAD


def test_residence_period_reason_defaults_to_resident():
    assert ResidencePeriod(date(2020, 1, 1), None, "GB").reason == "resident"


@pytest.mark.parametrize(
    ("start", "end", "expected_days"),
    [
        (date(2020, 1, 1), date(2020, 1, 1), 1),
        (date(2020, 1, 1), date(2020, 1, 2), 2),
        (date(2020, 1, 1), date(2020, 12, 31), 366),
        (date(2021, 1, 1), date(2021, 12, 31), 365),
    ],
)
def test_reason_days_counts_both_ends(start, end, expected_days):
    assert Reason("GAP", start, end, DayClass.MISSING, Outcome.REVIEW).days == expected_days


def test_outcome_severity_orders_eligible_review_not_eligible():
    assert [outcome.severity for outcome in Outcome] == [0, 1, 2]
    # Alphabetically "not_eligible" < "review": severity must not follow the string.
    assert Outcome.worst([Outcome.NOT_ELIGIBLE, Outcome.REVIEW]) is Outcome.NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("outcomes", "expected_worst"),
    [
        ([], Outcome.ELIGIBLE),
        ([Outcome.ELIGIBLE], Outcome.ELIGIBLE),
        ([Outcome.REVIEW, Outcome.ELIGIBLE], Outcome.REVIEW),
        ([Outcome.REVIEW, Outcome.NOT_ELIGIBLE, Outcome.ELIGIBLE], Outcome.NOT_ELIGIBLE),
        ([Outcome.NOT_ELIGIBLE, Outcome.REVIEW], Outcome.NOT_ELIGIBLE),
    ],
)
def test_worst_outcome_is_the_most_severe(outcomes, expected_worst):
    assert Outcome.worst(outcomes) is expected_worst
    assert Outcome.worst(iter(outcomes)) is expected_worst


def test_outcome_and_day_class_equal_their_string_values():
    assert Outcome.NOT_ELIGIBLE == "not_eligible"
    assert DayClass.MISSING == "missing"
    assert ReasonCode.EXEMPT_HMG_DUTY == "EXEMPT_HMG_DUTY"


def test_rule_input_error_is_a_value_error_that_lists_its_fields():
    error = RuleInputError([FieldError("level", "Select a vetting level")])

    assert isinstance(error, ValueError)
    assert str(error) == "level: Select a vetting level"


def test_rule_input_error_needs_at_least_one_problem():
    with pytest.raises(ValueError, match="at least one"):
        RuleInputError([])


def test_rule_input_error_survives_pickling():
    error = RuleInputError([FieldError("as_of", "Enter the assessment date")])

    restored = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

    assert restored.errors == error.errors


def test_assessing_fifty_periods_over_ten_years_takes_well_under_ten_milliseconds():
    periods = []
    start = date(2012, 1, 1)
    for index in range(50):
        end = start + timedelta(days=60)
        country, reason = [("GB", "resident"), ("FR", "work"), ("DE", "british_forces")][index % 3]
        periods.append(ResidencePeriod(start, end, country, reason))
        start = end + timedelta(days=index % 5)
    periods.append(uk(start, None))

    fastest_seconds = float("inf")
    for _ in range(5):
        started_at = time.perf_counter()
        assessment = assess(level=DEVELOPED_VETTING, as_of=AS_OF, periods=periods)
        fastest_seconds = min(fastest_seconds, time.perf_counter() - started_at)

    assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert fastest_seconds < 0.010


# --- parse_request -----------------------------------------------------------------------


def valid_request(**overrides) -> dict:
    request = {
        "level": "MV",
        "as_of": "2022-04-01",
        "periods": [
            {"start": "2015-01-01", "end": "2019-12-31", "country": "GB", "reason": "resident"},
            {"start": "2020-01-01", "end": None, "country": "DE", "reason": "british_forces"},
        ],
    }
    request.update(overrides)
    return request


def parse_errors(raw) -> list[tuple[str, str]]:
    with pytest.raises(RuleInputError) as raised:
        parse_request(raw, levels=LEVELS_BY_CODE)
    return [(field_error.field, field_error.message) for field_error in raised.value.errors]


def test_parse_request_returns_typed_arguments_for_assess():
    level, as_of, periods = parse_request(valid_request(), levels=LEVELS_BY_CODE)

    assert level is MANAGEMENT_VETTING
    assert as_of == AS_OF
    assert periods == [
        ResidencePeriod(date(2015, 1, 1), date(2019, 12, 31), "GB", "resident"),
        ResidencePeriod(date(2020, 1, 1), None, "DE", "british_forces"),
    ]


@pytest.mark.parametrize("country", ["gb", "Gb", "gB", "GB"])
def test_parse_request_accepts_country_codes_in_any_case(country):
    raw = valid_request(periods=[{"start": "2015-01-01", "end": None, "country": country}])

    _, _, periods = parse_request(raw, levels=LEVELS_BY_CODE)

    assert periods[0].country == "GB"


@pytest.mark.parametrize("reason_entry", [{}, {"reason": None}], ids=["absent", "null"])
def test_parse_request_defaults_reason_to_resident(reason_entry):
    raw = valid_request(
        periods=[{"start": "2015-01-01", "end": None, "country": "FR", **reason_entry}]
    )

    _, _, periods = parse_request(raw, levels=LEVELS_BY_CODE)

    assert periods[0].reason == "resident"


def test_parse_request_ignores_unknown_keys():
    raw = valid_request(note="hello")
    raw["periods"][0]["town"] = "Leeds"

    _, _, periods = parse_request(raw, levels=LEVELS_BY_CODE)

    assert len(periods) == 2


def test_parse_request_accepts_an_empty_period_list_which_assesses_as_one_gap():
    level, as_of, periods = parse_request(valid_request(periods=[]), levels=LEVELS_BY_CODE)

    assessment = assess(level=level, as_of=as_of, periods=periods)

    assert periods == []
    assert assessment.outcome is Outcome.REVIEW
    assert reason_summary(assessment) == [("GAP", MV_WINDOW_START, AS_OF)]


@pytest.mark.parametrize("raw", [None, [], "MV", 5, ["level", "MV"]])
def test_parse_request_rejects_a_body_that_is_not_an_object(raw):
    assert parse_errors(raw) == [
        ("request", "The request must be a JSON object with level, as_of and periods")
    ]


@pytest.mark.parametrize(
    ("level_entry", "expected_message"),
    [
        ({}, "Select a vetting level"),
        ({"level": None}, "Select a vetting level"),
        ({"level": "SC"}, "Vetting level must be one of: MV, DV"),
        ({"level": "mv"}, "Vetting level must be one of: MV, DV"),
        ({"level": 5}, "Vetting level must be one of: MV, DV"),
        ({"level": ["MV"]}, "Vetting level must be one of: MV, DV"),
    ],
)
def test_parse_request_reports_a_missing_or_unknown_level(level_entry, expected_message):
    raw = valid_request()
    del raw["level"]
    raw.update(level_entry)

    assert parse_errors(raw) == [("level", expected_message)]


@pytest.mark.parametrize(
    "bad_date",
    [
        "2022-02-30",
        "2021-02-29",
        "2022-13-01",
        "0000-01-01",
        "2022/04/01",
        "20220401",
        "2022-W13-5",
        "01-04-2022",
        "2022-4-1",
        "2022-04-01T00:00:00",
        "2022-04-01\n",
        " 2022-04-01",
        "\uff12\uff10\uff12\uff12-04-01",  # full-width digits
        "",
        20220401,
        ["2022-04-01"],
    ],
)
def test_parse_request_rejects_an_as_of_that_is_not_a_real_yyyy_mm_dd_date(bad_date):
    assert parse_errors(valid_request(as_of=bad_date)) == [
        ("as_of", "Assessment date must be a real date in the form YYYY-MM-DD")
    ]


def test_parse_request_accepts_a_real_leap_day():
    _, as_of, _ = parse_request(valid_request(as_of="2024-02-29"), levels=LEVELS_BY_CODE)

    assert as_of == date(2024, 2, 29)


def test_parse_request_reports_a_missing_as_of():
    raw = valid_request()
    del raw["as_of"]

    assert parse_errors(raw) == [("as_of", "Enter the assessment date")]


def test_parse_request_reports_a_missing_periods_key():
    raw = valid_request()
    del raw["periods"]

    assert parse_errors(raw) == [
        ("periods", "List the places you have lived (the list can be empty)")
    ]


@pytest.mark.parametrize("periods", [None, {}, "[]", 3])
def test_parse_request_reports_periods_that_are_not_a_list(periods):
    assert parse_errors(valid_request(periods=periods)) == [("periods", "Periods must be a list")]


@pytest.mark.parametrize(
    ("period_entry", "expected_errors"),
    [
        (
            {"end": None, "country": "GB"},
            [("periods[0].start", "Enter the start date")],
        ),
        (
            {"start": "2015-02-30", "end": None, "country": "GB"},
            [("periods[0].start", "Start date must be a real date in the form YYYY-MM-DD")],
        ),
        (
            {"start": "2015-01-01", "country": "GB"},
            [("periods[0].end", "Enter the end date, or null if you still live there")],
        ),
        (
            {"start": "2015-01-01", "end": "soon", "country": "GB"},
            [
                (
                    "periods[0].end",
                    "End date must be a real date in the form YYYY-MM-DD, "
                    "or null if you still live there",
                )
            ],
        ),
        (
            {"start": "2015-01-01", "end": None},
            [("periods[0].country", "Enter the country")],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": "ß"},  # "ß".upper() == "SS"
            [("periods[0].country", "Country must be a two-letter country code, like GB or FR")],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": "GBR"},
            [("periods[0].country", "Country must be a two-letter country code, like GB or FR")],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": 826},
            [("periods[0].country", "Country must be a two-letter country code, like GB or FR")],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": ["GB"]},
            [("periods[0].country", "Country must be a two-letter country code, like GB or FR")],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": "FR", "reason": {"x": 1}},
            [
                (
                    "periods[0].reason",
                    "Reason must be one of: resident, british_forces, hmg_official_duty, "
                    "family_of_forces, family_of_hmg, study, work, travel, other",
                )
            ],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": "FR", "reason": "Resident"},
            [
                (
                    "periods[0].reason",
                    "Reason must be one of: resident, british_forces, hmg_official_duty, "
                    "family_of_forces, family_of_hmg, study, work, travel, other",
                )
            ],
        ),
        (
            {"start": "2015-01-01", "end": None, "country": "gb", "reason": "study"},
            [("periods[0].reason", "Reason for time in the United Kingdom must be resident")],
        ),
        (
            {"start": "2022-04-02", "end": None, "country": "GB"},
            [("periods[0].start", "Start date must be on or before 1 April 2022")],
        ),
        (
            {"start": "2015-01-02", "end": "2015-01-01", "country": "GB"},
            [("periods[0].end", "End date must be the same as or after the start date")],
        ),
    ],
)
def test_parse_request_reports_each_period_problem_on_its_field(period_entry, expected_errors):
    assert parse_errors(valid_request(periods=[period_entry])) == expected_errors


@pytest.mark.parametrize("item", [None, "GB", 3, ["2015-01-01", None, "GB"]])
def test_parse_request_reports_a_period_that_is_not_an_object(item):
    raw = valid_request()
    raw["periods"].append(item)

    assert parse_errors(raw) == [
        ("periods[2]", "Each period must be an object with start, end, country and reason")
    ]


def test_parse_request_reports_every_problem_at_once_in_reading_order():
    raw = {
        "level": "XX",
        "as_of": "2022-04-01",
        "periods": [
            {"start": "2015-01-01", "end": None, "country": "GB"},
            "not a period",
            {"start": "2023-01-01", "end": "2022-12-31", "country": "zz", "reason": "fun"},
            {"start": "2019-02-29", "end": None, "country": "GB", "reason": "work"},
            {"country": "FR"},
        ],
    }

    assert [field for field, _ in parse_errors(raw)] == [
        "level",
        "periods[0].end",
        "periods[1]",
        "periods[2].start",
        "periods[2].end",
        "periods[2].country",
        "periods[2].reason",
        "periods[3].start",
        "periods[3].end",
        "periods[3].reason",
        "periods[4].start",
        "periods[4].end",
    ]


def test_parse_request_still_checks_periods_when_as_of_is_unreadable():
    raw = valid_request(
        as_of="yesterday",
        periods=[{"start": "2030-01-02", "end": "2030-01-01", "country": "GB"}],
    )

    # Without as_of there is no "start after as_of" check; end-before-start still runs.
    assert [field for field, _ in parse_errors(raw)] == ["as_of", "periods[0].end"]


def test_parse_request_reports_missing_level_as_of_and_periods_together():
    assert [field for field, _ in parse_errors({})] == ["level", "as_of", "periods"]


# --- The JSON contract --------------------------------------------------------------------


def test_assessment_as_json_has_exactly_the_contract_keys_in_order():
    assessment = assess_mv(
        [
            uk(date(2000, 1, 1), date(2018, 6, 30)),
            abroad(date(2018, 8, 1), date(2019, 7, 31), reason="british_forces"),
            uk(date(2019, 8, 1), None),
        ]
    )

    as_json = assessment_as_json(assessment)

    assert as_json == {
        "outcome": "eligible",
        "level": "MV",
        "required_years": 5,
        "window": {"start": "2017-04-01", "end": "2022-04-01"},
        "reasons": [
            {"code": "GAP_SHORT", "start": "2018-07-01", "end": "2018-07-31"},
            {"code": "EXEMPT_BRITISH_FORCES", "start": "2018-08-01", "end": "2019-07-31"},
        ],
    }
    assert list(as_json) == ["outcome", "level", "required_years", "window", "reasons"]
    assert list(as_json["window"]) == ["start", "end"]
    assert all(list(reason) == ["code", "start", "end"] for reason in as_json["reasons"])
    # Plain str, not enum members, so any JSON encoder writes the same text.
    assert type(as_json["outcome"]) is str
    assert all(type(reason["code"]) is str for reason in as_json["reasons"])
    assert json.loads(json.dumps(as_json)) == as_json


def test_assessment_as_json_for_a_zero_year_level_reports_as_of_as_the_window():
    assessment = assess(level=NO_RESIDENCE_CHECK, as_of=AS_OF, periods=[])

    assert assessment_as_json(assessment) == {
        "outcome": "eligible",
        "level": "NONE",
        "required_years": 0,
        "window": {"start": "2022-04-01", "end": "2022-04-01"},
        "reasons": [],
    }


def test_errors_as_json_lists_field_and_message_in_order():
    error = RuleInputError(
        [
            FieldError("level", "Select a vetting level"),
            FieldError("periods[2].end", "End date must be the same as or after the start date"),
        ]
    )

    assert errors_as_json(error) == {
        "errors": [
            {"field": "level", "message": "Select a vetting level"},
            {
                "field": "periods[2].end",
                "message": "End date must be the same as or after the start date",
            },
        ]
    }


def test_json_request_to_json_answer_end_to_end():
    raw = json.loads(
        """
        {"level": "DV", "as_of": "2024-02-29", "periods": [
            {"start": "2010-05-01", "end": "2016-08-31", "country": "gb"},
            {"start": "2016-09-01", "end": "2017-06-30", "country": "je", "reason": "study"},
            {"start": "2017-07-01", "end": null, "country": "GB", "reason": "resident"}
        ]}
        """
    )

    level, as_of, periods = parse_request(raw, levels=LEVELS_BY_CODE)
    answer = assessment_as_json(assess(level=level, as_of=as_of, periods=periods))

    assert answer == {
        "outcome": "not_eligible",
        "level": "DV",
        "required_years": 10,
        "window": {"start": "2014-02-28", "end": "2024-02-29"},
        "reasons": [{"code": "ABROAD", "start": "2016-09-01", "end": "2017-06-30"}],
    }
