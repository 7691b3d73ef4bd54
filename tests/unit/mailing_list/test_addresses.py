"""Address normalisation and formula-safe CSV cells (pure functions)."""

import pytest

from mailing_list.addresses import address_key, normalise_email
from mailing_list.exports import formula_safe, rows_to_csv


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Sam.Jones@Example.COM \n", "Sam.Jones@example.com"),
        ("sam+jobs@example.com", "sam+jobs@example.com"),
        ("jo@BÜCHER.example", "jo@bücher.example"),
        ("jo@xn--bcher-kva.example", "jo@bücher.example"),
    ],
)
def test_normalise_trims_and_canonicalises_the_domain_but_keeps_the_local_part(typed, stored):
    assert normalise_email(typed) == stored


def test_address_key_ignores_case_everywhere():
    assert address_key(" Sam.Jones@Example.com") == address_key("sam.jones@EXAMPLE.com")
    assert address_key("sam+jobs@example.com") != address_key("sam@example.com")


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_evaluate_are_prefixed(cell):
    assert formula_safe(cell) == "'" + cell


def test_ordinary_cells_are_left_alone_and_csv_has_a_header():
    assert formula_safe("sam@example.com") == "sam@example.com"
    assert formula_safe(None) == ""
    csv_text = rows_to_csv([["=cmd|calc", "Sam", "confirmed", "weekly", True, None]])
    assert csv_text.splitlines()[0].startswith("email,first_name")
    assert "'=cmd|calc" in csv_text
