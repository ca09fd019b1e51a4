"""Writing the census child protection module for every plan open during a year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from sqlalchemy import func, or_, select

from portal.models import Plan, db
from portal.planning.census import (
    FOOTER_XML,
    CollectionYear,
    census_plan,
    child_xml,
    header_xml,
)

BATCH = 1000


@dataclass
class CensusSummary:
    """What an export wrote, for the closing line of the command and its audit row."""

    year: CollectionYear
    plans: int = 0
    open_on_reference_date: int = 0
    ended_in_year: int = 0
    two_years_or_more: int = 0  # open on the reference date, started 2+ years before
    latest_categories: Counter[str] = field(default_factory=Counter)

    @property
    def two_year_share(self) -> float | None:
        if not self.open_on_reference_date:
            return None
        return self.two_years_or_more / self.open_on_reference_date


def _candidates(year: CollectionYear):
    # `started` is "on a plan since", never later than the start here, so this keeps
    # every plan the census may hold; census_plan decides exactly.
    return (
        Plan.started <= year.reference_date,
        or_(Plan.ended.is_(None), Plan.ended >= year.first_day),
    )


def count_candidates(year: CollectionYear) -> int:
    return db.session.scalar(select(func.count(Plan.id)).where(*_candidates(year))) or 0


def write_census(
    out: TextIO,
    year: CollectionYear,
    *,
    made_at: dt.datetime,
    long_plan_start: dt.date,
    lea: str = "",
    release: str = "",
    progress: Callable[[int], None] | None = None,
) -> CensusSummary:
    """Write the census file for `year` to `out`, plan by plan in reference order.

    `long_plan_start` is the latest start of a plan 2 years old on the reference date
    (the dashboard's own rule, portal/dashboard/periods.py), for the summary.
    """
    summary = CensusSummary(year)
    out.write(header_xml(year, made_at, lea=lea, release=release))
    query = (
        select(Plan.record)
        .where(*_candidates(year))
        .order_by(Plan.reference)
        .execution_options(yield_per=BATCH)
    )
    read = 0
    for record in db.session.scalars(query):
        read += 1
        entry = census_plan(record, year)
        if entry is not None:
            out.write(child_xml(entry))
            summary.plans += 1
            summary.latest_categories[entry.latest_category] += 1
            if entry.end is None:
                summary.open_on_reference_date += 1
                summary.two_years_or_more += entry.start <= long_plan_start
            else:
                summary.ended_in_year += 1
        if progress is not None and read % BATCH == 0:
            progress(BATCH)
    if progress is not None:
        progress(read % BATCH)
    out.write(FOOTER_XML)
    return summary
