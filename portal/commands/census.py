"""`flask --app portal census export --year 2026-27 FILE`: the CIN census child
protection module, as XML in the census's own field names (docs/data-exchange.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from portal import clock
from portal.commands.common import fail, file_written_whole, one_line_errors
from portal.dashboard.periods import LONG_PLAN_MONTHS, latest_start_reaching
from portal.exchange.census import count_candidates, write_census
from portal.models import db
from portal.planning.census import CollectionYear
from portal.records import audit

census = AppGroup("census", help="The Children in Need census, child protection module.")


def _share(fraction: float | None) -> str:
    return "no open plans" if fraction is None else f"{fraction:.1%}"


@census.command("export")
@click.option("--year", "year_text", required=True, help="The collection year, e.g. 2026-27.")
@click.option("--lea", default="", help="The council's three-digit LA code, for the header.")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@one_line_errors("census export", changed="no file was written")
def export(year_text: str, lea: str, file: Path) -> None:
    """Write every plan open at some time in the collection year to FILE (XML)."""
    try:
        year = CollectionYear.parse(year_text)
    except ValueError as error:
        fail(f"--year: {error}")
    if lea and not (lea.isdigit() and len(lea) == 3):
        fail(f"--lea: an LA code is three digits, not {lea!r}")
    total = count_candidates(year)
    with (
        file_written_whole(file, ".xml") as out,
        click.progressbar(length=total, label="Plans read", file=sys.stderr) as bar,
    ):
        summary = write_census(
            out,
            year,
            made_at=clock.now(),
            long_plan_start=latest_start_reaching(LONG_PLAN_MONTHS, year.reference_date),
            lea=lea,
            progress=bar.update,
        )
    audit("cli", "census.export", None, f"year:{year.label} plans:{summary.plans}")
    db.session.commit()
    categories = ", ".join(f"{code} {n}" for code, n in sorted(summary.latest_categories.items()))
    click.echo(
        f"Census {year.label} (reference date {year.reference_date.isoformat()}): "
        f"{summary.plans} plans written to {file}.\n"
        f"  open on the reference date: {summary.open_on_reference_date}; "
        f"ended in the year: {summary.ended_in_year}\n"
        f"  open 2 years or more: {summary.two_years_or_more} "
        f"({_share(summary.two_year_share)} of open plans)\n"
        f"  latest category: {categories or 'none'}"
    )
