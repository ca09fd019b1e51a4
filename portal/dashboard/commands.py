"""`flask --app portal dashboard refresh`: work the dashboard's stored dates out again.

Saving a plan keeps its columns right. Run this after changing a procedure profile
(its timescales move every due date of the plans that use it), or after fixing
records that no longer passed the rules.
"""

import click
from flask import current_app
from sqlalchemy import select

from portal.dashboard import bp
from portal.dashboard.freshness import record_the_timescales
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
