"""Helpers shared by the storage, CLI and API tests."""

import json
import logging
from pathlib import Path

from sqlalchemy import delete, func, select

import tests.conftest as base
from portal import create_app
from portal.models import AuditEvent, Base, db

EXAMPLES = Path(__file__).resolve().parent.parent / "planning" / "examples"
EXAMPLE_NAMES = (
    "england-new-plan",
    "stoke-fifteen-months",
    "greenwich-ended",
    "west-sussex-transfer-in",
)


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.plan.json").read_text(encoding="utf-8"))


def example_path(name: str) -> Path:
    return EXAMPLES / f"{name}.plan.json"


def migrated_app(instance_dir, **overrides):
    """A new app on a migrated database, leaving the test run's logging as it was.

    The migration environment configures logging from alembic.ini, which switches off
    every logger that already exists (the app's among them): a later test that reads
    the logs would then see nothing. So the loggers' switches are put back."""
    loggers = [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    was_disabled = {lg: lg.disabled for lg in loggers}
    root_level = logging.root.level
    try:
        return base.migrated(create_app(base.test_settings(instance_dir, **overrides)))
    finally:
        for logger, disabled in was_disabled.items():
            logger.disabled = disabled
        logging.root.setLevel(root_level)


def wipe_database() -> None:
    """Empty every table (children first), so each test starts from nothing."""
    for table in reversed(Base.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def all_stored_text() -> list[tuple[str, str, str]]:
    """Every value in every column of every table, as text: (table, column, value)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is not None:
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    found.append((table.name, column, text))
    return found


def audit_rows() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def free_texts(record: object) -> list[str]:
    """Every string in a record that a professional typed (not enums, dates or ids)."""
    skip = {
        "format",
        "reference",
        "profile",
        "language",
        "kind",
        "status",
        "decision",
        "reason",
        "date",
        "date_of_birth",
        "by",
        "time",
        "id",
    }
    texts: list[str] = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in skip and key != "categories":
            texts.append(value)

    walk(record)
    return texts


def plans_last_changed_at(moment, *references: str) -> None:
    """Make the server's record of these plans (all, if none named) last changed at
    `moment`, as if nobody had saved them since: the retention rule counts from it."""
    from sqlalchemy import update

    from portal.models import Plan

    change = update(Plan).values(updated_at=moment)
    if references:
        change = change.where(Plan.reference.in_(references))
    db.session.execute(change)
    db.session.commit()
