"""Each report as CSV rows: the same numbers the page shows (suppressed cells stay hidden).

Cells are made formula-safe by core.spreadsheets when the file is written.
"""

from __future__ import annotations

from .funnel import Funnel
from .selectors import BreakdownRow, DiversityTable


def _number(value) -> str:
    return "" if value is None else str(value)


def funnel_rows(*, scope_text: str, funnel: Funnel, by_advert: list[BreakdownRow]) -> list[list]:
    rows: list[list] = [
        ["Selection funnel", scope_text],
        ["Applications sent", funnel.submitted],
        ["Median days from sent to conditional offer", _number(funnel.median_days_to_offer)],
        [],
        [
            "Stage",
            "Reached",
            "Now at this stage",
            "Conversion (%)",
            "Compared with",
            "Median days in stage",
        ],
    ]
    for stage in funnel.stages:
        rows.append(
            [
                stage.label,
                stage.reached,
                stage.now_at,
                _number(stage.conversion_percent),
                stage.compared_with_label,
                _number(stage.median_days_in_stage),
            ]
        )
    if by_advert:
        rows += [
            [],
            [
                "Advert",
                "Title",
                "Sent",
                "Conditional offers",
                "Start dates agreed",
                "Median days to offer",
            ],
        ]
        rows += [
            [
                row.key,
                row.label,
                row.submitted,
                row.offers,
                row.started,
                _number(row.median_days_to_offer),
            ]
            for row in by_advert
        ]
    return rows


def diversity_rows(*, scope_text: str, table: DiversityTable) -> list[list]:
    return [
        ["Diversity of applicants by stage", scope_text],
        ["Question", table.question_text],
        [
            f"Counts under {table.threshold} are hidden, and more where the hidden counts "
            f"in a column would add up to fewer than {table.threshold}"
        ],
        [],
        *table.as_rows(),
    ]
