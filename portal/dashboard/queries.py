"""The dashboard's database queries: counting is done by the database, over small columns.

Every date boundary is computed in Python (portal/dashboard/periods.py) and compared
with plain date columns, so the same SQL runs on SQLite and PostgreSQL. Nothing here
reads the stored records: the columns the timeline engine fills at each save
(next_review_due and the rest, see portal/records/plans.py) are enough.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from sqlalchemy import and_, case, false, func, literal, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from portal.dashboard.periods import (
    APPROACHING_WINDOW,
    BANDS,
    BANDS_BY_KEY,
    LONG_PLAN_MONTHS,
    StartRange,
    band_for_months,
    band_starts,
    latest_start_reaching,
    month_points,
    reaching_starts,
    year_before,
)
from portal.models import Plan, Role, User, db
from portal.workspace.auth import visible_plans_query

PAGE_SIZE = 50


def scope_for(user: User, *, aggregates: bool = False) -> ColumnElement[bool]:
    """Which plans `user` may count or list: the workspace's own rule (auth.py).

    Administrators open no plans, but may see counts over all of them (`aggregates`):
    a count names no child.
    """
    if aggregates and user.role == Role.ADMIN:
        return true()
    clause = visible_plans_query(user).whereclause
    return clause if clause is not None else true()


def open_on(day: date) -> ColumnElement[bool]:
    """Open on `day`: started by then, and not ended by then (a plan ends on its end date)."""
    return and_(Plan.started <= day, or_(Plan.ended.is_(None), Plan.ended > day))


def started_within(starts: StartRange) -> ColumnElement[bool]:
    clauses = []
    if starts.earliest is not None:
        clauses.append(Plan.started >= starts.earliest)
    if starts.latest is not None:
        clauses.append(Plan.started <= starts.latest)
    return and_(true(), *clauses)


def review_overdue(day: date) -> ColumnElement[bool]:
    return Plan.next_review_due < day


def core_group_overdue(day: date) -> ColumnElement[bool]:
    return Plan.next_core_group_due < day


def milestone_overdue(day: date) -> ColumnElement[bool]:
    """A conditional milestone waits on a review not held yet: it is never overdue."""
    return and_(Plan.next_milestone_due < day, Plan.next_milestone_conditional == false())


def visit_overdue(day: date) -> ColumnElement[bool]:
    """The next statutory visit was due before `day` (portal/planning/visits.py)."""
    return Plan.next_visit_due < day


OVERDUE = {
    "review": review_overdue,
    "core-group": core_group_overdue,
    "milestone": milestone_overdue,
    "visit": visit_overdue,
    "any": lambda day: or_(
        review_overdue(day), core_group_overdue(day), milestone_overdue(day), visit_overdue(day)
    ),
}


def _count_if(condition: ColumnElement[bool]):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# --- the list -----------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    """What the list is narrowed to; empty strings mean "all"."""

    band: str = ""
    overdue: str = ""
    profile: str = ""
    worker: str = ""  # a user id, or "none" for plans without a social worker
    category: str = ""


#: Sort keys and their default direction. "duration" descending is the longest plan
#: first, which is the earliest start date first.
SORTS = {"duration": "desc", "next-review": "asc", "reference": "asc"}


def list_conditions(filters: ListFilters, scope, day: date) -> list[ColumnElement[bool]]:
    conditions = [scope, open_on(day)]
    if filters.band:
        conditions.append(started_within(band_starts(BANDS_BY_KEY[filters.band], day)))
    if filters.overdue:
        conditions.append(OVERDUE[filters.overdue](day))
    if filters.profile:
        conditions.append(Plan.profile == filters.profile)
    if filters.worker == "none":
        conditions.append(Plan.social_worker_id.is_(None))
    elif filters.worker:
        conditions.append(Plan.social_worker_id == int(filters.worker))
    if filters.category:
        # Categories are stored comma-separated; the commas stop one matching inside another.
        wrapped = literal(",") + Plan.categories + literal(",")
        conditions.append(wrapped.contains(f",{filters.category},", autoescape=True))
    return conditions


def _order_by(sort: str, order: str) -> list:
    descending = (order or SORTS[sort]) == "desc"
    if sort == "duration":
        return [Plan.started if descending else Plan.started.desc(), Plan.reference]
    if sort == "next-review":
        due = Plan.next_review_due.desc() if descending else Plan.next_review_due
        # Plans without a due date (their record could not be read) go last either way.
        return [Plan.next_review_due.is_(None), due, Plan.reference]
    return [Plan.reference.desc() if descending else Plan.reference]


LIST_COLUMNS = (
    Plan.reference,
    Plan.child_first_name,
    Plan.profile,
    Plan.categories,
    Plan.started,
    Plan.last_review_date,
    Plan.next_review_due,
    Plan.next_core_group_due,
    Plan.next_milestone,
    Plan.next_milestone_due,
    Plan.next_milestone_conditional,
    Plan.social_worker_id,
    Plan.last_visit,
    Plan.last_visit_seen_alone,
    Plan.next_visit_due,
    Plan.measurement_only,
)


def count_plans(conditions) -> int:
    return db.session.execute(
        select(func.count()).select_from(Plan).where(*conditions)
    ).scalar_one()


def plan_rows(conditions, sort: str, order: str, page: int | None = None):
    """The listed plans' small columns (never the record); one page, or all of them.

    Two steps: the ids in order come from the dashboard index alone, then only those
    rows are read. Reading the columns of all candidate rows first and sorting them
    afterwards would read 50,000 rows (and, on SQLite, their records) for 50.
    """
    ids = select(Plan.id).where(*conditions).order_by(*_order_by(sort, order))
    if page is not None:
        ids = ids.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        return _rows_in_order(LIST_COLUMNS, db.session.scalars(ids).all())
    return _rows_in_batches(LIST_COLUMNS, db.session.scalars(ids).all())


def _rows_in_order(columns, ids: Sequence[int]) -> list:
    if not ids:
        return []
    rows = {
        row.id: row for row in db.session.execute(select(Plan.id, *columns).where(Plan.id.in_(ids)))
    }
    return [rows[plan_id] for plan_id in ids]


def _rows_in_batches(columns, ids: Sequence[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield from _rows_in_order(columns, ids[start : start + size])


def worker_emails(ids) -> dict[int, str]:
    """The email of each account among `ids` (a page's social workers, or a CSV's)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all())


