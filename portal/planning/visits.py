"""Statutory visits: the last one recorded, and when the next is due.

The plan records how often the lead social worker visits (``visits.every_days``) and
each visit made (``visit_log``: date, and whether the child was seen alone). The next
visit is due that many days after the last one, or after the plan began if none is
recorded yet. An ended plan, or one with no frequency recorded, has no visit due.
Works on the stored (normalised) record, so the database columns, the migration that
fills them and the plan page all read visits the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from .format.record_dict import StoredRecord
from .format.vocabulary import FIRST_CONFERENCE_KINDS


@dataclass(frozen=True)
class VisitSummary:
    last: date | None
    #: Whether the child was seen alone at the last visit (None: not recorded).
    seen_alone: bool | None
    every_days: int | None
    next_due: date | None

    def overdue_on(self, day: date) -> bool:
        return self.next_due is not None and self.next_due < day


def visit_summary(record: Mapping[str, object]) -> VisitSummary:
    record = cast(StoredRecord, record)  # as stored: by record_to_dict, or cp-plan/1
    visits = [v for v in record.get("visit_log") or [] if v.get("date")]
    last = max(visits, key=lambda v: v["date"]) if visits else None
    last_date = date.fromisoformat(last["date"]) if last else None
    # the record's visits, or an empty dict when it has none
    every = cast(Mapping[str, object], record.get("visits") or {}).get("every_days")
    every = every if isinstance(every, int) and every > 0 else None
    starts = [
        date.fromisoformat(c["date"])
        for c in record.get("conferences") or []
        if c.get("kind") in FIRST_CONFERENCE_KINDS and c.get("date")
    ]
    next_due = None
    if every and not record.get("ended") and starts:
        since = max(last_date, starts[0]) if last_date else starts[0]
        next_due = since + timedelta(days=every)
    return VisitSummary(
        last=last_date,
        seen_alone=last.get("seen_alone") if last else None,
        every_days=every,
        next_due=next_due,
    )


def visit_columns(record: Mapping[str, object]) -> dict[str, date | bool | None]:
    """The Plan columns the dashboard counts and filters visits by."""
    summary = visit_summary(record)
    return {
        "last_visit": summary.last,
        "last_visit_seen_alone": summary.seen_alone,
        "next_visit_due": summary.next_due,
    }
