"""A value a process reads at most once per a few seconds, and can forget at once.

The public pages' version lives in Redis and every public page needs it: read on
every request it was the largest cost of a cached job-board page (a round trip
that blocks the worker; docs/performance.md, "Eighth round"). Held for a second,
a change committed in *another* process shows up to that long later; the process
that made the change forgets its held value at once. No Django here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class HeldValue(Generic[T]):
    """``read()``'s answer, kept for ``seconds()`` after it was read.

    ``seconds`` is a callable so a setting changed at run time (a test's) applies at
    once; 0 reads every time. An answer ``keep`` refuses (say, None for "Redis could
    not be reached") is returned but not kept, so the next call tries again.
    """

    def __init__(
        self,
        read: Callable[[], T],
        *,
        seconds: Callable[[], float],
        keep: Callable[[T], bool] = lambda value: True,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._read, self._seconds, self._keep, self._clock = read, seconds, keep, clock
        # (when read, value), assigned as one tuple: a reader never sees half of it.
        self._held: tuple[float, T] | None = None

    def get(self) -> T:
        now = self._clock()
        held = self._held
        if held is not None and 0 <= now - held[0] < self._seconds():
            return held[1]
        value = self._read()
        self._held = (now, value) if self._keep(value) else None
        return value

    def forget(self) -> None:
        self._held = None
