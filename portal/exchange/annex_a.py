"""Writing Ofsted's Annex A child protection list for every plan on it on a day."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from typing import TextIO

from sqlalchemy import func, or_, select

from portal.exchange.csv_cells import safe_cell
from portal.models import Plan, User, db
from portal.planning.annex_a import COLUMNS, ENDED_WITHIN, annex_a_row
from portal.records.stand_ins import STAND_IN_WORKER

BATCH = 1000


def _candidates(day: dt.date):
    return (Plan.started <= day, or_(Plan.ended.is_(None), Plan.ended > day - ENDED_WITHIN))


def count_candidates(day: dt.date) -> int:
    return db.session.scalar(select(func.count(Plan.id)).where(*_candidates(day))) or 0


def write_annex_a(
    out: TextIO, day: dt.date, *, progress: Callable[[int], None] | None = None
) -> int:
    """Write the list as CSV to `out`; returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    query = (
        select(Plan.record, User.team, Plan.measurement_only)
        .outerjoin(User, Plan.social_worker_id == User.id)
        .where(*_candidates(day))
        .order_by(Plan.reference)
        .execution_options(yield_per=BATCH)
    )
    read = written = 0
    for record, team, measurement_only in db.session.execute(query):
        read += 1
        row = annex_a_row(record, day, team=team)
        if row is not None:
            if measurement_only and row["Allocated Worker"] == STAND_IN_WORKER:
                row["Allocated Worker"] = ""
            # Professional text (a worker's or team's name) may start with "=": a
            # spreadsheet would run it as a formula.
            writer.writerow([safe_cell(row[column]) for column in COLUMNS])
            written += 1
        if progress is not None and read % BATCH == 0:
            progress(BATCH)
    if progress is not None:
        progress(read % BATCH)
    return written
