"""Backups, restores and data retention.

`flask --app portal backup PATH` / `restore PATH` use SQLite's online backup API, which
copies a consistent snapshot while the portal keeps serving. For PostgreSQL they print
the pg_dump / pg_restore commands to use instead (the right tool for that database).
`flask --app portal retention apply` deletes plans that ended long enough ago.
"""

import datetime as dt
import sqlite3
import sys
from pathlib import Path

import click
from dateutil.relativedelta import relativedelta
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from portal import clock
from portal.config import settings
from portal.dashboard.kept_figures import keep_figures
from portal.database import owner_only
from portal.models import CalendarFeed, FamilyLink, Plan, db
from portal.records.audit_trail import audit
from portal.records.deletion import delete_plans, forget_deletions_before
from portal.records.wal import checkpoint_after_deletion

POSTGRES_HELP = (
    "This portal uses PostgreSQL. Back it up with pg_dump, for example:\n"
    '  pg_dump --format=custom --file=portal.dump "$DATABASE_URL"\n'
    "and restore into an empty database with:\n"
    '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" portal.dump'
)


def _sqlite_path() -> str | None:
    url = db.engine.url
    return url.database if url.get_backend_name() == "sqlite" else None


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    with target:
        source.backup(target)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Write a consistent copy of the database to PATH (SQLite)."""
    database = _sqlite_path()
    if database is None:
        click.echo(POSTGRES_HELP, err=True)
        sys.exit(2)
    if path.exists():
        click.echo(f"{path} already exists: choose a new file name.", err=True)
        sys.exit(1)
    folder = path.parent
    if not folder.is_dir():
        click.echo(f"There is no folder {folder}: create it first, or choose another.", err=True)
        sys.exit(1)
    owner_only(path)  # a backup holds everything the database does
    try:
        with sqlite3.connect(database) as source, sqlite3.connect(path) as target:
            _copy(source, target)
    except (sqlite3.Error, OSError) as problem:
        # No traceback: say what failed, and leave no half-written copy behind.
        path.unlink(missing_ok=True)
        click.echo(f"The backup to {path} failed, nothing was written: {problem}", err=True)
        sys.exit(1)
    click.echo(f"Backed up to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH (SQLite)."""
    database = _sqlite_path()
    if database is None:
        click.echo(POSTGRES_HELP, err=True)
        sys.exit(2)
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as check:
            check.execute("SELECT version_num FROM alembic_version").fetchone()
            plans = check.execute("SELECT count(*) FROM plans").fetchone()[0]
    except sqlite3.DatabaseError:
        click.echo(f"{path} is not a backup of this portal.", err=True)
        sys.exit(1)
    if not yes and not click.confirm(f"Replace the current database with {path} ({plans} plans)?"):
        sys.exit(1)
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(path) as source, sqlite3.connect(database) as target:
        _copy(source, target)
    click.echo(f"Restored {plans} plans from {path}")


retention = AppGroup("retention", help="Delete plans that ended long ago.")


@retention.command("apply")
@click.option(
    "--months",
    type=click.IntRange(1, 1200),
    default=None,
    help="Keep ended plans for this many months (default: PORTAL_RETENTION_MONTHS or 12).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option(
    "--yes",
    is_flag=True,
    help="Do not ask for confirmation (for scheduled runs).",
)
@with_appcontext
def apply_retention(months: int | None, dry_run: bool, yes: bool) -> None:
    """Delete plans ended more than the retention period ago, with their links and feeds.

    A plan goes only once both its end date and its last change on the server are
    older than the period.

    Says how many plans it would delete and asks first, unless --yes is given.
    """
    months = months or settings().retention_months
    cutoff = clock.today() - relativedelta(months=months)
    # Counted from the server's record as well as the plan's own end date: an API key
    # that may not delete could otherwise backdate `ended` and have this run delete it.
    old_plans = select(Plan.id).where(
        Plan.ended.is_not(None),
        Plan.ended < cutoff,
        Plan.updated_at < dt.datetime.combine(cutoff, dt.time()),
    )
    plan_ids = list(db.session.scalars(old_plans))
    links = (
        db.session.scalar(
            select(func.count()).select_from(FamilyLink).where(FamilyLink.plan_id.in_(plan_ids))
        )
        or 0
    )
    feeds = (
        db.session.scalar(
            select(func.count())
            .select_from(CalendarFeed)
            .join(FamilyLink)
            .where(FamilyLink.plan_id.in_(plan_ids))
        )
        or 0
    )
    summary = (
        f"{len(plan_ids)} plans, {links} family links, {feeds} calendar feeds ended before {cutoff}"
    )
    if dry_run:
        click.echo(f"Would delete {summary}")
        return
    # Tombstones of deleted plans are kept no longer than ended plans are.
    forget_deletions_before(dt.datetime.combine(cutoff, dt.time()))
    if not plan_ids:
        # Still recorded: a scheduled run that found nothing is evidence it ran.
        _record_retention(summary, 0)
        click.echo(f"Nothing to delete: no plans ended before {cutoff}.")
        return
    if not yes and not _confirmed(f"Delete {summary}? This cannot be undone"):
        click.echo("Nothing was deleted.")
        sys.exit(1)
    # The trend's figures for the months these plans were open in, kept before they go.
    keep_figures(clock.today(), months)
    delete_plans(plan_ids, reason="retention")
    _record_retention(summary, len(plan_ids))
    checkpoint_after_deletion()
    click.echo(f"Deleted {summary}")


def _record_retention(summary: str, count: int) -> None:
    """Audit and log a retention run, with counts only (commits the deletions)."""
    audit("cli", "retention.apply", None, f"deleted {summary}")
    db.session.commit()
    current_app.logger.info(
        "Retention: deleted %s", summary, extra={"action": "retention.apply", "count": count}
    )


def _confirmed(question: str) -> bool:
    """Ask; no answer at all (a script with no terminal, Ctrl-D, Ctrl-C) is a no."""
    try:
        return click.confirm(question, default=False)
    except click.Abort:
        click.echo()
        return False
