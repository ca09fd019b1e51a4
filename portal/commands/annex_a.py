"""`flask --app portal annex-a export FILE`: Ofsted's Annex A child protection list
as CSV in Ofsted's column names (docs/data-exchange.md)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import click
from flask.cli import AppGroup

from portal import clock
from portal.commands.common import fail, one_line_errors
from portal.exchange.annex_a import count_candidates, write_annex_a
from portal.models import db
from portal.records import audit

annex_a = AppGroup("annex-a", help="Ofsted's Annex A list of children on a protection plan.")


@annex_a.command("export")
@click.option("--on", "on_text", default="", help="The day the list is for (default today).")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@one_line_errors("annex-a export", changed="no file was written")
def export(on_text: str, file: Path) -> None:
    """Write the children on a plan on the day, and those whose plan ended in the six
    months before it, to FILE (CSV)."""
    try:
        day = dt.date.fromisoformat(on_text) if on_text else clock.today()
    except ValueError:
        fail(f"--on: a date is written YYYY-MM-DD, not {on_text!r}")
    if not file.parent.is_dir():
        fail(f"FILE: the folder {file.parent} does not exist")
    total = count_candidates(day)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".annex-a-", suffix=".csv")
    try:
        with (
            os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out,
            click.progressbar(length=total, label="Plans read", file=sys.stderr) as bar,
        ):
            written = write_annex_a(out, day, progress=bar.update)
        Path(temporary).replace(file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    audit("cli", "annex_a.export", None, f"on:{day.isoformat()} rows:{written}")
    db.session.commit()
    click.echo(
        f"Annex A child protection list for {day.isoformat()}: {written} rows written to {file}."
    )
