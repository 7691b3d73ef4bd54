"""core/held.py: a value read at most once per a few seconds, forgotten on demand."""

from core.held import HeldValue


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def _counting(values):
    reads = []

    def read():
        reads.append(1)
        return values[len(reads) - 1]

    return read, reads


def test_a_value_is_held_for_its_seconds_then_read_again():
    clock = _Clock()
    read, reads = _counting(["a", "b"])
    held = HeldValue(read, seconds=lambda: 1.0, clock=clock)

    assert held.get() == "a"
    clock.now += 0.999
    assert held.get() == "a" and len(reads) == 1
    clock.now += 0.001
    assert held.get() == "b" and len(reads) == 2


def test_zero_seconds_reads_every_time_and_the_setting_applies_at_once():
    clock = _Clock()
    seconds = [0.0]
    read, reads = _counting(["a", "b", "c", "d"])
    held = HeldValue(read, seconds=lambda: seconds[0], clock=clock)

    assert [held.get(), held.get()] == ["a", "b"]
    seconds[0] = 5.0  # the last answer read is now within the hold
    assert [held.get(), held.get()] == ["b", "b"] and len(reads) == 2


def test_forget_reads_again_at_once():
    clock = _Clock()
    read, reads = _counting(["a", "b"])
    held = HeldValue(read, seconds=lambda: 60.0, clock=clock)

    held.get()
    held.forget()
    assert held.get() == "b"


def test_an_answer_keep_refuses_is_returned_but_not_held():
    clock = _Clock()
    read, reads = _counting([None, None, 7, 8])
    held = HeldValue(read, seconds=lambda: 60.0, keep=lambda value: value is not None, clock=clock)

    assert [held.get(), held.get(), held.get(), held.get()] == [None, None, 7, 7]
    assert len(reads) == 3


def test_a_clock_that_went_backwards_reads_again():
    clock = _Clock()
    read, reads = _counting(["a", "b"])
    held = HeldValue(read, seconds=lambda: 60.0, clock=clock)

    held.get()
    clock.now -= 1
    assert held.get() == "b"
