"""Plan durations as date ranges: duration bands, month points and "reaching N months".

Pure date arithmetic, no Flask and no database. A plan's age on a day is
``relativedelta(day, start)`` in whole months (timeline-rules.md, "Plan age"), and a
plan has run M months on ``day`` exactly when ``start + M months <= day`` (calendar
months, clamped to the month end, as the timeline engine adds them). Turning each
band edge into "the latest start date that has reached M months by that day" lets the
database compare plain dates instead of doing month arithmetic in SQL, which SQLite
and PostgreSQL spell differently.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.planning import add_months

_ONE_DAY = timedelta(days=1)

#: Milestones of plan length the approaching lists watch, in months.
APPROACHING_MONTHS = (9, 15, 21, 24)
#: How far ahead the approaching lists look.
APPROACHING_WINDOW = timedelta(weeks=8)
#: The length the national statistics and local targets count: 2 years.
LONG_PLAN_MONTHS = 24


@dataclass(frozen=True)
class Band:
    """Plans that have run at least ``low`` and less than ``high`` months (no ``high``:
    no upper limit)."""

    key: str
    low: int
    high: int | None

    def holds_months(self, months: int) -> bool:
        return months >= self.low and (self.high is None or months < self.high)


BANDS = (
    Band("under-3", 0, 3),
    Band("3-9", 3, 9),
    Band("9-15", 9, 15),
    Band("15-21", 15, 21),
    Band("21-24", 21, 24),
    Band("24-plus", 24, None),
)
BANDS_BY_KEY = {band.key: band for band in BANDS}


def latest_start_reaching(months: int, day: date) -> date:
    """The latest start date of a plan that has run ``months`` calendar months by ``day``.

    Month ends make this more than ``day - months``: by 28 February 2026, plans that
    started on 29, 30 and 31 January have all run one month (each plus one month is
    28 February), so the latest such start is 31 January.
    """
    start = day - relativedelta(months=months)
    while add_months(start, months) > day:  # never taken today; kept for safety
        start -= _ONE_DAY
    while add_months(start + _ONE_DAY, months) <= day:
        start += _ONE_DAY
    return start


def months_between(start: date, day: date) -> int:
    """Whole calendar months from ``start`` to ``day`` (0 if ``day`` is not later)."""
    if day <= start:
        return 0
    delta = relativedelta(day, start)
    return delta.years * 12 + delta.months


def band_for_months(months: int) -> Band:
    return next(band for band in BANDS if band.holds_months(months))


def band_on(start: date, day: date) -> Band:
    """The duration band of a plan that started on ``start``, as it stands on ``day``."""
    return band_for_months(months_between(start, day))


@dataclass(frozen=True)
class StartRange:
    """Start dates ``earliest <= started <= latest``; None means no limit that side."""

    earliest: date | None
    latest: date | None


def band_starts(band: Band, day: date) -> StartRange:
    """The start dates of plans in ``band`` on ``day``: the band as a date range."""
    latest = latest_start_reaching(band.low, day)
    earliest = None
    if band.high is not None:
        earliest = latest_start_reaching(band.high, day) + _ONE_DAY
    return StartRange(earliest, latest)


def reaching_starts(months: int, first: date, last: date) -> StartRange:
    """Start dates of plans that reach ``months`` months on a day from ``first`` to
    ``last`` (both included). Adding months never goes backwards, so it is one range."""
    return StartRange(
        latest_start_reaching(months, first - _ONE_DAY) + _ONE_DAY,
        latest_start_reaching(months, last),
    )


def month_points(day: date, count: int = 24) -> list[date]:
    """The last day of each of the ``count`` months up to ``day``'s month; the last
    point is ``day`` itself (a month not over yet is counted as it stands)."""
    points = []
    for back in range(count - 1, 0, -1):
        month = day - relativedelta(months=back)
        points.append(month.replace(day=calendar.monthrange(month.year, month.month)[1]))
    points.append(day)
    return points


def year_before(day: date) -> date:
    """The day 12 calendar months before ``day`` (clamped, like every month step)."""
    return day - relativedelta(months=12)


def review_months(profile, up_to: int) -> dict[int, int]:
    """Review number -> months after the start it is due, when every review is on time
    (3, 9, 15, 21 under the national cadence), for reviews due by ``up_to`` months."""
    months: dict[int, int] = {}
    number, due = 0, 0
    while True:
        due += profile.interval_after(number)
        number += 1
        if due > up_to:
            return months
        months[number] = due


def milestones_at(profile, months: int) -> list:
    """The profile's escalation milestones that go with a plan reaching ``months``:
    those due at that age, and those that follow the review held then (Stoke-on-Trent's
    line manager review follows the review at about 9 months)."""
    reviews = review_months(profile, months)
    return [
        milestone
        for milestone in profile.milestones
        if milestone.at_months == months
        or (milestone.after_review is not None and reviews.get(milestone.after_review) == months)
    ]
