"""Pure rules for staff sign-in: how long to wait, and how to say it. No Django import."""

from __future__ import annotations


def slowdown_seconds(failures: int, *, ceiling: int, base: int, maximum: int) -> int:
    """Seconds a username must wait between attempts after ``failures`` wrong passwords.

    Below the ceiling there is no wait. From it on the wait doubles with each
    further failure, capped at ``maximum``: a password spray from many addresses
    is slowed to a crawl, yet the real person is never locked out for long.
    """
    if failures < ceiling:
        return 0
    exponent = min(failures - ceiling, 30)  # 2**30 s is far past any sane maximum
    return min(base * 2**exponent, maximum)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def describe_wait(seconds: float) -> str:
    """A wait in words for a person: "1 hour", "1 hour and 30 minutes", "45 seconds".

    Rounded up to the minute from one minute on, so we never promise less than
    the real wait; at most two units.
    """
    seconds = max(0, int(-(-seconds // 1)))
    if seconds < 60:
        return _plural(max(seconds, 1), "second")
    minutes = -(-seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        _plural(value, unit)
        for value, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if value
    ][:2]
    return " and ".join(parts)
