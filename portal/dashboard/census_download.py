"""The CIN census child protection module as a download, for managers.

The same file as `flask --app portal census export` writes: every plan in the portal,
so it is for managers only (a census return is the council's, not one worker's).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from typing import IO

from flask import Response, abort, request

from portal import clock
from portal.dashboard import bp
from portal.dashboard.periods import LONG_PLAN_MONTHS, latest_start_reaching
from portal.exchange.census import write_census
from portal.models import Role
from portal.planning.census import CollectionYear
from portal.workspace.auth import login_required
from portal.workspace.common import audit_now

SPOOL_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    """The file in chunks, closed (and its disk space freed) once the last is read."""
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()


def year_containing(day: dt.date) -> CollectionYear:
    """The collection year (1 April to 31 March) that `day` falls in."""
    first = day.year if day.month >= 4 else day.year - 1
    return CollectionYear.parse(f"{first}-{(first + 1) % 100:02d}")


@bp.get("/census.xml")
@login_required(Role.MANAGER)
def census_xml():
    """`?year=2026-27` (default: the year today falls in)."""
    try:
        year = (
            CollectionYear.parse(request.args["year"])
            if "year" in request.args
            else year_containing(clock.today())
        )
    except ValueError:
        abort(400)
    # Written to a file that spills to disk past SPOOL_BYTES and sent from there in
    # chunks: at 50,000 plans the file is about 28 MB, which a worker should not hold.
    # Written whole before the first byte is sent, so the audit row has the count and a
    # failure is a plain error page, never a cut-off file.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the response
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
        summary = write_census(
            text,
            year,
            made_at=clock.now(),
            long_plan_start=latest_start_reaching(LONG_PLAN_MONTHS, year.reference_date),
        )
        size = spool.tell()
        text.detach()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    audit_now("dashboard.export_census", detail=f"year:{year.label} plans:{summary.plans}")
    response = Response(_chunks(spool), mimetype="application/xml", direct_passthrough=True)
    response.call_on_close(spool.close)
    response.content_length = size
    response.headers["Content-Type"] = "application/xml; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="cin-census-cp-{year.label}.xml"'
    )
    return response