def social_worker_options() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(User.id, User.email).where(User.role == Role.SOCIAL_WORKER).order_by(User.email)
    )
    return [(user_id, email) for user_id, email in rows]


# --- measures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Open plans on one day, by duration band, and what is overdue among them."""

    day: date
    open_plans: int
    long_plans: int  # open for 2 years or more
    by_band: dict[str, int]
    overdue_reviews: int
    overdue_core_groups: int
    overdue_milestones: int
    overdue_visits: int

    @property
    def long_share(self) -> float | None:
        return self.long_plans / self.open_plans if self.open_plans else None


def snapshot(scope, day: date) -> Snapshot:
    """One pass over the open plans' small columns."""
    bands = {band.key: _count_if(started_within(band_starts(band, day))) for band in BANDS}
    long_latest = latest_start_reaching(LONG_PLAN_MONTHS, day)
    row = db.session.execute(
        select(
            func.count(),
            _count_if(Plan.started <= long_latest),
            _count_if(review_overdue(day)),
            _count_if(core_group_overdue(day)),
            _count_if(milestone_overdue(day)),
            _count_if(visit_overdue(day)),
            *bands.values(),
        ).where(scope, open_on(day))
    ).one()
    return Snapshot(
        day=day,
        open_plans=row[0],
        long_plans=int(row[1]),
        overdue_reviews=int(row[2]),
        overdue_core_groups=int(row[3]),
        overdue_milestones=int(row[4]),
        overdue_visits=int(row[5]),
        by_band={key: int(value) for key, value in zip(bands, row[6:], strict=True)},
    )


