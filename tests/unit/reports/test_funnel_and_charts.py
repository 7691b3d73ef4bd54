"""The funnel's order and conversions, the bar chart's geometry, the SQLite median (pure)."""

import sqlite3

from reports.aggregates import SQLITE_MEDIAN, _SqliteMedian
from reports.charts import bar_chart
from reports.funnel import COMPARED_WITH, REPORTED_STAGES, build_funnel


def test_stages_follow_the_path_then_on_hold_then_the_ends():
    assert REPORTED_STAGES[0] == "submitted"
    assert REPORTED_STAGES[-5:] == (
        "on_hold",
        "unsuccessful",
        "withdrawn",
        "offer_declined",
        "offer_withdrawn",
    )
    # Reserve is a side stage: the offer is compared with preferred, reserve with the interview.
    assert COMPARED_WITH["conditional_offer"] == "preferred"
    assert COMPARED_WITH["reserve"] == "interview_completed"
    assert "submitted" not in COMPARED_WITH


def test_conversion_is_reached_over_reached_before_and_ends_have_none():
    funnel = build_funnel(
        reached={"submitted": 200, "sift": 150, "unsuccessful": 40},
        now_at={"sift": 110},
        median_days_in_stage={"submitted": 3.14159},
        median_days_to_offer=None,
    )
    rows = {row.stage: row for row in funnel.stages}
    assert rows["sift"].conversion_percent == 75.0
    assert rows["submitted"].conversion_percent is None
    assert rows["assessment_invited"].conversion_percent == 0.0
    assert rows["assessment_booked"].conversion_percent is None  # nothing before it
    assert rows["unsuccessful"].conversion_percent is None
    assert rows["submitted"].median_days_in_stage == 3.1
    assert funnel.submitted == 200 and funnel.offers == 0


def test_bars_are_labelled_in_text_and_scaled_to_the_largest():
    chart = bar_chart(
        title="Reached",
        rows=[("Submitted", 100, "100"), ("Sift", 50, "50"), ("Offer", None, "none")],
    )
    full, half, empty = chart.bars
    assert half.width * 2 == full.width
    assert empty.width == 0
    assert chart.description == "Submitted: 100. Sift: 50. Offer: none."
    assert full.value_x > full.x + full.width


def test_the_sqlite_median_matches_the_middle_value():
    database = sqlite3.connect(":memory:")
    database.create_aggregate(SQLITE_MEDIAN, 1, _SqliteMedian)
    database.execute("CREATE TABLE t (g TEXT, x REAL)")
    database.executemany(
        "INSERT INTO t VALUES (?, ?)",
        [("a", 1), ("a", 9), ("a", 3), ("b", 2), ("b", 4), ("b", None), ("c", None)],
    )
    rows = dict(database.execute(f"SELECT g, {SQLITE_MEDIAN}(x) FROM t GROUP BY g"))  # noqa: S608
    assert rows == {"a": 3.0, "b": 3.0, "c": None}
