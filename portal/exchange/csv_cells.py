"""CSV files safe to open in a spreadsheet: the dashboard's downloads and the Annex A
export write their cells through here.

A cell that starts with =, +, -, @ (or a tab or carriage return) would be run as a
formula by Excel and LibreOffice: a child's name typed as `=HYPERLINK(...)` could
send data elsewhere when a manager opens the file. Such cells get a leading
apostrophe, which spreadsheets show as plain text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a UTF-8 file as the local code page unless it starts with a byte order mark.
BOM = "\ufeff"


# A formula start just after a separator: a spreadsheet that splits on that separator
# (";" in Polish, Romanian, Portuguese Excel) would start a new cell there.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n]\s*)([=+\-@])")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text[0] + _FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", text[1:])
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", text)


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    # Every cell in quotes: a spreadsheet set for ";" (Polish, Romanian, Portuguese
    # Excel) would otherwise split `Ann;=1+1` and run the `=1+1` half as a formula.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    yield BOM
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