@dataclass(frozen=True)
class Endings:
    """Plans that ended in the 12 months up to a day: how long they lasted, and why."""

    first_day: date  # the window is first_day < ended <= last_day
    last_day: date
    total: int
    by_band: dict[str, int]
    by_reason: dict[str, int]

    @property
    def first_included(self) -> date:
        return self.first_day + timedelta(days=1)

    @property
    def long_plans(self) -> int:
        return self.by_band[BANDS[-1].key]

    @property
    def long_share(self) -> float | None:
        return self.long_plans / self.total if self.total else None


def endings(scope, day: date) -> Endings:
    first = year_before(day)
    rows = db.session.execute(
        select(Plan.duration_months, Plan.end_reason, func.count())
        .where(scope, Plan.ended > first, Plan.ended <= day)
        .group_by(Plan.duration_months, Plan.end_reason)
    ).all()
    by_band: Counter[str] = Counter({band.key: 0 for band in BANDS})
    by_reason: Counter[str] = Counter()
    for months, reason, count in rows:
        # A plan stored before its columns were filled has no duration: count it as
        # ended, in no band, rather than in the wrong one.
        if months is not None:
            by_band[band_for_months(months).key] += count
        by_reason[reason or ""] += count
    return Endings(first, day, sum(c for _, _, c in rows), dict(by_band), dict(by_reason))


@dataclass(frozen=True)
class TrendPoint:
    day: date
    open_plans: int
    long_plans: int

    @property
    def long_share(self) -> float | None:
        return self.long_plans / self.open_plans if self.open_plans else None


def trend(scope, day: date, months: int = 24) -> list[TrendPoint]:
    """Open plans and those open 2 years or more at each month end.

    One pass over two date columns, read from the dashboard index: each plan adds one
    to every point from its start (or from the day it reached 2 years) up to its end.
    The same sums written as 48 CASE expressions in SQL take three times as long.
    """
    points = month_points(day, months)
    long_from = [latest_start_reaching(LONG_PLAN_MONTHS, point) for point in points]
    count = len(points)
    opened, longed = [0] * (count + 1), [0] * (count + 1)  # changes at each point
    rows = db.session.execute(
        select(Plan.started, Plan.ended).where(
            scope, Plan.started <= points[-1], or_(Plan.ended.is_(None), Plan.ended > points[0])
        )
    )
    for started, ended in rows:
        first = bisect_left(points, started)  # first point on or after the start
        after = bisect_left(points, ended) if ended is not None else count  # first closed
        if first < after:
            opened[first] += 1
            opened[after] -= 1
            # long_from[i] is the latest start 2 years old at point i; it only grows.
            first_long = max(first, bisect_left(long_from, started))
            if first_long < after:
                longed[first_long] += 1
                longed[after] -= 1
    return [
        TrendPoint(point, open_plans, long_plans)
        for point, open_plans, long_plans in zip(
            points, accumulate(opened[:count]), accumulate(longed[:count]), strict=True
        )
    ]


# --- approaching 9, 15, 21 and 24 months --------------------------------------------


def approaching_conditions(scope, day: date, months: int) -> list[ColumnElement[bool]]:
    """Open plans that reach `months` months from `day` to 8 weeks later."""
    starts = reaching_starts(months, day, day + APPROACHING_WINDOW)
    return [scope, open_on(day), started_within(starts)]


def approaching_rows(conditions, limit: int, offset: int = 0):
    ids = (
        select(Plan.id)
        .where(*conditions)
        .order_by(Plan.started, Plan.reference)
        .limit(limit)
        .offset(offset)
    )
    columns = (Plan.reference, Plan.child_first_name, Plan.profile, Plan.started)
    return _rows_in_order(columns, db.session.scalars(ids).all())
