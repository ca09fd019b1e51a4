"""CSV downloads, safe to open in a spreadsheet.

A cell that starts with =, +, -, @ (or a tab or carriage return) would be run as a
formula by Excel and LibreOffice: a child's name typed as `=HYPERLINK(...)` could
send data elsewhere when a manager opens the file. Such cells get a leading
apostrophe, which spreadsheets show as plain text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a UTF-8 file as the local code page unless it starts with a byte order mark.
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
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
