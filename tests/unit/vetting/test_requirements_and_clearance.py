"""Combined requirements (the stricter window) and clearance already held: pure rules."""

from datetime import date

import pytest

from vetting import rules
from vetting.clearance import (
    ClearanceOutcome,
    HeldClearance,
    assess_held_clearance,
    months_before,
)
from vetting.requirements import LevelFacts, Requirements, requirements_for

RV = LevelFacts("RV", "Recruitment Vetting", 3, "force")
MV = LevelFacts("MV", "Management Vetting", 5, "force")
CTC = LevelFacts("CTC", "Counter Terrorist Check", 3, "national_security")
SC = LevelFacts("SC", "Security Check", 5, "national_security")
DV = LevelFacts("DV", "Developed Vetting", 10, "national_security")
AS_OF = date(2026, 11, 30)


def test_a_single_level_applies_exactly_its_own_rule():
    requirements = requirements_for([MV])
    assert requirements.as_rule() == MV.as_rule()
    assert requirements.code == "MV"


def test_two_levels_apply_the_stricter_window_force_level_first():
    requirements = requirements_for([DV, RV])
    assert requirements.codes == ("RV", "DV")
    assert requirements.as_rule() == rules.LevelRule("RV+DV", 10, rules.FAMILY_REVIEW)
    assert requirements.years_differ


def test_family_time_counts_only_if_both_levels_say_it_counts():
    exempt_mv = LevelFacts("MV", "Management Vetting", 5, "force", rules.FAMILY_EXEMPT)
    exempt_sc = LevelFacts("SC", "Security Check", 5, "national_security", rules.FAMILY_EXEMPT)
    assert requirements_for([exempt_mv, exempt_sc]).family_of_exempt == rules.FAMILY_EXEMPT
    assert requirements_for([exempt_mv, SC]).family_of_exempt == rules.FAMILY_REVIEW


def test_two_levels_of_one_kind_are_refused():
    with pytest.raises(ValueError, match="one force and one national-security"):
        Requirements(levels=(RV, MV))


def test_mv_plus_sc_gives_the_same_outcome_as_either_alone_when_years_agree():
    periods = [rules.ResidencePeriod(date(2023, 1, 1), None, "GB")]
    combined = rules.assess(
        level=requirements_for([MV, SC]).as_rule(), as_of=AS_OF, periods=periods
    )
    alone = rules.assess(level=MV.as_rule(), as_of=AS_OF, periods=periods)
    assert (combined.outcome, combined.window_start) == (alone.outcome, alone.window_start)


def held(code, granted_on):
    return HeldClearance(level_code=code, granted_by="Kent Police", granted_on=granted_on)


@pytest.mark.parametrize(
    ("held_level", "required", "outcome"),
    [
        (MV, [MV], ClearanceOutcome.MAY_BE_ACCEPTED),
        (MV, [RV], ClearanceOutcome.MAY_BE_ACCEPTED),
        (DV, [SC], ClearanceOutcome.MAY_BE_ACCEPTED),
        (RV, [MV], ClearanceOutcome.DOES_NOT_COVER),
        # Force and national security vetting are separate processes.
        (DV, [MV], ClearanceOutcome.DOES_NOT_COVER),
        (SC, [MV, SC], ClearanceOutcome.PARTLY_COVERED),
    ],
)
def test_a_held_level_covers_levels_of_its_kind_needing_no_more_years(
    held_level, required, outcome
):
    assessment = assess_held_clearance(
        held=held(held_level.code, date(2026, 6, 1)),
        held_level=held_level,
        requirements=requirements_for(required),
        as_of=AS_OF,
    )
    assert assessment.outcome is outcome
    assert assessment.flagged_for_review


def test_a_clearance_older_than_the_recent_window_is_not_recent():
    requirements = requirements_for([MV])
    on_the_edge = assess_held_clearance(
        held=held("MV", date(2025, 11, 30)), held_level=MV, requirements=requirements, as_of=AS_OF
    )
    a_day_older = assess_held_clearance(
        held=held("MV", date(2025, 11, 29)), held_level=MV, requirements=requirements, as_of=AS_OF
    )
    assert on_the_edge.outcome is ClearanceOutcome.MAY_BE_ACCEPTED
    assert a_day_older.outcome is ClearanceOutcome.NOT_RECENT
    assert a_day_older.remaining == requirements


def test_partly_covered_leaves_the_other_level_to_the_residence_rule():
    assessment = assess_held_clearance(
        held=held("SC", date(2026, 1, 1)),
        held_level=SC,
        requirements=requirements_for([RV, SC]),
        as_of=AS_OF,
    )
    assert assessment.remaining == requirements_for([RV])
    assert assessment.covered == (SC,)
    assert assessment.outcome_with(rules.Outcome.ELIGIBLE) is rules.Outcome.REVIEW
    assert assessment.outcome_with(rules.Outcome.NOT_ELIGIBLE) is rules.Outcome.NOT_ELIGIBLE


def test_an_accepted_clearance_turns_any_residence_outcome_into_review():
    assessment = assess_held_clearance(
        held=held("DV", date(2026, 1, 1)),
        held_level=DV,
        requirements=requirements_for([SC]),
        as_of=AS_OF,
    )
    assert assessment.remaining is None
    for outcome in rules.Outcome:
        assert assessment.outcome_with(outcome) is rules.Outcome.REVIEW


def test_a_clearance_that_does_not_cover_leaves_the_residence_outcome_alone():
    assessment = assess_held_clearance(
        held=held("RV", date(2026, 1, 1)),
        held_level=RV,
        requirements=requirements_for([MV]),
        as_of=AS_OF,
    )
    assert assessment.outcome_with(rules.Outcome.NOT_ELIGIBLE) is rules.Outcome.NOT_ELIGIBLE
    assert assessment.outcome_with(rules.Outcome.ELIGIBLE) is rules.Outcome.ELIGIBLE


def test_a_clearance_granted_after_the_assessment_date_is_a_bug():
    with pytest.raises(ValueError):
        assess_held_clearance(
            held=held("MV", date(2026, 12, 1)),
            held_level=MV,
            requirements=requirements_for([MV]),
            as_of=AS_OF,
        )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 30), 12, date(2025, 11, 30)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
    ],
)
def test_months_before_keeps_the_day_or_the_months_last_day(day, months, expected):
    assert months_before(day, months) == expected
