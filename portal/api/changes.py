"""The change feed: plans changed, and plans deleted, since a time, by a stable cursor.

One order over both: (time, kind, id), where a changed plan (kind 0) is its row's
`updated_at` and id, and a deleted plan (kind 1) its tombstone's time and id. Each
page reads at most `per_page + 1` rows from each table by its index, and merges them.
"""

import base64
import datetime as dt
from typing import Any, NamedTuple

from flask import request, url_for
from sqlalchemy import and_, or_, select

from portal import clock
from portal.api.errors import ApiError, json_response
from portal.models import Plan, PlanDeletion, db

PLAN, DELETION = 0, 1
#: Row ids in a cursor fit the databases' 64-bit integers.
MAX_ROW_ID = 2**63 - 1


class Position(NamedTuple):
    moment: dt.datetime
    kind: int
    row_id: int


def timestamp(moment: dt.datetime) -> str:
    """A stored UTC time (naive) as RFC 3339 with its zone."""
    return moment.isoformat(timespec="microseconds") + "Z"


def _updated_since() -> dt.datetime | None:
    text = request.args.get("updated_since")
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError
        # A time at the ends of the calendar, whose zone moves it past them, overflows.
        return clock.to_utc(moment)
    except (ValueError, OverflowError):
        raise ApiError(
            400,
            "`updated_since` must be a date and time with its zone, between the years 0001 "
            "and 9999 in UTC, e.g. 2026-12-01T09:00:00Z.",
        ) from None


def _cursor() -> Position | None:
    """The position after the last item of a page. Cursors given before deletions were
    in the feed name a plan: `time|id`."""
    text = request.args.get("cursor")
    if text is None:
        return None
    try:
        parts = base64.urlsafe_b64decode(text.encode("ascii")).decode().split("|")
        if len(parts) == 2:
            parts.insert(1, str(PLAN))
        moment, kind, row_id = parts
        if kind not in (str(PLAN), str(DELETION)):
            raise ValueError
        if not (row_id.isascii() and row_id.isdigit()) or int(row_id) > MAX_ROW_ID:
            raise ValueError
        when = dt.datetime.fromisoformat(moment)
        if when.tzinfo is not None:
            raise ValueError  # ours are UTC without a zone, as stored
        return Position(when, int(kind), int(row_id))
    except (ValueError, UnicodeError):
        raise ApiError(400, "`cursor` must be one this API gave in `links.next`.") from None


def _make_cursor(position: Position) -> str:
    text = f"{position.moment.isoformat()}|{position.kind}|{position.row_id}"
    return base64.urlsafe_b64encode(text.encode()).decode("ascii")


def _after(moment_column, id_column, kind: int, after: Position):
    """Rows of one kind that come after `after` in the feed's order."""
    if kind < after.kind:
        return moment_column > after.moment
    if kind > after.kind:
        return moment_column >= after.moment
    return or_(
        moment_column > after.moment, and_(moment_column == after.moment, id_column > after.row_id)
    )


def change_feed(per_page: int, columns: tuple, plan_item) -> object:
    since, after = _updated_since(), _cursor()
    plans = select(*columns)
    tombstones = select(PlanDeletion)
    if since is not None:
        plans = plans.where(Plan.updated_at >= since)
        tombstones = tombstones.where(PlanDeletion.deleted_at >= since)
    if after is not None:
        plans = plans.where(_after(Plan.updated_at, Plan.id, PLAN, after))
        tombstones = tombstones.where(
            _after(PlanDeletion.deleted_at, PlanDeletion.id, DELETION, after)
        )
    rows = [
        (Position(row.updated_at, PLAN, row.id), plan_item(row))
        for row in db.session.execute(
            plans.order_by(Plan.updated_at, Plan.id).limit(per_page + 1)
        ).all()
    ]
    rows += [
        (Position(gone.deleted_at, DELETION, gone.id), _deletion_item(gone))
        for gone in db.session.scalars(
            tombstones.order_by(PlanDeletion.deleted_at, PlanDeletion.id).limit(per_page + 1)
        )
    ]
    rows.sort(key=lambda pair: pair[0])
    more = len(rows) > per_page
    rows = rows[:per_page]
    # Typed as url_for's own **values; its underscored options are never among these keys.
    kept: dict[str, Any] = {
        k: v for k, v in request.args.items() if k in ("updated_since", "per_page")
    }
    next_link = url_for("api.plans", **kept, cursor=_make_cursor(rows[-1][0])) if more else None
    # The cursor to keep for the next sync, even when this was the last page.
    last = _make_cursor(rows[-1][0]) if rows else request.args.get("cursor")
    return json_response(
        {
            "items": [item for _, item in rows],
            "per_page": per_page,
            "cursor": last,
            "links": {"self": request.full_path.rstrip("?"), "next": next_link},
        }
    )


def _deletion_item(gone: PlanDeletion) -> dict:
    return {
        "reference": gone.reference,
        "deleted": True,
        "version": gone.version,
        "updated_at": timestamp(gone.deleted_at),
    }
