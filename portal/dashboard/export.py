"""CSV downloads, safe to open in a spreadsheet.

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

from flask import Response, stream_with_context

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


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> Response:
    """Streamed, so a list of 50,000 plans never sits in memory as one string."""
    response = Response(stream_with_context(csv_lines(rows)), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
