"""The rules of the offer and the checks, as pure functions (no Django import).

What a vetting case's recorded facts must say to be consistent, when its
clearance is due for renewal, and which outcome each check has reached. The
services call these to refuse a write with every problem at once; the admin
forms call them to show the problems against the form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# Vetting statuses (offers.models.VettingStatus values) and appeal outcomes.
NOT_STARTED, FORMS_SENT, SUBMITTED, CLEARED, REFUSED = (
    "not_started",
    "forms_sent",
    "submitted",
    "cleared",
    "refused",
)
UPHELD, DISMISSED = "upheld", "dismissed"


@dataclass(frozen=True)
class VettingFacts:
    status: str
    forms_sent_on: datetime.date | None = None
    submitted_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    refusal_detail: str = ""
    appeal_lodged_on: datetime.date | None = None
    appeal_decided_on: datetime.date | None = None
    appeal_outcome: str = ""


def vetting_problems(facts: VettingFacts, *, today: datetime.date) -> dict[str, str]:
    """Every inconsistency in a vetting case's facts, keyed by the field it concerns."""
    problems: dict[str, str] = {}
    needs = {
        FORMS_SENT: ("forms_sent_on",),
        SUBMITTED: ("forms_sent_on", "submitted_on"),
        CLEARED: ("decided_on",),
        REFUSED: ("decided_on",),
    }.get(facts.status, ())
    labels = {
        "forms_sent_on": "Enter the date the vetting forms were sent",
        "submitted_on": "Enter the date the candidate submitted the forms",
        "decided_on": "Enter the date the vetting unit decided",
    }
    for name in needs:
        if getattr(facts, name) is None:
            problems[name] = labels[name]
    if facts.status == REFUSED and not facts.refusal_detail.strip():
        problems["refusal_detail"] = "Give the vetting unit's reason for the refusal"
    if facts.status != REFUSED and (facts.appeal_lodged_on or facts.appeal_outcome):
        problems["appeal_lodged_on"] = "Only a refusal can be appealed"
    if facts.appeal_decided_on and not facts.appeal_lodged_on:
        problems["appeal_lodged_on"] = "Enter the date the appeal was lodged"
    if bool(facts.appeal_decided_on) != bool(facts.appeal_outcome):
        problems["appeal_outcome"] = "Give both the appeal's outcome and the date it was decided"
    dates = [
        ("forms_sent_on", facts.forms_sent_on),
        ("submitted_on", facts.submitted_on),
        ("decided_on", facts.decided_on),
        ("appeal_lodged_on", facts.appeal_lodged_on),
        ("appeal_decided_on", facts.appeal_decided_on),
    ]
    for name, value in dates:
        if value and value > today and name not in problems:
            problems[name] = "The date must be today or in the past"
    known = [(name, value) for name, value in dates if value]
    for (earlier_name, earlier), (later_name, later) in zip(known, known[1:], strict=False):
        if later < earlier and later_name not in problems:
            problems[later_name] = f"The date must not be before the {_words(earlier_name)}"
    return problems


def _words(field_name: str) -> str:
    return {
        "forms_sent_on": "date the forms were sent",
        "submitted_on": "date the forms were submitted",
        "decided_on": "decision date",
        "appeal_lodged_on": "date the appeal was lodged",
    }[field_name]


def vetting_cleared_on(facts: VettingFacts) -> datetime.date | None:
    """The date clearance was granted: the decision, or an upheld appeal's decision."""
    if facts.status == CLEARED:
        return facts.decided_on
    if facts.status == REFUSED and facts.appeal_outcome == UPHELD:
        return facts.appeal_decided_on
    return None


def vetting_refused_finally(facts: VettingFacts) -> bool:
    """Refused with no appeal waiting: none lodged, or lodged and dismissed."""
    if facts.status != REFUSED or facts.appeal_outcome == UPHELD:
        return False
    return not facts.appeal_lodged_on or facts.appeal_outcome == DISMISSED


def renewal_due_on(cleared_on: datetime.date | None, renewal_years: int | None):
    """When the clearance is reviewed: the level's renewal period after it was granted."""
    if cleared_on is None or not renewal_years:
        return None
    try:
        return cleared_on.replace(year=cleared_on.year + renewal_years)
    except ValueError:  # 29 February
        return cleared_on.replace(year=cleared_on.year + renewal_years, day=28)


def respond_by(made_at: datetime.datetime, days: int) -> datetime.datetime:
    return made_at + datetime.timedelta(days=days)
