"""Deleting plans: the one way plans leave the database (the retention rule and the API).

Children first (calendar feeds, then family links, whose reminder rows cascade), so it
works whether or not the database enforces cascades. Each deleted plan leaves a
tombstone (reference, last version, time) for the API's change feed and a change
notice for webhooks, in the same transaction; no plan content is kept.
"""

import datetime as dt

from sqlalchemy import delete, select, update

from portal import clock
from portal.models import CalendarFeed, FamilyLink, Plan, PlanDeletion, db
from portal.records.audit_trail import audit
from portal.records.plans import PlanNotFound, VersionConflict
from portal.records.wal import checkpoint_after_deletion
from portal.webhooks.outbox import record_changes


def delete_plan(reference: str, *, actor: str, expected_version: int | None = None) -> None:
    """Delete one plan, with its links, in one transaction with its audit row (which
    keeps the reference and who deleted it, never the plan's text).

    `expected_version` refuses the deletion if the plan changed since it was read.
    Raises PlanNotFound or VersionConflict (nothing deleted)."""
    try:
        # Locked until the commit (PostgreSQL): a save cannot slip in between the
        # version check and the deletion.
        found = db.session.execute(
            select(Plan.id, Plan.version).where(Plan.reference == reference).with_for_update()
        ).first()
        if found is None:
            raise PlanNotFound(reference)
        plan_id, version = found
        if expected_version is not None and version != expected_version:
            raise VersionConflict(version)
        _claim(plan_id, reference, expected_version)
        delete_plans([plan_id], reason="api")
        audit(actor, "plan.delete", plan_id, f"reference {reference}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    checkpoint_after_deletion()


def _claim(plan_id: int, reference: str, expected_version: int | None) -> None:
    """Check the version again in a write, which holds the plan until the commit (on
    SQLite the first write takes the database's write lock; the SELECT above does
    not): a save or deletion that committed since the SELECT is never deleted over.
    Raises PlanNotFound (deleted meanwhile) or VersionConflict."""
    condition = [Plan.id == plan_id]
    if expected_version is not None:
        condition.append(Plan.version == expected_version)
    claimed = db.session.connection().execute(
        update(Plan).where(*condition).values(version=Plan.version)
    )
    if claimed.rowcount == 1:
        return
    current = db.session.scalar(select(Plan.version).where(Plan.id == plan_id))
    if current is None:
        raise PlanNotFound(reference)
    raise VersionConflict(current)


def delete_plans(plan_ids: list[int], *, reason: str) -> list[str]:
    """Delete these plans with their links and feeds (no commit: the caller audits and
    commits, so the deletion and its audit row are one transaction).

    Returns the references of the plans deleted."""
    rows = db.session.execute(
        select(Plan.reference, Plan.version).where(Plan.id.in_(plan_ids))
    ).all()
    link_ids = select(FamilyLink.id).where(FamilyLink.plan_id.in_(plan_ids))
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.link_id.in_(link_ids)))
    db.session.execute(delete(FamilyLink).where(FamilyLink.plan_id.in_(plan_ids)))
    db.session.execute(delete(Plan).where(Plan.id.in_(plan_ids)))
    now = clock.now()
    db.session.add_all(
        PlanDeletion(reference=reference, version=version, deleted_at=now, reason=reason)
        for reference, version in rows
    )
    record_changes([(reference, version, "deleted", []) for reference, version in rows])
    return [reference for reference, _ in rows]


def forget_deletions_before(moment: dt.datetime) -> None:
    """Drop tombstones older than `moment` (the retention rule keeps them no longer than
    the plans themselves would have been kept)."""
    db.session.execute(delete(PlanDeletion).where(PlanDeletion.deleted_at < moment))
