"""`flask --app portal dashboard refresh`: work the dashboard's stored dates out again.

Saving a plan keeps its columns right. Run this after changing a procedure profile
(its timescales move every due date of the plans that use it), or after fixing
records that no longer passed the rules.
"""

import click
from flask import current_app
from sqlalchemy import select

from portal import clock
from portal.config import settings
from portal.dashboard import bp
from portal.dashboard.freshness import record_the_timescales
from portal.dashboard.kept_figures import keep_figures
from portal.models import Plan, db
from portal.planning import parse_record
from portal.records import audit
from portal.records.plans import schedule_columns

BATCH = 1000
plans_table = Plan.__table__


@bp.cli.command("refresh")
def refresh() -> None:
    """Recompute every plan's due dates and duration from its record."""
    profiles = current_app.extensions["profiles"]
    last_id, updated, unreadable = 0, 0, 0
    while True:
        rows = db.session.execute(
            select(Plan.id, Plan.record).where(Plan.id > last_id).order_by(Plan.id).limit(BATCH)
        ).all()
        if not rows:
            break
        for plan_id, stored in rows:
            try:
                record = parse_record(stored, profiles)
                columns = schedule_columns(record, profiles[record.profile])
            except (ValueError, KeyError, LookupError):
                unreadable += 1
                continue
            # A table UPDATE, not the ORM: the record itself is unchanged, so the plan's
            # version (optimistic locking) and its updated_at must stay as they are, or
            # everyone editing a plan right now would be told someone else had saved it.
            db.session.execute(
                plans_table.update()
                .where(plans_table.c.id == plan_id)
                .values(**columns, updated_at=plans_table.c.updated_at)
            )
            updated += 1
        last_id = rows[-1][0]
        db.session.commit()
    record_the_timescales()
    audit("cli", "dashboard.refresh", None, f"plans:{updated} unreadable:{unreadable}")
    db.session.commit()
    click.echo(f"Recomputed the dates of {updated} plans.")
    if unreadable:
        # A count only: nothing of a plan goes into output that may end up in a log.
        click.echo(f"{unreadable} plans could not be read; their dates were left as they were.")


@bp.cli.command("keep-figures")
def keep_figures_command() -> None:
    """Record the trend's figures for every month end so far (a council's monthly job).

    `retention apply` does the same before it deletes; the first run also fills in every
    month back to the earliest plan. Counts only: no child's data is kept.
    """
    months = settings().retention_months
    summary = keep_figures(clock.today(), months)
    audit(
        "cli",
        "figures.keep",
        None,
        f"kept:{summary.kept} frozen:{summary.frozen} incomplete:{summary.incomplete}",
    )
    db.session.commit()
    if summary.first is None:
        click.echo("No plans stored yet: no figures to keep.")
        return
    click.echo(
        f"Kept the figures for {summary.kept} month ends ({summary.first} to {summary.last});"
        f" {summary.frozen} kept before were left as they are"
        + (
            f"; {summary.incomplete} may be too low: plans open then may have been deleted"
            " before the first run"
            if summary.incomplete
            else ""
        )
        + "."
    )
