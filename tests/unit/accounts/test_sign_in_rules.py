"""The wait in words, and the per-username slowdown: pure rules."""

import pytest

from accounts.sign_in_rules import describe_wait, slowdown_seconds


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 second"),
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),  # rounded up: never promise less than the real wait
        (30 * 60, "30 minutes"),
        (60 * 60, "1 hour"),
        (90 * 60, "1 hour and 30 minutes"),
        (2 * 60 * 60, "2 hours"),
        (24 * 60 * 60, "1 day"),
        (3 * 24 * 60 * 60, "3 days"),
        (26 * 60 * 60 + 60, "1 day and 2 hours"),
    ],
)
def test_a_wait_is_said_in_words_never_as_an_iso_duration(seconds, words):
    assert describe_wait(seconds) == words


def test_no_slowdown_below_the_ceiling():
    assert slowdown_seconds(19, ceiling=20, base=30, maximum=900) == 0


def test_the_slowdown_doubles_from_the_ceiling_up_to_the_maximum():
    waits = [slowdown_seconds(n, ceiling=20, base=30, maximum=900) for n in range(20, 27)]

    assert waits == [30, 60, 120, 240, 480, 900, 900]


def test_a_huge_failure_count_stays_at_the_maximum():
    assert slowdown_seconds(10_000, ceiling=20, base=30, maximum=900) == 900
