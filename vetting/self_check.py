"""The self-check's answers, kept in the candidate's session and nowhere else.

Nothing a candidate enters in the self-check is written to our tables: the
answers live in the Django session under one key (so "start again" and the
result page can drop them in one go) and are plain JSON, the same shape as the
assess_eligibility command's request, so they need no model and no migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from . import rules
from .clearance import HeldClearance

SESSION_KEY = "vetting_self_check"

# Why a candidate was abroad, in the words the question page uses.
REASON_LABELS = {
    "british_forces": _("Employed by the British Armed Forces"),
    "hmg_official_duty": _("On official duty for HM Government"),
    "family_of_forces": _("Living with a family member who was in the British Armed Forces"),
    "family_of_hmg": _("Living with a family member who was on official duty for HM Government"),
    "study": _("Studying"),
    "work": _("Working (not for the British Armed Forces or HM Government)"),
    "travel": _("Travelling"),
    "other": _("Another reason"),
}


@dataclass
class Period:
    country: str
    start: date
    end: date | None
    reason: str = rules.RESIDENT

    def as_rule(self) -> rules.ResidencePeriod:
        return rules.ResidencePeriod(
            start=self.start, end=self.end, country=self.country, reason=self.reason
        )

    def as_json(self) -> dict:
        return {
            "country": self.country,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, raw: dict) -> Period:
        return cls(
            country=raw["country"],
            start=date.fromisoformat(raw["start"]),
            end=date.fromisoformat(raw["end"]) if raw["end"] else None,
            reason=raw["reason"],
        )


def _held_clearance_as_json(held: HeldClearance | None) -> dict | None:
    if held is None:
        return None
    return {
        "level": held.level_code,
        "granted_by": held.granted_by,
        "granted_on": held.granted_on.isoformat(),
    }


def _held_clearance_from_json(raw) -> HeldClearance | None:
    if raw is None:
        return None
    return HeldClearance(
        level_code=raw["level"],
        granted_by=raw["granted_by"],
        granted_on=date.fromisoformat(raw["granted_on"]),
    )


@dataclass
class Answers:
    """What the candidate has said so far: the levels (perhaps from an advert), the places
    they lived, and whether they already hold clearance (None: not asked or "no")."""

    level_codes: list[str] = field(default_factory=list)
    vacancy_reference: str | None = None
    periods: list[Period] = field(default_factory=list)
    clearance_answered: bool = False
    held_clearance: HeldClearance | None = None

    def as_rule_periods(self) -> list[rules.ResidencePeriod]:
        return [period.as_rule() for period in self.periods]


def load(session) -> Answers:
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return Answers()
    try:
        level_codes = raw.get("levels")
        if level_codes is None and raw.get("level"):
            # Written before adverts could need two levels.
            level_codes = [raw["level"]]
        return Answers(
            level_codes=list(level_codes or []),
            vacancy_reference=raw.get("vacancy"),
            periods=[Period.from_json(period) for period in raw.get("periods", [])],
            clearance_answered=bool(raw.get("clearance_answered", False)),
            held_clearance=_held_clearance_from_json(raw.get("held_clearance")),
        )
    except (KeyError, TypeError, ValueError):
        # A session written by an older version of these pages: start afresh.
        return Answers()


def save(session, answers: Answers) -> None:
    session[SESSION_KEY] = {
        "levels": answers.level_codes,
        "vacancy": answers.vacancy_reference,
        "periods": [period.as_json() for period in answers.periods],
        "clearance_answered": answers.clearance_answered,
        "held_clearance": _held_clearance_as_json(answers.held_clearance),
    }


def clear(session) -> None:
    session.pop(SESSION_KEY, None)
