"""The scoring scale and the suggested moderated score: pure."""

from decimal import Decimal

from applications import scoring


def test_the_default_scale_shows_descriptors_and_a_custom_scale_only_numbers():
    assert scoring.scale_choices(1, 5)[2] == (
        3,
        "3: Acceptable evidence: the behaviour is shown at the level of the role",
    )
    assert scoring.scale_choices(1, 7) == [(n, str(n)) for n in range(1, 8)]


def test_the_suggested_moderated_score_is_the_mean_of_each_sheets_mean():
    assert scoring.suggested_moderated_score([]) is None
    sheets = [{"a": 4, "b": 3}, {"a": 2, "b": 3}, {"a": 5, "b": 5}]
    assert scoring.suggested_moderated_score(sheets) == Decimal("3.67")
