"""The audit log: every change and every family view. Identifiers only, never content."""

from portal.models import AuditEvent, db


def audit(actor: str, action: str, plan_id: int | None = None, detail: str | None = None) -> None:
    """Add an audit event to the current transaction (committed with the change itself)."""
    db.session.add(
        AuditEvent(
            actor=actor, action=action, plan_id=plan_id, detail=(detail or None) and detail[:200]
        )
    )
