"""The two rounds a candidate books a slot for, and the stages each moves between.

Pure Python (no Django import): the booking service and the pages read which
stage means "invited" and which "booked" from here, and the names of the
application events that start, confirm and cancel a booking.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Round(enum.StrEnum):
    ASSESSMENT = "assessment"
    INTERVIEW = "interview"


@dataclass(frozen=True)
class RoundStages:
    invited: str  # the stage at which the candidate may book
    booked: str  # the stage a booking moves the application to
    invited_event: str  # the application event (and email) that asks them to book
    booked_event: str
    cancelled_event: str


STAGES: dict[Round, RoundStages] = {
    Round.ASSESSMENT: RoundStages(
        invited="assessment_invited",
        booked="assessment_booked",
        invited_event="assessment_invited",
        booked_event="assessment_booked",
        cancelled_event="assessment_booking_cancelled",
    ),
    Round.INTERVIEW: RoundStages(
        invited="interview_invited",
        booked="interview_booked",
        invited_event="interview_invited",
        booked_event="interview_booked",
        cancelled_event="interview_booking_cancelled",
    ),
}


def round_for_event(event: str) -> tuple[Round, str] | None:
    """(round, "invited" | "booked" | "cancelled") for an application event, else None."""
    for round_, stages in STAGES.items():
        for what in ("invited", "booked", "cancelled"):
            if getattr(stages, f"{what}_event") == event:
                return round_, what
    return None


def round_for_stage(stage: str) -> Round | None:
    """The round whose invited or booked stage this is (None at any other stage)."""
    for round_, stages in STAGES.items():
        if stage in (stages.invited, stages.booked):
            return round_
    return None
