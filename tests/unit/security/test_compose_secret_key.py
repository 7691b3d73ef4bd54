"""Hole 9: docker-compose.yml must not fall back to a published SECRET_KEY.

A key in a public repository signs every mailing-list link and session for
anyone who reads it, so compose must stop unless the operator sets one.
"""

import re
from pathlib import Path

COMPOSE = Path(__file__).resolve().parents[3] / "docker-compose.yml"


def _setting_lines() -> list[str]:
    return [
        line
        for line in COMPOSE.read_text().splitlines()
        if "SECRET_KEY" in line and not line.lstrip().startswith("#")
    ]


def test_compose_requires_a_secret_key_and_offers_no_default():
    lines = _setting_lines()

    assert lines, "docker-compose.yml no longer sets SECRET_KEY"
    for line in lines:
        assert re.search(r"\$\{SECRET_KEY:\?[^}]+\}", line), line
        assert ":-" not in line and not re.search(r"\$\{SECRET_KEY-", line), line


def test_compose_says_how_to_generate_a_key():
    assert "secrets.token_urlsafe" in COMPOSE.read_text()
