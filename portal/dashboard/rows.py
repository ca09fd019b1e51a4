"""One listed plan as the page and the CSV show it, and the figures measures compare with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from portal.config import settings
from portal.dashboard.periods import band_for_months
from portal.planning import EventStatus
from portal.planning.dates import age_between
from portal.planning.events import due_status as timeline_due_status


@dataclass(frozen=True)
class NationalFigure:
    """The national share of plans lasting 2 years or more, with where it comes from."""

    share: float
    plans: int
    ended: int
    year: str


# Department for Education, "Children in need" 2025, data set D7 (England): of the 62,300
# child protection plans that ended in the year to 31 March 2025, 2,710 (4.4%) had
# lasted 2 years or more. It counts plans that ENDED, so the dashboard sets it beside the
# share of plans that ended in the last 12 months, not beside the open plans.
NATIONAL = NationalFigure(share=0.044, plans=2_710, ended=62_300, year="2024-25")


def national_figure() -> NationalFigure:
    return NATIONAL


def target_share() -> float:
    """The authority's target for open plans at 2 years or more, as a fraction."""
    return settings().two_year_target / 100


# Plans share start dates (a few hundred a year), and the ages are worked out on one day:
# a CSV of 50,000 plans needs only a few thousand relativedelta sums.
_age = lru_cache(maxsize=8192)(age_between)


def due_status(due: dt.date | None, day: dt.date) -> EventStatus | None:
    """Upcoming or overdue on ``day``, as the timeline says of a projected item."""
    return None if due is None else timeline_due_status(due, day)


@dataclass(frozen=True)
class PlanRow:
    reference: str
    child: str
    profile: str
    categories: tuple[str, ...]
    started: dt.date
    months: int
    days: int
    band: str
    last_review: dt.date | None
    next_review_due: dt.date | None
    next_review_status: EventStatus | None
    next_core_group_due: dt.date | None
    next_core_group_status: EventStatus | None
    milestone: str | None
    milestone_due: dt.date | None
    milestone_status: EventStatus | None
    worker_id: int | None = None
    last_visit: dt.date | None = None
    last_visit_seen_alone: bool | None = None
    next_visit_due: dt.date | None = None
    next_visit_status: EventStatus | None = None
    measurement_only: bool = False  # its "child" is the reference standing in for a name


def plan_row(row, day: dt.date) -> PlanRow:
    """`row` holds queries.LIST_COLUMNS; statuses are as they stand on `day`."""
    months, days = _age(row.started, day)
    milestone_status = None
    if row.next_milestone is not None:
        milestone_status = (
            EventStatus.CONDITIONAL
            if row.next_milestone_conditional
            else due_status(row.next_milestone_due, day)
        )
    return PlanRow(
        reference=row.reference,
        # A plan loaded from an Annex A list holds its reference where the name goes.
        child="" if getattr(row, "measurement_only", False) else row.child_first_name,
        measurement_only=bool(getattr(row, "measurement_only", False)),
        profile=row.profile,
        categories=tuple(c for c in row.categories.split(",") if c),
        started=row.started,
        months=months,
        days=days,
        band=band_for_months(months).key,
        last_review=row.last_review_date,
        next_review_due=row.next_review_due,
        next_review_status=due_status(row.next_review_due, day),
        next_core_group_due=row.next_core_group_due,
        next_core_group_status=due_status(row.next_core_group_due, day),
        milestone=row.next_milestone,
        milestone_due=row.next_milestone_due,
        milestone_status=milestone_status,
        worker_id=row.social_worker_id,
        last_visit=row.last_visit,
        last_visit_seen_alone=row.last_visit_seen_alone,
        next_visit_due=row.next_visit_due,
        next_visit_status=due_status(row.next_visit_due, day),
    )
