"""How salaries, start windows and the residence rule are worded on the public pages."""

import datetime
from types import SimpleNamespace

import pytest

from vacancies.presentation import salary_range, start_window
from vacancies.rich_text import markdown_to_plain_text, markdown_to_safe_html
from vetting.wording import residence_rule_sentences


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (24000, 27000, "£24,000 to £27,000 a year"),
        (24000, 24000, "£24,000 a year"),
        (24000, None, "£24,000 a year"),
        (None, 31500, "£31,500 a year"),
        (None, None, ""),
    ],
)
def test_salary_range(low, high, expected):
    assert salary_range(SimpleNamespace(salary_min=low, salary_max=high)) == expected


def test_start_window():
    window = SimpleNamespace(
        start_window_from=datetime.date(2026, 4, 1), start_window_to=datetime.date(2026, 6, 30)
    )
    assert start_window(window) == "Between 1 April 2026 and 30 June 2026"
    assert start_window(SimpleNamespace(start_window_from=None, start_window_to=None)) == ""


def test_residence_rule_for_one_year_and_for_none():
    one = SimpleNamespace(required_residence_years=1, family_of_exempt="review")
    assert residence_rule_sentences(one)[0].startswith(
        "You must have lived in the UK for the last year, unless"
    )
    none = SimpleNamespace(required_residence_years=0, family_of_exempt="review")
    assert residence_rule_sentences(none) == [
        "This level of vetting has no rule about how long you must have lived in the UK."
    ]


def test_markdown_keeps_safe_formatting_and_drops_everything_else():
    html = markdown_to_safe_html(
        "**Bold** <b onmouseover=alert(1)>raw</b> <iframe src=//evil></iframe>"
        "[ok](mailto:a@b.example) [bad](data:text/html,x)"
    )

    assert "<strong>Bold</strong>" in html
    assert '<a href="mailto:a@b.example" class="govuk-link"' in html
    for dangerous in ("onmouseover", "<b", "iframe", "data:", "evil"):
        assert dangerous not in html


def test_plain_text_has_no_markup_and_no_double_escaping():
    assert markdown_to_plain_text("Fish & *chips* <script>x()</script>") == "Fish & chips"
