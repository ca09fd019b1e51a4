"""The CIN census child protection module as a download, for managers.

The same file as `flask --app portal census export` writes: every plan in the portal,
so it is for managers only (a census return is the council's, not one worker's).
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Response, abort, request

from portal import clock
from portal.dashboard import bp
from portal.dashboard.periods import LONG_PLAN_MONTHS, latest_start_reaching
from portal.exchange.census import write_census
from portal.models import Role
from portal.planning.census import CollectionYear
from portal.workspace.auth import login_required
from portal.workspace.common import audit_now


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
    out = io.StringIO()
    summary = write_census(
        out,
        year,
        made_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        long_plan_start=latest_start_reaching(LONG_PLAN_MONTHS, year.reference_date),
    )
    audit_now("dashboard.export_census", detail=f"year:{year.label} plans:{summary.plans}")
    response = Response(out.getvalue(), mimetype="application/xml")
    response.headers["Content-Type"] = "application/xml; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="cin-census-cp-{year.label}.xml"'
    )
    return response
