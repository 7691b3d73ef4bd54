"""The self-check's answers, kept in the candidate's session and nowhere else.

Nothing a candidate enters in the self-check is written to our tables: the
answers live in the Django session under one key (so "start again" and the
result page can drop them in one go) and are plain JSON, the same shape as the
assess_eligibility command's request, so they need no model and no migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import rules

SESSION_KEY = "vetting_self_check"

# Why a candidate was abroad, in the words the question page uses.
REASON_LABELS = {
    "british_forces": "Employed by the British Armed Forces",
    "hmg_official_duty": "On official duty for HM Government",
    "family_of_forces": "Living with a family member who was in the British Armed Forces",
    "family_of_hmg": "Living with a family member who was on official duty for HM Government",
    "study": "Studying",
    "work": "Working (not for the British Armed Forces or HM Government)",
    "travel": "Travelling",
    "other": "Another reason",
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


@dataclass
class Answers:
    """What the candidate has said so far: a level (perhaps from an advert) and periods."""

    level_code: str | None = None
    vacancy_reference: str | None = None
    periods: list[Period] = field(default_factory=list)

    def as_rule_periods(self) -> list[rules.ResidencePeriod]:
        return [period.as_rule() for period in self.periods]


def load(session) -> Answers:
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return Answers()
    try:
        return Answers(
            level_code=raw.get("level"),
            vacancy_reference=raw.get("vacancy"),
            periods=[Period.from_json(period) for period in raw.get("periods", [])],
        )
    except (KeyError, TypeError, ValueError):
        # A session written by an older version of these pages: start afresh.
        return Answers()


def save(session, answers: Answers) -> None:
    session[SESSION_KEY] = {
        "level": answers.level_code,
        "vacancy": answers.vacancy_reference,
        "periods": [period.as_json() for period in answers.periods],
    }


def clear(session) -> None:
    session.pop(SESSION_KEY, None)
