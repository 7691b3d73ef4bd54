"""Small-number suppression for tables of people, so nobody can be picked out.

Pure Python (no Django): the diversity report hands over a table of counts,
one column per stage, one cell per answer, with the column's total, and gets
back which cells may be shown.

Two rules, applied until nothing changes:

1. **Primary**: a count under the threshold (zero included) is never shown.
2. **Secondary**: in a column whose total is shown, the total minus the shown
   cells is what the hidden cells add up to. So the hidden cells must be at
   least two and add up to at least the threshold: otherwise one hidden count
   (or a small group of them, or a set of zeros) could be worked out. While
   they do not, the smallest shown cell in the column is hidden too; if no
   cell is left to hide, the total is hidden.

The stage columns are not added up across a row (an application counted at
"interview" is also counted at "submitted"), so no row total can give a cell
away; only column totals can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SuppressedColumn:
    """One column after suppression: a count, or None where it is hidden."""

    cells: tuple[int | None, ...]
    total: int | None


def suppress_columns(
    columns: Sequence[tuple[Sequence[int], int]], *, threshold: int
) -> list[SuppressedColumn]:
    """Apply both rules to each (cells, total) column; cells must add up to total."""
    return [_suppress_column(list(cells), total, threshold) for cells, total in columns]


def _suppress_column(cells: list[int], total: int, threshold: int) -> SuppressedColumn:
    hidden = [count < threshold for count in cells]
    total_hidden = total < threshold
    while not total_hidden and any(hidden) and not _safely_hidden(cells, hidden, threshold):
        shown = [index for index, is_hidden in enumerate(hidden) if not is_hidden]
        if not shown:
            total_hidden = True
            break
        smallest = min(shown, key=lambda index: (cells[index], index))
        hidden[smallest] = True
    return SuppressedColumn(
        cells=tuple(
            None if is_hidden else count for count, is_hidden in zip(cells, hidden, strict=True)
        ),
        total=None if total_hidden else total,
    )


def _safely_hidden(cells: list[int], hidden: list[bool], threshold: int) -> bool:
    hidden_counts = [count for count, is_hidden in zip(cells, hidden, strict=True) if is_hidden]
    return len(hidden_counts) >= 2 and sum(hidden_counts) >= threshold
