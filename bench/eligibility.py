"""Bench pages of the eligibility self-check (vetting app), hooked into bench/pages.py.

The start page (no database work) and the choose page (open adverts with their
ROCU and level, and the vetting levels: two queries whatever the number of
adverts). The pages after those need a session, which wrk does not carry.
"""

PAGES: list[tuple[str, str]] = [
    ("eligibility start /eligibility/", "/eligibility/"),
    ("eligibility choose /eligibility/job/", "/eligibility/job/"),
]


def prepare() -> list[tuple[str, str]]:
    return list(PAGES)
