"""CSV downloads from the dashboard, streamed; the cells are made safe to open in a
spreadsheet by portal/exchange/csv_cells.py."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, stream_with_context

from portal.exchange.csv_cells import csv_lines


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> Response:
    """Streamed, so a list of 50,000 plans never sits in memory as one string."""
    response = Response(stream_with_context(csv_lines(rows)), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
