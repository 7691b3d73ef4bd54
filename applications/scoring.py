"""Scoring rules for the assessment exercise and the interview: pure, no Django import.

Each assessor scores each CVF competency on the advert on a whole-number scale
(default 1 to 5). The descriptors below are shown beside the default scale;
there is no national scale for police staff, so an advert may set its own
range (then only the numbers are shown). The suggested moderated score is the
mean of every submitted sheet's mean, which the moderator may change with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_SCALE = (1, 5)
DEFAULT_DESCRIPTORS: dict[int, str] = {
    1: "No evidence: the examples do not show the behaviour",
    2: "Limited evidence: some of the behaviour, with clear gaps",
    3: "Acceptable evidence: the behaviour is shown at the level of the role",
    4: "Good evidence: the behaviour is shown clearly and consistently",
    5: "Strong evidence: the behaviour is shown well beyond the level of the role",
}


def scale_choices(low: int, high: int) -> list[tuple[int, str]]:
    """(score, label) for a scale; the descriptors only for the default 1 to 5."""
    use_descriptors = (low, high) == DEFAULT_SCALE
    return [
        (value, f"{value}: {DEFAULT_DESCRIPTORS[value]}" if use_descriptors else str(value))
        for value in range(low, high + 1)
    ]


def suggested_moderated_score(sheets: Iterable[Mapping[str, int]]) -> Decimal | None:
    """The mean of each sheet's mean score, to two places (None with no sheets)."""
    means = [Decimal(sum(s.values())) / len(s) for s in sheets if s]
    if not means:
        return None
    return (sum(means) / len(means)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
