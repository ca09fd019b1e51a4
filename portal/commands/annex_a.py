"""`flask --app portal annex-a export FILE`: Ofsted's Annex A child protection list
as CSV in Ofsted's column names (docs/data-exchange.md)."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal import clock
from portal.commands.common import fail, file_written_whole, one_line_errors
from portal.config import settings
from portal.exchange.annex_a import count_candidates, write_annex_a
from portal.exchange.annex_a_import import MAX_PROBLEMS_SHOWN, read_annex_a, store_rows
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
    total = count_candidates(day)
    with (
        file_written_whole(file, ".csv", encoding="utf-8-sig", newline="") as out,
        click.progressbar(length=total, label="Plans read", file=sys.stderr) as bar,
    ):
        written = write_annex_a(out, day, progress=bar.update)
    audit("cli", "annex_a.export", None, f"on:{day.isoformat()} rows:{written}")
    db.session.commit()
    click.echo(
        f"Annex A child protection list for {day.isoformat()}: {written} rows written to {file}."
    )


@annex_a.command("import")
@click.option(
    "--partial",
    is_flag=True,
    help="Keep the good rows when some are bad (the bad ones are listed).",
)
@click.option(
    "--profile",
    "profile_id",
    default="",
    help="The procedure profile the plans follow (default: PORTAL_PROFILE).",
)
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@one_line_errors("annex-a import", changed="the plans stored before the error are kept")
def import_list(partial: bool, profile_id: str, file: Path) -> None:
    """Load an Annex A child protection list (CSV) as plans for measurement only.

    They count in the dashboard at once; a family link can be made only once a
    professional has completed each with the plan form. Matched by Child Unique ID:
    the same file again changes nothing, a newer one updates.
    """
    profiles = current_app.extensions["profiles"]
    profile_id = profile_id or settings().profile
    if profile_id not in profiles:
        fail(f"--profile: no profile {profile_id!r}; choose from {', '.join(sorted(profiles))}")
    try:
        with file.open(encoding="utf-8-sig", newline="") as source:
            lines = sum(1 for _ in source)
            source.seek(0)
            rows = max(lines - 1, 0)
            with click.progressbar(length=rows, label="Rows checked", file=sys.stderr) as bar:
                result = read_annex_a(source, profiles, profile_id, progress=bar.update)
    except UnicodeDecodeError:
        fail(f"{file}: the file is not UTF-8 text; save the list as CSV UTF-8")
    except csv.Error as exc:
        fail(f"{file}: not a CSV file ({exc})")
    for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(str(problem), err=True)
    if len(result.problems) > MAX_PROBLEMS_SHOWN:
        click.echo(f"... and {len(result.problems) - MAX_PROBLEMS_SHOWN} more", err=True)
    bad = len(result.bad_lines)
    if bad and not (partial and result.rows):
        audit("cli", "annex_a.import", None, f"refused bad_rows:{bad}")
        db.session.commit()
        hint = "" if partial else "; mend them, or give --partial to keep the good rows"
        problems = "1 row has a problem" if bad == 1 else f"{bad} rows have problems"
        fail(f"{problems}: nothing was stored{hint}.")
    with click.progressbar(length=len(result.rows), label="Plans stored", file=sys.stderr) as bar:
        summary = store_rows(result.rows, profiles, actor="cli", progress=bar.update)
    audit(
        "cli",
        "annex_a.import",
        None,
        f"added:{summary.added} updated:{summary.updated} unchanged:{summary.unchanged}"
        f" bad_rows:{bad}",
    )
    db.session.commit()
    if summary.complete_kept:
        click.echo(
            f"{len(summary.complete_kept)} plans are already complete and were left as they"
            f" are: {', '.join(summary.complete_kept[:20])}"
            + (" ..." if len(summary.complete_kept) > 20 else ""),
            err=True,
        )
    if not summary.changed:
        click.echo(
            f"Nothing changed: the {summary.unchanged} plans on the list are stored as it"
            " says already." + (f" {bad} bad rows were left out." if bad else "")
        )
        return
    click.echo(
        f"Annex A list {file.name}: {summary.added} plans added and {summary.updated} updated"
        f" for measurement only, {summary.unchanged} unchanged"
        + (f", {bad} bad rows left out" if bad else "")
        + ". Complete each with the plan form before making a family link."
    )
