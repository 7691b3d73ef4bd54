"""Small-number suppression (reports/suppression.py): the properties docs/reports.md promises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import suppress_columns

counts = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8)
tables = st.lists(counts, min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(table=tables, threshold=st.integers(min_value=1, max_value=12))
def test_no_shown_count_is_under_the_threshold_and_none_can_be_derived(table, threshold):
    columns = [(cells, sum(cells)) for cells in table]
    for (cells, total), shown in zip(
        columns, suppress_columns(columns, threshold=threshold), strict=True
    ):
        visible = [cell for cell in shown.cells if cell is not None]
        assert all(cell >= threshold for cell in visible)
        assert shown.total is None or shown.total >= threshold
        # What is shown is the true count.
        assert all(s is None or s == c for s, c in zip(shown.cells, cells, strict=True))
        hidden = [c for s, c in zip(shown.cells, cells, strict=True) if s is None]
        if shown.total is not None:
            # Under a shown total, the hidden cells are never one alone (it would be the
            # difference) and never add up to less than the threshold (a small group,
            # or zeros, could be told from the difference).
            assert hidden == [] or (len(hidden) >= 2 and sum(hidden) >= threshold)
            assert shown.total == total


def test_a_lone_small_count_takes_the_next_smallest_with_it():
    [column] = suppress_columns([([3, 40, 12, 20], 75)], threshold=5)
    assert column.cells == (None, 40, None, 20)
    assert column.total == 75


def test_hidden_zeros_take_a_shown_count_with_them():
    # Shown 6 of a total of 6 would tell that every hidden answer is 0.
    [column] = suppress_columns([([0, 6, 0], 6)], threshold=5)
    assert column.cells == (None, None, None)
    assert column.total == 6


def test_two_small_counts_adding_up_under_the_threshold_take_another():
    [column] = suppress_columns([([1, 2, 9, 30], 42)], threshold=5)
    assert column.cells == (None, None, None, 30)
    assert column.total == 42


def test_a_small_total_is_hidden_and_large_counts_are_left_alone():
    [small, large] = suppress_columns([([1, 2], 3), ([10, 20], 30)], threshold=5)
    assert small.cells == (None, None) and small.total is None
    assert large.cells == (10, 20) and large.total == 30


def test_a_column_with_one_cell_hides_its_total_when_the_cell_is_hidden():
    [column] = suppress_columns([([4], 6)], threshold=5)
    # 4 < 5 hidden; the total (6) alone would give it away... but a single cell
    # equals its total, so both go.
    assert column.cells == (None,)
    assert column.total is None
