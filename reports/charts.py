"""The geometry of a horizontal bar chart drawn as server-rendered SVG.

Pure Python (no Django), as vetting/result.py is for the residence timeline:
this module works out where each bar and label goes; the template
(templates/admin/reports/includes/bar_chart.html) draws it with ``role="img"``,
a title and a description, and the page shows the same numbers in a table.
Every bar has its label and its value written beside it in text, so nothing is
told by colour or length alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHART_WIDTH = 960
LABEL_WIDTH = 260  # stage names, right-aligned before the bars
VALUE_GAP = 8
VALUE_WIDTH = 110  # room after the longest bar for its value
ROW_HEIGHT = 32
BAR_HEIGHT = 22
TOP = 8
# A bar for a count above zero is never thinner than this, so it can be seen.
MIN_BAR_WIDTH = 2


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    axis_x: float


def bar_chart(
    *, title: str, rows: Sequence[tuple[str, float | None, str]], unit_sentence: str = ""
) -> BarChart:
    """``rows`` are (label, value, value as words); a None value draws no bar ("no data")."""
    largest = max((value for _, value, _ in rows if value), default=0)
    bar_left = LABEL_WIDTH + VALUE_GAP
    scale_width = CHART_WIDTH - bar_left - VALUE_WIDTH
    bars = []
    for index, (label, value, value_text) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        width = 0.0
        if value and largest:
            width = max(value / largest * scale_width, MIN_BAR_WIDTH)
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=value_text,
                x=bar_left,
                y=y,
                width=round(width, 2),
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH,
                text_y=y + BAR_HEIGHT * 0.72,
                value_x=round(bar_left + width + VALUE_GAP, 2),
            )
        )
    description = " ".join(f"{label}: {value_text}." for label, _, value_text in rows)
    if unit_sentence:
        description = f"{unit_sentence} {description}"
    return BarChart(
        title=title,
        description=description,
        bars=tuple(bars),
        width=CHART_WIDTH,
        height=TOP * 2 + len(rows) * ROW_HEIGHT,
        axis_x=bar_left,
    )
