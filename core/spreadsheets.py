"""CSV cells that are safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab / carriage return) would be run as a
formula by Excel or LibreOffice ("CSV injection"); such cells get a leading
apostrophe, which spreadsheets show as text and do not evaluate. Every CSV the
service writes goes through here (the mailing list's address export, the reports).
"""

import csv
import io
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def rows_to_csv(rows: Iterable[Iterable], *, header: Iterable[str] = ()) -> str:
    """CSV text of ``rows`` (after ``header``, if given), every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = list(header)
    if header:
        writer.writerow([formula_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return buffer.getvalue()
