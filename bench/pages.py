"""What `make bench` loads: the pages to measure and the data they need.

Runs inside Django (bench/run.py calls ``python -m bench.pages``) against the
bench database. Each issue adds its pages here: append to PAGES, and give
``prepare()`` whatever rows the page needs (idempotent: the bench database is
made afresh each run anyway).
"""

import json
import os
import sys

# (name, path). The baseline is the bare view every other page is compared with.
BASELINE = ("baseline: bare Django view", "/__bench__/hello")
PAGES: list[tuple[str, str]] = [
    ("start page /", "/"),
]


def prepare() -> list[tuple[str, str]]:
    """Create the bench data; return the pages to load (paths may depend on the data)."""
    from bench import applications, eligibility, vacancies

    return [*PAGES, *vacancies.prepare(), *eligibility.prepare(), *applications.prepare()]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")
    import django

    django.setup()
    json.dump([BASELINE, *prepare()], sys.stdout)
