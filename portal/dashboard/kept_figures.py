"""Kept monthly figures: the trend's counts at each month end, recorded so that the
retention rule's deletions do not lower the 24-month trend (docs/dashboard.md).

The retention rule deletes plans that ended more than N months ago, so a month end
before that cutoff may have had open plans that are no longer stored. Its figures are
kept while every plan open on it is still stored: by `figures keep` (a council's
monthly job) and by `retention apply` just before it deletes. A first run keeps every
month end back to the earliest plan, marking as incomplete those the retention rule
may already have thinned. Counts only, over every plan: no reference, name or date of
any child.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select, true

from portal.dashboard.queries import TrendPoint, trend
from portal.models import AuditEvent, KeptFigure, Plan, Role, User, db
from portal.workspace.auth import ALL_PLANS_ROLES


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def retention_cutoff(today: date, retention_months: int) -> date:
    """Plans that ended before this day may have been deleted (the retention rule)."""
    return today - relativedelta(months=retention_months)


@dataclass(frozen=True)
class KeptSummary:
    kept: int  # month ends recorded or brought up to date
    frozen: int  # month ends before the cutoff already kept, left as they are
    incomplete: int  # recorded, but plans open then may have been deleted already
    first: date | None
    last: date | None


def keep_figures(today: date, retention_months: int) -> KeptSummary:
    """Record the trend's figures for every month end before `today`.

    Month ends on or after the retention cutoff are (re)counted from the stored plans,
    which are all there still. Those before it are counted only if not kept yet (a
    first run), and marked incomplete if the retention rule has ever deleted plans.
    """
    cutoff = retention_cutoff(today, retention_months)
    if not _ever_deleted_plans():
        cutoff = date.min  # every plan ever stored is still here: every month is whole
    last = month_end(today - relativedelta(months=1))
    earliest = db.session.scalar(select(func.min(Plan.started)))
    if earliest is None or month_end(earliest) > last:
        return KeptSummary(0, 0, 0, None, None)
    first = month_end(earliest)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    kept = {row.month_end: row for row in db.session.scalars(select(KeptFigure))}
    frozen = incomplete = written = 0
    for point in trend(true(), last, months):
        row = kept.get(point.day)
        if row is not None and point.day < cutoff:
            frozen += 1
            continue
        complete = point.day >= cutoff
        if row is None:
            row = KeptFigure(month_end=point.day)
            db.session.add(row)
        row.open_plans, row.long_plans, row.complete = (
            point.open_plans,
            point.long_plans,
            complete,
        )
        written += 1
        incomplete += not complete
    db.session.commit()
    return KeptSummary(written, frozen, incomplete, first, last)


def _ever_deleted_plans() -> bool:
    """Whether the retention rule has deleted any plan here (its audit rows say how
    many each run deleted: "deleted 0 plans, ..." when none)."""
    runs = select(AuditEvent.id).where(
        AuditEvent.action == "retention.apply", ~AuditEvent.detail.startswith("deleted 0 plans")
    )
    return db.session.scalar(runs.limit(1)) is not None


def covers_every_plan(user: User) -> bool:
    """Whether `user`'s measures count every plan: kept figures are for the whole portal,
    so they cannot stand in for one social worker's plans."""
    return user.role == Role.ADMIN or user.role in ALL_PLANS_ROLES


@dataclass(frozen=True)
class MeasuredTrend:
    points: list[TrendPoint]
    #: The retention cutoff, when some figure shown may be too low (else None) ...
    incomplete_before: date | None
    #: ... and the points that may be: before it, with no complete kept figure.
    uncertain: frozenset[date]


def with_kept_figures(
    points: list[TrendPoint], today: date, retention_months: int
) -> MeasuredTrend:
    """The trend with kept figures for the month ends whose plans may have gone."""
    cutoff = retention_cutoff(today, retention_months)
    early = [p.day for p in points if p.day < cutoff]
    if not early:
        return MeasuredTrend(points, None, frozenset())
    kept = {
        row.month_end: row
        for row in db.session.scalars(select(KeptFigure).where(KeptFigure.month_end.in_(early)))
    }
    shown, uncertain = [], []
    for point in points:
        row = kept.get(point.day) if point.day < cutoff else None
        if row is not None:
            point = replace(point, open_plans=row.open_plans, long_plans=row.long_plans)
        if point.day < cutoff and (row is None or not row.complete):
            uncertain.append(point.day)
        shown.append(point)
    return MeasuredTrend(shown, cutoff if uncertain else None, frozenset(uncertain))


def measured_trend(
    user: User, scope, day: date, today: date, retention_months: int
) -> MeasuredTrend:
    """The 24-month trend `user` sees on `day`, and which of its figures may be too
    low. Kept figures fill in only a trend over every plan."""
    points = trend(scope, day)
    if covers_every_plan(user):
        return with_kept_figures(points, today, retention_months)
    cutoff = retention_cutoff(today, retention_months)
    uncertain = frozenset(p.day for p in points if p.day < cutoff)
    return MeasuredTrend(points, cutoff if uncertain else None, uncertain)
