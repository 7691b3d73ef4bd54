"""Wait for something to happen, never for a fixed time: the one polling helper.

A fixed ``time.sleep`` is either too long (the suite idles) or too short on a
busy machine (the test flakes). ``wait_until`` returns as soon as the condition
holds and fails with a message once ``timeout`` has passed. ``hold`` asks for the
condition to stay true that long, for conditions that can be true for a moment
(a queue that is empty between a worker taking a message and recording it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float = 30,
    interval: float = 0.05,
    hold: float = 0,
    message: str = "",
) -> T:
    """Poll ``predicate`` until it returns a truthy value (kept for ``hold`` seconds)."""
    deadline = time.monotonic() + timeout
    true_since = None
    while True:
        value = predicate()
        now = time.monotonic()
        if value:
            true_since = now if true_since is None else true_since
            if now - true_since >= hold:
                return value
        else:
            true_since = None
        if now >= deadline:
            raise AssertionError(message or f"condition not met within {timeout}s")
        time.sleep(interval)
