"""CSV export of subscriber addresses, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab / carriage return) would be run as a
formula by Excel or LibreOffice ("CSV injection"); such cells get a leading
apostrophe, which spreadsheets show as text and do not evaluate.
"""

import csv
import io
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = ("email", "first_name", "status", "frequency", "anywhere", "confirmed_at")


def formula_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def rows_to_csv(rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return buffer.getvalue()
