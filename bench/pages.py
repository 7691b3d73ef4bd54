"""What `make bench` loads: the pages to measure and the data they need.

Runs inside Django (bench/run.py calls ``python -m bench.pages``) against the
bench database. Each issue adds its pages here: append to PAGES, and give
``prepare()`` whatever rows the page needs (idempotent: the bench database is
made afresh each run anyway).
"""

import json
import os
import sys

# (name, path) or (name, path, options): options may give a "cookie" header, the
# "status" expected (default 200) or the wrk "connections" (default BENCH_CONNECTIONS).
# The baseline is the bare view every other page is compared with.
BASELINE = ("baseline: bare Django view", "/__bench__/hello")
PAGES: list[tuple] = [
    ("start page /", "/"),
    ("register interest /register-interest/", "/register-interest/"),
    ("accessibility statement", "/accessibility/"),
    ("privacy notice", "/privacy/"),
    ("page not found (404)", "/no-such-page/", {"status": 404}),
    ("robots.txt", "/robots.txt"),
]


def prepare() -> list[tuple]:
    """Create the bench data; return the pages to load (paths may depend on the data)."""
    from bench import applications, eligibility, vacancies

    return [
        *PAGES,
        *vacancies.prepare(),
        *eligibility.prepare(),
        *((name, path, {"cookie": cookie}) for name, path, cookie in applications.prepare()),
    ]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")
    import django

    django.setup()
    from pathlib import Path

    # bench/run.py writes the pages there for bench/profile.py.
    (Path(__file__).resolve().parent.parent / "var").mkdir(exist_ok=True)
    json.dump([BASELINE, *prepare()], sys.stdout)
