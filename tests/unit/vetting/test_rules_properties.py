"""Hypothesis tests for the properties the spec (docs/vetting-rule.md) says the rule keeps.

One test per listed property, plus a day-by-day reference classification that
the boundary sweep in vetting/rules.py must agree with, and the outcome checked
against the reason table. Example counts are kept moderate so the file runs in
a few seconds on a 2-core machine.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vetting.rules import (
    Assessment,
    DayClass,
    LevelRule,
    Outcome,
    ResidencePeriod,
    RuleInputError,
    assess,
    parse_request,
    window_start_for,
)

# database=None: nothing is written under the repository; a failure still prints
# the falsifying example and a reproduce blob.
pytestmark = pytest.mark.slow  # 120 examples a property: ~10 CPU-seconds each
PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, database=None, print_blob=True)

ONE_DAY = timedelta(days=1)

# A mix that reaches every day class, including the Crown Dependencies.
COUNTRY_AND_REASON = st.sampled_from(
    [
        ("GB", "resident"),
        ("GB", "resident"),
        ("GB", "resident"),
        ("FR", "resident"),
        ("US", "work"),
        ("JE", "study"),
        ("IM", "travel"),
        ("ES", "other"),
        ("DE", "british_forces"),
        ("CY", "british_forces"),
        ("BE", "hmg_official_duty"),
        ("DE", "family_of_forces"),
        ("BE", "family_of_hmg"),
    ]
)

# Leap days are drawn on purpose: a uniform draw would almost never hit one.
AS_OF_DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)) | st.sampled_from(
    [date(2000, 2, 29), date(2004, 2, 29), date(2024, 2, 29), date(2028, 2, 29)]
)

# Least favourable first, as the spec ranks them.
CLASS_RANK = {
    DayClass.MISSING: 0,
    DayClass.ABROAD: 1,
    DayClass.FAMILY: 2,
    DayClass.EXEMPT: 3,
    DayClass.UK: 4,
}


def class_of_period(period: ResidencePeriod) -> DayClass:
    if period.country == "GB":
        return DayClass.UK
    if period.reason in ("british_forces", "hmg_official_duty"):
        return DayClass.EXEMPT
    if period.reason in ("family_of_forces", "family_of_hmg"):
        return DayClass.FAMILY
    return DayClass.ABROAD


def covers(period: ResidencePeriod, day: date, as_of: date) -> bool:
    return period.start <= day <= (period.end or as_of)


def days_of(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def class_by_day(assessment: Assessment) -> dict[date, DayClass]:
    return {
        day: stretch.day_class
        for stretch in assessment.stretches
        for day in days_of(stretch.start, stretch.end)
    }


def has_open_ended(periods: list[ResidencePeriod]) -> bool:
    return any(period.end is None for period in periods)


@st.composite
def residence_histories(draw, as_of: date, window_start: date) -> list[ResidencePeriod]:
    """Valid periods: a rough timeline (moves with small gaps and overlaps) plus strays."""
    periods = []
    cursor = window_start - timedelta(days=draw(st.integers(-60, 400)))
    for _ in range(draw(st.integers(0, 8))):
        if cursor > as_of:
            break
        length_days = draw(st.integers(0, 1500))
        country, reason = draw(COUNTRY_AND_REASON)
        end = cursor + timedelta(days=length_days)
        periods.append(ResidencePeriod(cursor, end, country, reason))
        # A step of 1 day is a clean move; 2 leaves a one-day gap; 32 and 33 leave
        # gaps either side of the default tolerance; negative steps overlap.
        step_days = draw(st.sampled_from([1, 1, 1, 2, 32, 33]) | st.integers(-30, 45))
        cursor = end + timedelta(days=step_days)
    for _ in range(draw(st.integers(0, 3))):
        periods.append(draw(any_period(as_of=as_of, window_start=window_start, open_ended=False)))
    if periods and draw(st.booleans()):
        index = draw(st.integers(0, len(periods) - 1))
        periods[index] = replace(periods[index], end=None)
    return draw(st.permutations(periods))


@st.composite
def any_period(
    draw, as_of: date, window_start: date, open_ended: bool, country_and_reason=COUNTRY_AND_REASON
) -> ResidencePeriod:
    start = draw(st.dates(min_value=window_start - timedelta(days=400), max_value=as_of))
    country, reason = draw(country_and_reason)
    if open_ended and draw(st.booleans()):
        return ResidencePeriod(start, None, country, reason)
    # May run past as_of: the rule cuts it.
    end = start + timedelta(days=draw(st.integers(0, (as_of - start).days + 100)))
    return ResidencePeriod(start, end, country, reason)


@st.composite
def scenarios(draw, min_years: int = 1):
    """(assess keyword arguments, window_start) for a valid random case."""
    level = LevelRule(
        code="L",
        required_years=draw(st.integers(min_years, 10)),
        family_of_exempt=draw(st.sampled_from(["exempt", "review"])),
    )
    as_of = draw(AS_OF_DATES)
    window_start = window_start_for(as_of, level.required_years)
    arguments = {
        "level": level,
        "as_of": as_of,
        "periods": draw(residence_histories(as_of=as_of, window_start=window_start)),
        "gap_tolerance_days": draw(st.sampled_from([0, 31]) | st.integers(0, 60)),
        "abroad_tolerance_days": draw(st.sampled_from([0, 14]) | st.integers(0, 30)),
    }
    return arguments, window_start


# --- The order of periods does not change the result ------------------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_order_of_periods_does_not_change_the_assessment(scenario, data):
    arguments, _ = scenario
    reordered = data.draw(st.permutations(arguments["periods"]))

    assert assess(**{**arguments, "periods": reordered}) == assess(**arguments)


# --- Splitting a period into two adjoining ones changes nothing ----------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_splitting_a_period_into_two_adjoining_periods_does_not_change_the_assessment(
    scenario, data
):
    arguments, _ = scenario
    periods, as_of = arguments["periods"], arguments["as_of"]
    # Both halves must start on or before as_of to stay valid input.
    splittable = [
        index
        for index, period in enumerate(periods)
        if period.start < min(period.end or as_of, as_of)
    ]
    if not splittable:
        periods = [*periods, ResidencePeriod(as_of - timedelta(days=400), as_of, "FR", "work")]
        splittable = [len(periods) - 1]
    index = data.draw(st.sampled_from(splittable))
    period = periods[index]
    last_day_of_first_half = data.draw(
        st.dates(min_value=period.start, max_value=min(period.end or as_of, as_of) - ONE_DAY)
    )
    first_half = replace(period, end=last_day_of_first_half)
    second_half = replace(period, start=last_day_of_first_half + ONE_DAY)
    split_periods = [*periods[:index], first_half, second_half, *periods[index + 1 :]]

    assert assess(**{**arguments, "periods": split_periods}) == assess(
        **{**arguments, "periods": periods}
    )


# --- Lengthening or adding a GB period never makes the outcome worse ----------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_adding_a_uk_period_never_makes_the_outcome_worse(scenario, data):
    arguments, window_start = scenario
    uk_period = data.draw(
        any_period(
            as_of=arguments["as_of"],
            window_start=window_start,
            open_ended=not has_open_ended(arguments["periods"]),
            country_and_reason=st.just(("GB", "resident")),
        )
    )

    before = assess(**arguments)
    after = assess(**{**arguments, "periods": [*arguments["periods"], uk_period]})

    assert after.outcome.severity <= before.outcome.severity
    assert after.outcome.severity <= before.outcome.severity


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_lengthening_a_uk_period_never_makes_the_outcome_worse(scenario, data):
    arguments, _ = scenario
    periods = arguments["periods"]
    uk_indexes = [index for index, period in enumerate(periods) if period.country == "GB"]
    if not uk_indexes:
        periods = [*periods, ResidencePeriod(arguments["as_of"], arguments["as_of"], "GB")]
        uk_indexes = [len(periods) - 1]
    index = data.draw(st.sampled_from(uk_indexes))
    period = periods[index]
    earlier_start = period.start - timedelta(days=data.draw(st.integers(0, 800)))
    becomes_open_ended = not has_open_ended(periods) and data.draw(st.booleans())
    if period.end is None or becomes_open_ended:
        later_end = None
    else:
        later_end = period.end + timedelta(days=data.draw(st.integers(1, 800)))
    lengthened = [*periods[:index], replace(period, start=earlier_start, end=later_end)]
    lengthened += periods[index + 1 :]

    before = assess(**{**arguments, "periods": periods})
    after = assess(**{**arguments, "periods": lengthened})

    assert after.outcome.severity <= before.outcome.severity


# --- Adding a period never changes the class of a day it does not cover ------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_adding_a_period_never_changes_the_class_of_a_day_it_does_not_cover(scenario, data):
    arguments, window_start = scenario
    as_of = arguments["as_of"]
    added = data.draw(
        any_period(
            as_of=as_of,
            window_start=window_start,
            open_ended=not has_open_ended(arguments["periods"]),
        )
    )

    before = class_by_day(assess(**arguments))
    after = class_by_day(assess(**{**arguments, "periods": [*arguments["periods"], added]}))

    assert before.keys() == after.keys()
    for day, day_class in before.items():
        if covers(added, day, as_of):
            # A covered day can only move to a class at least as favourable.
            assert CLASS_RANK[after[day]] >= CLASS_RANK[day_class]
        else:
            assert after[day] == day_class


# --- The window holds exactly window_start..as_of ---------------------------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_window_holds_exactly_the_days_from_window_start_to_as_of(scenario):
    arguments, _ = scenario
    as_of, required_years = arguments["as_of"], arguments["level"].required_years

    assessment = assess(**arguments)

    assert assessment.window_end == as_of
    assert assessment.window_start == window_start_for(as_of, required_years)
    assert assessment.window_start.year == as_of.year - required_years
    assert (assessment.window_start.month, assessment.window_start.day) in {
        (as_of.month, as_of.day),
        (2, 28),
    }
    stretches = assessment.stretches
    assert stretches[0].start == assessment.window_start
    assert stretches[-1].end == as_of
    for stretch in stretches:
        assert stretch.start <= stretch.end
    for earlier, later in zip(stretches, stretches[1:], strict=False):
        assert later.start == earlier.end + ONE_DAY
    window_days = (as_of - assessment.window_start).days + 1
    assert sum((stretch.end - stretch.start).days + 1 for stretch in stretches) == window_days


@PROPERTY_SETTINGS
@given(
    as_of=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    | st.sampled_from([date(1904, 2, 29), date(2000, 2, 29), date(2024, 2, 29), date(2100, 2, 28)]),
    required_years=st.integers(0, 100),
)
def test_window_start_is_required_years_earlier_on_the_same_day_or_28_february(
    as_of, required_years
):
    window_start = window_start_for(as_of, required_years)

    assert window_start.year == as_of.year - required_years
    if (as_of.month, as_of.day) == (2, 29) and window_start.day != 29:
        assert (window_start.month, window_start.day) == (2, 28)
        assert required_years % 4 != 0 or window_start.year % 100 == 0
    else:
        assert (window_start.month, window_start.day) == (as_of.month, as_of.day)


@PROPERTY_SETTINGS
@given(scenario=scenarios(min_years=0), data=st.data())
def test_a_zero_year_level_is_always_eligible_with_nothing_to_show(scenario, data):
    arguments, _ = scenario
    no_check_level = replace(arguments["level"], required_years=0)

    assessment = assess(**{**arguments, "level": no_check_level})

    assert assessment.outcome is Outcome.ELIGIBLE
    assert assessment.reasons == ()
    assert assessment.stretches == ()
    assert assessment.window_start == assessment.window_end == arguments["as_of"]


# --- Stretches and reasons agree with a day-by-day reading of the spec ---------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_every_day_has_the_most_favourable_class_of_the_periods_covering_it(scenario):
    arguments, _ = scenario
    as_of, periods = arguments["as_of"], arguments["periods"]

    assessment = assess(**arguments)

    for day, day_class in class_by_day(assessment).items():
        covering_classes = [
            class_of_period(period) for period in periods if covers(period, day, as_of)
        ]
        expected = max(covering_classes, key=CLASS_RANK.__getitem__, default=DayClass.MISSING)
        assert day_class == expected, day


@st.composite
def overlapping_forces_and_hmg_duty(draw, as_of: date, window_start: date):
    """Two exempt periods that share at least one day, in either order."""
    first = draw(any_period(as_of=as_of, window_start=window_start, open_ended=False))
    second_start = draw(st.dates(min_value=first.start, max_value=min(first.end, as_of)))
    second_end = second_start + timedelta(days=draw(st.integers(0, 800)))
    reasons = draw(st.permutations(["british_forces", "hmg_official_duty"]))
    return [
        replace(first, country="US", reason=reasons[0]),
        ResidencePeriod(second_start, second_end, "DE", reasons[1]),
    ]


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_reasons_are_the_non_uk_stretches_with_codes_from_the_spec_table(scenario, data):
    arguments, window_start = scenario
    as_of, periods = arguments["as_of"], arguments["periods"]
    if data.draw(st.booleans(), label="add overlapping forces and HMG duty"):
        periods = [
            *periods,
            *data.draw(overlapping_forces_and_hmg_duty(as_of=as_of, window_start=window_start)),
        ]
        arguments = {**arguments, "periods": periods}

    assessment = assess(**arguments)

    non_uk_stretches = [s for s in assessment.stretches if s.day_class is not DayClass.UK]
    assert [(r.day_class, r.start, r.end) for r in assessment.reasons] == [
        (s.day_class, s.start, s.end) for s in non_uk_stretches
    ]
    for earlier, later in zip(assessment.stretches, assessment.stretches[1:], strict=False):
        # Maximal runs: neighbours differ in class, except two kinds of exemption.
        assert earlier.day_class != later.day_class or earlier.day_class is DayClass.EXEMPT
    for reason in assessment.reasons:
        if reason.day_class is DayClass.MISSING:
            expected_code = "GAP" if reason.days > arguments["gap_tolerance_days"] else "GAP_SHORT"
            assert reason.code == expected_code
        elif reason.day_class is DayClass.ABROAD:
            assert reason.code == "ABROAD"
        elif reason.day_class is DayClass.FAMILY:
            assert reason.code == "FAMILY_OF_EXEMPT"
        else:
            for day in days_of(reason.start, reason.end):
                covering_reasons = {p.reason for p in periods if covers(p, day, as_of)}
                # Forces wins a tie with HMG duty on the same day.
                expected_code = (
                    "EXEMPT_BRITISH_FORCES"
                    if "british_forces" in covering_reasons
                    else "EXEMPT_HMG_DUTY"
                )
                assert reason.code == expected_code, day


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_the_longest_stretch_is_within_a_tolerance_of_exactly_its_length(scenario, data):
    arguments, _ = scenario
    stretches = [
        stretch
        for stretch in assess(**arguments).stretches
        if stretch.day_class in (DayClass.MISSING, DayClass.ABROAD)
    ]
    assume(stretches)
    day_class = data.draw(st.sampled_from(sorted({stretch.day_class for stretch in stretches})))
    longest = max(
        (stretch for stretch in stretches if stretch.day_class is day_class),
        key=lambda stretch: stretch.end - stretch.start,
    )
    longest_days = (longest.end - longest.start).days + 1

    if day_class is DayClass.MISSING:
        at_tolerance = assess(**{**arguments, "gap_tolerance_days": longest_days})
        just_under = assess(**{**arguments, "gap_tolerance_days": longest_days - 1})
        gap_codes_at = {r.code for r in at_tolerance.reasons if r.day_class is DayClass.MISSING}
        [longest_under] = [r for r in just_under.reasons if r.start == longest.start]
        assert gap_codes_at == {"GAP_SHORT"}
        assert longest_under.code == "GAP"
        assert just_under.outcome.severity >= Outcome.REVIEW.severity
    else:
        at_tolerance = assess(**{**arguments, "abroad_tolerance_days": longest_days})
        just_under = assess(**{**arguments, "abroad_tolerance_days": longest_days - 1})
        # Abroad within tolerance is review, and nothing else can make it worse.
        assert at_tolerance.outcome is Outcome.REVIEW
        assert just_under.outcome is Outcome.NOT_ELIGIBLE


# --- Invalid input is reported against the right period, wherever it sits ----------------


@st.composite
def invalid_periods(draw, as_of: date):
    """(period, the one field it gets wrong) for each kind of invalid period."""
    day = draw(st.dates(min_value=as_of - timedelta(days=4000), max_value=as_of))
    earlier_day = day - timedelta(days=draw(st.integers(1, 400)))
    after_as_of = as_of + timedelta(days=draw(st.just(1) | st.integers(1, 400)))
    return draw(
        st.sampled_from(
            [
                (ResidencePeriod(day, earlier_day, "GB"), "end"),
                (ResidencePeriod(after_as_of, after_as_of, "FR", "work"), "start"),
                (ResidencePeriod(day, day, "UK"), "country"),
                (ResidencePeriod(day, day, "FR", "holiday"), "reason"),
                (ResidencePeriod(day, day, "GB", "british_forces"), "reason"),
            ]
        )
    )


@PROPERTY_SETTINGS
@given(scenario=scenarios(min_years=0), data=st.data())
def test_an_invalid_period_is_reported_by_its_position_and_field(scenario, data):
    arguments, _ = scenario
    periods = arguments["periods"]
    invalid_period, wrong_field = data.draw(invalid_periods(as_of=arguments["as_of"]))
    position = data.draw(st.integers(0, len(periods)))
    with_invalid = [*periods[:position], invalid_period, *periods[position:]]

    try:
        assess(**{**arguments, "periods": with_invalid})
    except RuleInputError as error:
        assert [e.field for e in error.errors] == [f"periods[{position}].{wrong_field}"]
    else:
        raise AssertionError("an invalid period was accepted")


# --- Outcomes order: eligible < review < not_eligible -------------------------------------


@PROPERTY_SETTINGS
@given(outcomes=st.lists(st.sampled_from(list(Outcome)), max_size=6))
def test_worst_outcome_follows_eligible_review_not_eligible(outcomes):
    worst = Outcome.worst(outcomes)
    order = [Outcome.ELIGIBLE, Outcome.REVIEW, Outcome.NOT_ELIGIBLE]

    assert worst == (max(outcomes, key=order.index) if outcomes else Outcome.ELIGIBLE)
    assert all(outcome.severity <= worst.severity for outcome in outcomes)
    for left in outcomes:
        for right in outcomes:
            assert (left.severity < right.severity) == (order.index(left) < order.index(right))


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_outcome_is_the_worst_effect_among_the_reasons(scenario):
    arguments, _ = scenario
    family_is_exempt = arguments["level"].family_of_exempt == "exempt"

    assessment = assess(**arguments)

    effects = []
    for reason in assessment.reasons:
        if reason.code == "ABROAD":
            within_tolerance = reason.days <= arguments["abroad_tolerance_days"]
            effects.append(Outcome.REVIEW if within_tolerance else Outcome.NOT_ELIGIBLE)
        elif reason.code == "GAP" or (reason.code == "FAMILY_OF_EXEMPT" and not family_is_exempt):
            effects.append(Outcome.REVIEW)
        else:
            effects.append(Outcome.ELIGIBLE)
    expected = max(effects, key=lambda outcome: outcome.severity, default=Outcome.ELIGIBLE)
    assert assessment.outcome is expected


# --- The JSON entry point reads back what the typed one takes -----------------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios(), lower_case_countries=st.booleans())
def test_parse_request_reads_back_periods_written_as_json(scenario, lower_case_countries):
    arguments, _ = scenario
    level, as_of, periods = arguments["level"], arguments["as_of"], arguments["periods"]
    raw = {
        "level": level.code,
        "as_of": as_of.isoformat(),
        "periods": [
            {
                "start": period.start.isoformat(),
                "end": period.end.isoformat() if period.end else None,
                "country": period.country.lower() if lower_case_countries else period.country,
                "reason": period.reason,
            }
            for period in periods
        ],
    }

    assert parse_request(raw, levels={level.code: level}) == (level, as_of, list(periods))
