"""Requirements and held clearance in plain English (vetting/wording.py)."""

from datetime import date

from vetting.clearance import HeldClearance, assess_held_clearance
from vetting.requirements import LevelFacts, requirements_for
from vetting.wording import clearance_summary, requirements_summary, residence_rule_sentences

RV = LevelFacts("RV", "Recruitment Vetting", 3, "force")
MV = LevelFacts("MV", "Management Vetting", 5, "force")
SC = LevelFacts("SC", "Security Check", 5, "national_security")
DV = LevelFacts("DV", "Developed Vetting", 10, "national_security")


def test_two_levels_with_the_same_years_are_both_named():
    assert requirements_summary(requirements_for([MV, SC])) == (
        "You need Management Vetting and Security Check. Both need 5 years' UK residence."
    )


def test_two_levels_with_different_years_say_which_window_applies():
    assert requirements_summary(requirements_for([RV, DV])) == (
        "You need Recruitment Vetting and Developed Vetting. Recruitment Vetting needs 3 years' "
        "UK residence and Developed Vetting needs 10 years' UK residence, so you need 10 years' "
        "UK residence."
    )


def test_one_level_is_named_with_its_years():
    assert requirements_summary(requirements_for([RV])) == (
        "You need Recruitment Vetting. It needs 3 years' UK residence."
    )


def test_the_residence_sentences_describe_the_stricter_window():
    assert residence_rule_sentences(requirements_for([RV, DV]))[0].startswith(
        "You must have lived in the UK for the last 10 years, unless"
    )


def test_a_clearance_that_may_be_accepted_says_it_will_be_flagged_for_review():
    assessment = assess_held_clearance(
        held=HeldClearance("MV", "Kent Police", date(2026, 6, 1)),
        held_level=MV,
        requirements=requirements_for([MV]),
        as_of=date(2026, 11, 30),
    )
    summary = clearance_summary(assessment)
    assert summary.startswith("Your Management Vetting clearance may be accepted")
    assert "flagged" in summary


def test_a_partly_covering_clearance_names_what_is_still_needed():
    assessment = assess_held_clearance(
        held=HeldClearance("SC", "Kent Police", date(2026, 6, 1)),
        held_level=SC,
        requirements=requirements_for([MV, SC]),
        as_of=date(2026, 11, 30),
    )
    assert clearance_summary(assessment).startswith(
        "Your Security Check clearance may be accepted for Security Check. You still need "
        "Management Vetting"
    )
