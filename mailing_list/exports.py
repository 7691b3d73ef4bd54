"""CSV export of subscriber addresses, safe to open in a spreadsheet (core/spreadsheets.py)."""

from collections.abc import Iterable

from core.spreadsheets import formula_safe
from core.spreadsheets import rows_to_csv as _rows_to_csv

__all__ = ["HEADER", "formula_safe", "rows_to_csv"]

HEADER = ("email", "first_name", "status", "frequency", "anywhere", "confirmed_at")


def rows_to_csv(rows: Iterable[Iterable]) -> str:
    return _rows_to_csv(rows, header=HEADER)
