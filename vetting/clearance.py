"""Clearance a candidate already holds: may it stand in for being vetted again?

Transferees and secondees from a force often hold a level already, and a
vetting unit may accept a recent clearance instead of vetting again. Only the
host force's vetting unit decides, so this rule never says "eligible": at best a
held clearance **may be accepted**, and any declared clearance sends the
application to a person ("flagged for review") rather than being assessed on
residence alone.

A held level covers a required level of the same kind (force or national
security) that needs no more years of residence: DV covers SC and CTC, SC covers
CTC, MV covers RV. Force and national security vetting are separate processes,
so neither covers the other. "Recent" is a setting
(VETTING_HELD_CLEARANCE_RECENT_MONTHS, default 12: "transferees' clearance under
a year old may be accepted").

Pure: no Django, no clock; dates are passed in.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date

from . import rules
from .requirements import LevelFacts, Requirements

__all__ = [
    "DEFAULT_RECENT_MONTHS",
    "ClearanceAssessment",
    "ClearanceOutcome",
    "HeldClearance",
    "assess_held_clearance",
    "months_before",
]

DEFAULT_RECENT_MONTHS = 12


class ClearanceOutcome(enum.StrEnum):
    MAY_BE_ACCEPTED = "may_be_accepted"  # recent, and covers every level the post needs
    PARTLY_COVERED = "partly_covered"  # recent, covers one of two levels
    NOT_RECENT = "not_recent"  # would cover, but granted too long ago
    DOES_NOT_COVER = "does_not_cover"  # a lower level, or the other process


@dataclass(frozen=True)
class HeldClearance:
    """What a candidate says they hold; kept with an application, never logged or emailed."""

    level_code: str
    granted_by: str
    granted_on: date


@dataclass(frozen=True)
class ClearanceAssessment:
    outcome: ClearanceOutcome
    held_level: LevelFacts
    covered: tuple[LevelFacts, ...]
    remaining: Requirements | None  # levels still assessed on residence; None if none left
    recent_since: date  # granted on or after this date counts as recent
    # Any declared clearance is for a person to look at: the rule never decides it.
    flagged_for_review: bool = True

    def outcome_with(self, residence_outcome: rules.Outcome) -> rules.Outcome:
        """The overall outcome, given the residence outcome for `remaining` (or all levels).

        A clearance that may be accepted replaces residence with review; one that
        covers nothing, or is not recent, leaves the residence outcome as it is.
        """
        if self.outcome is ClearanceOutcome.MAY_BE_ACCEPTED:
            return rules.Outcome.REVIEW
        if self.outcome is ClearanceOutcome.PARTLY_COVERED:
            return rules.Outcome.worst([rules.Outcome.REVIEW, residence_outcome])
        return residence_outcome


def months_before(day: date, months: int) -> date:
    """`day` minus whole calendar months; a day the month lacks becomes its last day."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _covers(held: LevelFacts, required: LevelFacts) -> bool:
    return held.kind == required.kind and held.required_years >= required.required_years


def assess_held_clearance(
    *,
    held: HeldClearance,
    held_level: LevelFacts,
    requirements: Requirements,
    as_of: date,
    recent_months: int = DEFAULT_RECENT_MONTHS,
) -> ClearanceAssessment:
    """How a held clearance bears on a post's requirements, as of `as_of`."""
    if held.granted_on > as_of:
        raise ValueError("a clearance cannot be granted after the assessment date")
    if recent_months < 0:
        raise ValueError("recent_months must be >= 0")
    recent_since = months_before(as_of, recent_months)
    covered = tuple(level for level in requirements.levels if _covers(held_level, level))
    uncovered = tuple(level for level in requirements.levels if level not in covered)
    is_recent = held.granted_on >= recent_since
    if not covered:
        outcome = ClearanceOutcome.DOES_NOT_COVER
    elif not is_recent:
        outcome = ClearanceOutcome.NOT_RECENT
    elif uncovered:
        outcome = ClearanceOutcome.PARTLY_COVERED
    else:
        outcome = ClearanceOutcome.MAY_BE_ACCEPTED
    counts = outcome in (ClearanceOutcome.MAY_BE_ACCEPTED, ClearanceOutcome.PARTLY_COVERED)
    if not counts:
        remaining: Requirements | None = requirements
    elif uncovered:
        remaining = Requirements(levels=uncovered)
    else:
        remaining = None
    return ClearanceAssessment(
        outcome=outcome,
        held_level=held_level,
        covered=covered if counts or outcome is ClearanceOutcome.NOT_RECENT else (),
        remaining=remaining,
        recent_since=recent_since,
    )
