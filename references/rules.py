"""What a reference request may do, as pure rules (no Django import; the time is passed in).

The services apply these to locked rows; docs/references.md says the same in words.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

# Mirrors applications.workflow.Stage values: while the application is at one of
# these, the referee form works and chasers go out. Anywhere else (offer declined
# or withdrawn, confirmed, ended) the request is no longer needed.
OPEN_STAGES = frozenset({"pre_employment_checks", "on_hold"})

# The outbox failure codes (notifications.models.FailureReason) that mean the
# address itself cannot receive mail: asking again would fail again.
_ADDRESS_FAILURES = frozenset({"invalid_address"})
_RECIPIENT_REFUSED = "recipient_refused"


def application_is_open(stage: str) -> bool:
    return stage in OPEN_STAGES


def link_expires_at(requested_at: datetime.datetime, *, max_age_days: int) -> datetime.datetime:
    return requested_at + datetime.timedelta(days=max_age_days)


def is_hard_bounce(failure_reason: str, smtp_code: int | None) -> bool:
    """A failure that says the address is bad (5xx for the recipient, or no valid address).

    A message refused for its content, a run of temporary failures or a lost
    worker is not the referee's address's fault, so it does not ask the
    candidate for someone else.
    """
    if failure_reason in _ADDRESS_FAILURES:
        return True
    if failure_reason == _RECIPIENT_REFUSED:
        return smtp_code is None or 500 <= smtp_code < 600
    return False


def due_chaser(
    *,
    requested_at: datetime.datetime,
    now: datetime.datetime,
    sent: Sequence[bool],
    chaser_days: Sequence[int],
) -> int | None:
    """The chaser (0-based) to send now, or None.

    Chaser ``n`` is due once ``chaser_days[n]`` days have passed, if neither it nor
    a later one has been sent, and the next one is not yet due: a run after a long
    pause sends the latest chaser only, never two on one day. The chase task's
    query (services.references_chase_due) is this rule in SQL.
    """
    for number in reversed(range(len(chaser_days))):
        if now >= requested_at + datetime.timedelta(days=chaser_days[number]):
            if any(sent[number:]):
                return None
            return number
    return None
