"""An advert's vetting requirements taken together: which window the rule applies.

A ROCU advert may need two levels, one from each process ("MV / Security
Clearance designated post"): a force level (RV, MV) and a national-security
level (CTC, SC, DV). The candidate has to meet both, so everything that applies
the residence rule (the advert page, the self-check, an application's residence
section, the command line given an advert reference) applies it once, with the
**stricter** of the two: the longer window, and "review" for family time abroad
if either level says so. Both levels are still named to the candidate
(vetting/wording.py).

Pure: no Django, no database. Callers build `LevelFacts` from rows
(`VettingLevel.as_facts()`) and get a `rules.LevelRule` back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import rules

__all__ = ["LevelFacts", "Requirements", "requirements_for"]

FORCE = "force"
NATIONAL_SECURITY = "national_security"


@dataclass(frozen=True)
class LevelFacts:
    """What the wording and the rule need to know about one level."""

    code: str
    name: str
    required_years: int
    kind: str = FORCE
    family_of_exempt: str = rules.FAMILY_REVIEW

    def as_rule(self) -> rules.LevelRule:
        return rules.LevelRule(
            code=self.code,
            required_years=self.required_years,
            family_of_exempt=self.family_of_exempt,
        )


@dataclass(frozen=True)
class Requirements:
    """One or two levels a candidate must meet; force level first."""

    levels: tuple[LevelFacts, ...]

    def __post_init__(self) -> None:
        if not 1 <= len(self.levels) <= 2:
            raise ValueError("a post needs one or two vetting levels")
        if len(self.levels) == 2 and self.levels[0].kind == self.levels[1].kind:
            raise ValueError("two levels must be one force and one national-security level")

    @property
    def code(self) -> str:
        """ "MV" or "MV+SC": how the combination is named in JSON and session data."""
        return "+".join(level.code for level in self.levels)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels)

    @property
    def required_years(self) -> int:
        """The stricter (longer) of the levels' residence windows."""
        return max(level.required_years for level in self.levels)

    @property
    def family_of_exempt(self) -> str:
        # Family time abroad counts as the UK only if every level says so.
        if all(level.family_of_exempt == rules.FAMILY_EXEMPT for level in self.levels):
            return rules.FAMILY_EXEMPT
        return rules.FAMILY_REVIEW

    @property
    def is_combined(self) -> bool:
        return len(self.levels) == 2

    @property
    def years_differ(self) -> bool:
        return len({level.required_years for level in self.levels}) > 1

    def as_rule(self) -> rules.LevelRule:
        """The one rule to apply: for a single level, exactly that level's rule."""
        if not self.is_combined:
            return self.levels[0].as_rule()
        return rules.LevelRule(
            code=self.code,
            required_years=self.required_years,
            family_of_exempt=self.family_of_exempt,
        )


def requirements_for(levels: Iterable[LevelFacts | None]) -> Requirements:
    """The requirements of the given levels (None skipped), force levels first."""
    present = [level for level in levels if level is not None]
    present.sort(key=lambda level: level.kind != FORCE)
    return Requirements(levels=tuple(present))
