"""The audit log: every change and every family view. Identifiers only, never content.

Changes are audited inside their own transaction: the audit row and the change commit
together or not at all. Views change nothing, so their rows are written in small
batches by a background thread (every fraction of a second, and when the process exits)
instead of one commit per page: on a busy portal that commit was half the cost of a
family page. A process killed outright can lose the last fraction of a second of view
rows, never a change's.
"""

import atexit
import logging
import threading
from datetime import datetime
from typing import NotRequired, TypedDict

from flask import Flask, current_app
from sqlalchemy import insert

from portal.config import settings
from portal.models import AuditEvent, db, utcnow

FLUSH_EVERY_SECONDS = 0.2
log = logging.getLogger("portal.operations")


class AuditRow(TypedDict):
    """An AuditEvent's columns: identifiers only."""

    actor: str
    action: str
    plan_id: int | None
    detail: str | None
    at: NotRequired[datetime]  # set when a view row is queued; else the column default


def _row(actor: str, action: str, plan_id: int | None, detail: str | None) -> AuditRow:
    return {
        "actor": actor,
        "action": action,
        "plan_id": plan_id,
        "detail": (detail or None) and detail[:200],
    }


def audit(actor: str, action: str, plan_id: int | None = None, detail: str | None = None) -> None:
    """Add an audit event to the current transaction (committed with the change itself),
    and log it: identifiers and counts only, as the audit row holds."""
    row = _row(actor, action, plan_id, detail)
    db.session.add(AuditEvent(**row))
    log.info("%s", action, extra=row)


class ViewAuditWriter:
    """Collects view events and writes them in one insert per batch."""

    def __init__(self, app: Flask):
        self.app = app
        self.pending: list[AuditRow] = []
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        atexit.register(self.flush)

    def add(self, row: AuditRow) -> None:
        row["at"] = utcnow()
        with self.lock:
            self.pending.append(row)
            if self.thread is None or not self.thread.is_alive():
                # Started on first use, so each gunicorn worker gets its own after forking.
                self.thread = threading.Thread(target=self._run, daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            self.wake.wait(FLUSH_EVERY_SECONDS)
            self.wake.clear()
            self.flush()

    def flush(self) -> None:
        with self.lock:
            rows, self.pending = self.pending, []
        if not rows:
            return
        try:
            with self.app.app_context():
                db.session.execute(insert(AuditEvent), rows)
                db.session.commit()
        except Exception:  # keep the rows and try again on the next round
            self.app.logger.exception("Could not write %d view audit rows yet", len(rows))
            with self.lock:
                self.pending[:0] = rows


def audit_view(actor: str, plan_id: int | None, detail: str | None = None) -> None:
    """Record that someone looked at a plan. Written within a fraction of a second (or
    at once when AUDIT_VIEWS_IN_BATCHES is off, as in most tests)."""
    # The app itself, not the proxy: the writer's thread outlives this request.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy method: Flask types current_app as the Flask it stands for
    if not settings(app).audit_views_in_batches:
        audit(actor, "family.view", plan_id, detail)
        db.session.commit()
        return
    writer = app.extensions.get("view_audit")
    if writer is None:
        writer = app.extensions["view_audit"] = ViewAuditWriter(app)
    writer.add(_row(actor, "family.view", plan_id, detail))


def flush_view_audit(app: Flask) -> None:
    """Write any waiting view rows now (tests, and before reading the log)."""
    writer = app.extensions.get("view_audit")
    if writer is not None:
        writer.flush()
