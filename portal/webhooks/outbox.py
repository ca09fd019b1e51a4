"""Writing change notices to the outbox, inside the transaction of the change itself.

A notice row per registered endpoint is added to the session the plan change is in,
so the notice is stored exactly when the change is (and never for one rolled back).
"""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from portal import clock
from portal.models import db
from portal.models.outgoing import WebhookDelivery, WebhookEndpoint

PENDING = "pending"
DELIVERED = "delivered"
GAVE_UP = "gave-up"


def changed_sections(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """The record's top-level keys whose value differs (all of them for a new plan)."""
    if before is None:
        return sorted(after)
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def record_change(
    reference: str,
    version: int,
    kind: str,
    sections: Iterable[str],
    *,
    previous_reference: str | None = None,
) -> None:
    """Queue a notice of one plan change for every registered endpoint (no commit);
    `previous_reference` when the change renamed the plan."""
    record_changes([(reference, version, kind, list(sections))], previous_reference)


def record_changes(
    changes: list[tuple[str, int, str, list[str]]], previous_reference: str | None = None
) -> None:
    """Queue notices of several changes (a retention run deletes many plans at once)."""
    endpoint_ids = list(
        db.session.scalars(
            select(WebhookEndpoint.id)
            .where(WebhookEndpoint.removed_at.is_(None))
            .order_by(WebhookEndpoint.id)
        )
    )
    if not endpoint_ids or not changes:
        return
    now = clock.now()
    db.session.add_all(
        WebhookDelivery(
            endpoint_id=endpoint_id,
            delivery_id=str(uuid.uuid4()),
            reference=reference,
            version=version,
            kind=kind,
            sections=",".join(sections),
            previous_reference=previous_reference,
            changed_at=now,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
        )
        for reference, version, kind, sections in changes
        for endpoint_id in endpoint_ids
    )
