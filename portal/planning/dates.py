"""Date arithmetic for plan timelines.

Calendar months are added with ``dateutil.relativedelta``, which clamps to the end
of the month (2026-01-31 + 1 month = 2026-02-28). A date computed from another
computed date is computed step by step, each step clamped: callers chain
``add_months`` rather than adding a larger number of months to the first date.

Working days are Monday to Friday, excluding the bank holidays of England and
Wales as listed by the ``holidays`` package (country GB, subdivision ENG). The
holiday set is built once per calendar year and cached.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

__all__ = [
    "SPAN_UNITS",
    "add_months",
    "add_span",
    "add_working_days",
    "age_between",
    "bank_holidays",
    "eighteenth_birthday",
    "is_working_day",
]

#: Units a profile may use for a span of time ("within 2 weeks", "10 working days").
SPAN_UNITS = ("months", "weeks", "days", "working_days")

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=256)
def _months(months: int) -> relativedelta:
    return relativedelta(months=months)


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the end of the month."""
    later: date = start + _months(months)  # dateutil has no type hints
    return later


@lru_cache(maxsize=512)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year`` (cached per year).

    The ``holidays`` package also lists the original date of a holiday that falls
    at a weekend next to its weekday substitute; weekends are not working days
    anyway, so this does not matter here.
    """
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day strictly after ``start``, whatever day ``start`` is.

    ``add_working_days(d, 0)`` is ``d`` itself.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def add_span(start: date, amount: int, unit: str) -> date:
    """``start`` plus ``amount`` of ``unit`` (one of :data:`SPAN_UNITS`)."""
    if unit == "months":
        return add_months(start, amount)
    if unit == "weeks":
        return start + timedelta(weeks=amount)
    if unit == "days":
        return start + timedelta(days=amount)
    if unit == "working_days":
        return add_working_days(start, amount)
    raise ValueError(f"unknown unit {unit!r}")


def eighteenth_birthday(date_of_birth: date) -> date:
    """The 18th birthday; a 29 February birth falls on 28 February."""
    birthday: date = date_of_birth + relativedelta(years=18)  # dateutil has no type hints
    return birthday


def age_between(start: date, end: date) -> tuple[int, int]:
    """Whole months and remaining days from ``start`` to ``end`` (0, 0 if ``end`` is earlier)."""
    if end <= start:
        return (0, 0)
    delta = relativedelta(end, start)
    return (delta.years * 12 + delta.months, delta.days)
