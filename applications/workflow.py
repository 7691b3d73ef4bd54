"""The stages of an application and the moves between them, as data.

Pure Python (no Django import): the table is what the services obey and what
the docs and tests read. ``move(from_stage, to_stage, actor)`` is the only
function that decides whether a move is allowed; ``applications.services``
applies it to a row (lock, timestamp, event row, email) in one transaction.
The next issue (the HR pipeline) adds its stages and moves to these tables.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Stage(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Actor(enum.StrEnum):
    CANDIDATE = "candidate"
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(frozen=True)
class Move:
    from_stage: Stage
    to_stage: Stage
    event: str  # names the event row and the email's idempotency key
    actors: frozenset[Actor]
    # The email kind queued with the move, if any.
    email_kind: str | None = None


MOVES: tuple[Move, ...] = (
    Move(
        Stage.DRAFT,
        Stage.SUBMITTED,
        event="submitted",
        actors=frozenset({Actor.CANDIDATE}),
        email_kind="application_submitted",
    ),
    Move(
        Stage.SUBMITTED,
        Stage.WITHDRAWN,
        event="withdrawn",
        actors=frozenset({Actor.CANDIDATE}),
        email_kind="application_withdrawn",
    ),
)

_BY_STAGES = {(move.from_stage, move.to_stage): move for move in MOVES}

# Each stage's own timestamp field on the application row.
STAGE_TIMESTAMP_FIELDS: dict[Stage, str] = {stage: f"{stage.value}_at" for stage in Stage}

# Stages whose answers the candidate can still change.
EDITABLE_STAGES = frozenset({Stage.DRAFT})


class MoveRefused(Exception):
    def __init__(self, from_stage: str, to_stage: str, actor: str):
        super().__init__(f"No move from {from_stage} to {to_stage} by {actor}")
        self.from_stage, self.to_stage, self.actor = from_stage, to_stage, actor


def move(from_stage: str, to_stage: str, actor: str) -> Move:
    """The declared move, or MoveRefused if the table has no such move for this actor."""
    try:
        found = _BY_STAGES[(Stage(from_stage), Stage(to_stage))]
        if Actor(actor) in found.actors:
            return found
    except (KeyError, ValueError):
        pass
    raise MoveRefused(from_stage, to_stage, actor)


def can_move(from_stage: str, to_stage: str, actor: str) -> bool:
    try:
        move(from_stage, to_stage, actor)
    except MoveRefused:
        return False
    return True
