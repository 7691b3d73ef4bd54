"""The eight sections of an application and whether each is done.

Pure functions over answers already loaded (no queries, no Django), so the
task list, Check your answers and the submit service share one definition of
"complete". Each section's status is Completed, Incomplete or Not yet started.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from vetting import rules

# The employment history asked for, and the longest gap left unexplained.
EMPLOYMENT_YEARS = 3
EMPLOYMENT_GAP_ALLOWANCE_DAYS = 91  # "over 3 months" means more than 91 days

REFEREES_REQUIRED = 2


class Section(enum.StrEnum):
    PERSONAL = "personal-details"
    RESIDENCE = "where-you-have-lived"
    EMPLOYMENT = "employment-and-education"
    REFEREES = "referees"
    QUESTIONS = "about-the-role"
    ADJUSTMENTS = "adjustments"
    EQUALITY = "equality-monitoring"
    DECLARATION = "declaration"


SECTION_ORDER = tuple(Section)


class Status(enum.StrEnum):
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"
    NOT_STARTED = "not_started"


def word_count(text: str) -> int:
    """Words as GOV.UK's character count counts them in word mode (runs of non-space)."""
    return len(text.split())


@dataclass(frozen=True)
class Gap:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def uncovered_stretches(
    spans: Sequence[tuple[date, date | None]], *, window_start: date, window_end: date
) -> list[Gap]:
    """Every run of days from window_start to window_end that no span covers (end None = now)."""
    gaps: list[Gap] = []
    cursor = window_start
    for start, end in sorted(spans, key=lambda span: span[0]):
        end = end or window_end
        if end < cursor:
            continue
        if start > cursor:
            gaps.append(Gap(cursor, min(start - timedelta(days=1), window_end)))
        cursor = max(cursor, end + timedelta(days=1))
        if cursor > window_end:
            break
    if cursor <= window_end:
        gaps.append(Gap(cursor, window_end))
    return [gap for gap in gaps if gap.start <= gap.end]


def employment_gaps(spans: Sequence[tuple[date, date | None]], *, as_of: date) -> list[Gap]:
    """Gaps of more than 3 months in the last 3 years: each needs explaining."""
    window_start = rules.window_start_for(as_of, EMPLOYMENT_YEARS)
    return [
        gap
        for gap in uncovered_stretches(spans, window_start=window_start, window_end=as_of)
        if gap.days > EMPLOYMENT_GAP_ALLOWANCE_DAYS
    ]


def residence_problems(assessment: rules.Assessment) -> dict:
    """What the residence section still needs, from the rule's assessment."""
    return {
        "gaps": [reason for reason in assessment.reasons if reason.code == rules.ReasonCode.GAP],
        "not_eligible": assessment.outcome == rules.Outcome.NOT_ELIGIBLE,
    }


def residence_status(
    *,
    period_count: int,
    all_added: bool,
    assessment: rules.Assessment | None,
    exemption_statement: str,
    clearance_answered: bool,
) -> Status:
    """Complete when every place is added, the window is covered, a not-eligible
    result carries the candidate's statement of why an exemption applies, and the
    candidate has said whether they already hold clearance."""
    if period_count == 0:
        return Status.NOT_STARTED
    if not all_added or assessment is None or not clearance_answered:
        return Status.INCOMPLETE
    problems = residence_problems(assessment)
    if problems["gaps"]:
        return Status.INCOMPLETE
    if problems["not_eligible"] and not exemption_statement.strip():
        return Status.INCOMPLETE
    return Status.COMPLETED


def employment_status(
    *, spans: Sequence[tuple[date, date | None]], all_added: bool, as_of: date
) -> Status:
    if not spans:
        return Status.NOT_STARTED
    if not all_added or employment_gaps(spans, as_of=as_of):
        return Status.INCOMPLETE
    return Status.COMPLETED


def referees_status(*, count: int, has_recent_employer: bool, consent: bool) -> Status:
    if count == 0 and not consent:
        return Status.NOT_STARTED
    if count == REFEREES_REQUIRED and has_recent_employer and consent:
        return Status.COMPLETED
    return Status.INCOMPLETE


def questions_status(*, answers: Sequence[tuple[str, int]]) -> Status:
    """``answers``: (answer text, word limit) for every question of the advert."""
    if not any(text.strip() for text, _ in answers):
        return Status.NOT_STARTED if answers else Status.COMPLETED
    if all(text.strip() and word_count(text) <= limit for text, limit in answers):
        return Status.COMPLETED
    return Status.INCOMPLETE


def all_completed(statuses: dict[Section, Status]) -> bool:
    return all(statuses.get(section) == Status.COMPLETED for section in SECTION_ORDER)
