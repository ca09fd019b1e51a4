"""Duration bands and date ranges: band edges in calendar months, month ends clamped."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from portal.dashboard.periods import (
    BANDS,
    band_on,
    band_starts,
    latest_start_reaching,
    milestones_at,
    month_points,
    months_between,
    reaching_starts,
)
from portal.planning import load_profiles

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "day", "band"),
    [
        ("2024-03-15", "2026-03-15", "24-plus"),  # exactly 24 months
        ("2024-03-15", "2026-03-14", "21-24"),  # one day short
        ("2024-03-15", "2025-12-15", "21-24"),  # exactly 21 months
        ("2024-03-15", "2025-12-14", "15-21"),
        ("2025-03-15", "2025-06-15", "3-9"),  # exactly 3 months
        ("2025-03-15", "2025-06-14", "under-3"),
        ("2025-03-15", "2025-03-15", "under-3"),  # the day it started
        ("2025-03-15", "2025-12-15", "9-15"),
        ("2024-03-15", "2025-06-15", "15-21"),
        # Month-end starts clamp: 31 January + 1 month is 28 (or 29) February.
        ("2024-01-31", "2026-01-31", "24-plus"),
        ("2024-01-31", "2026-01-30", "21-24"),
        ("2025-11-30", "2026-02-28", "3-9"),  # 30 Nov + 3 months = 28 Feb 2026
        ("2025-11-30", "2026-02-27", "under-3"),
        ("2024-02-29", "2026-02-28", "24-plus"),  # a leap day start, 2 years on
        ("2024-02-29", "2026-02-27", "21-24"),
        ("2023-08-31", "2025-08-31", "24-plus"),
        ("2024-05-31", "2026-05-30", "21-24"),
    ],
)
def test_band_edges_count_calendar_months_from_the_start(start, day, band):
    assert band_on(D(start), D(day)).key == band


def test_a_31_january_start_has_run_a_month_on_the_last_day_of_february():
    assert months_between(D("2026-01-31"), D("2026-02-28")) == 1
    assert months_between(D("2026-01-31"), D("2026-02-27")) == 0
    assert months_between(D("2028-01-31"), D("2028-02-29")) == 1
    # so by 28 February 2026, the latest start that has run one month is 31 January
    assert latest_start_reaching(1, D("2026-02-28")) == D("2026-01-31")
    assert latest_start_reaching(1, D("2026-03-31")) == D("2026-02-28")
    assert latest_start_reaching(24, D("2026-02-28")) == D("2024-02-29")


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "day", ["2026-02-28", "2028-02-29", "2026-03-31", "2026-07-15", "2026-12-31", "2027-01-30"]
)
def test_band_date_ranges_agree_with_relativedelta_for_every_start(day):
    """The SQL compares start dates with a range per band; check the ranges against the
    definition (relativedelta months) for every start over three years."""
    day = D(day)
    for start in _days(day - relativedelta(years=3), day):
        delta = relativedelta(day, start)
        months = delta.years * 12 + delta.months
        expected = next(b for b in BANDS if b.holds_months(months))
        inside = [
            b.key
            for b in BANDS
            if (band_starts(b, day).earliest or dt.date.min)
            <= start
            <= (band_starts(b, day).latest or dt.date.max)
        ]
        assert inside == [expected.key], (start, day, inside)


@pytest.mark.parametrize("months", [9, 15, 21, 24])
def test_reaching_ranges_hold_exactly_the_plans_reaching_that_length(months):
    first, last = D("2026-01-05"), D("2026-03-02")  # 8 weeks over a short February
    starts = reaching_starts(months, first, last)
    for start in _days(first - relativedelta(months=months + 2), last):
        reaches = start + relativedelta(months=months)
        assert (starts.earliest <= start <= starts.latest) == (first <= reaches <= last), start


def test_month_points_are_month_ends_and_then_the_day_itself():
    points = month_points(D("2026-03-10"))
    assert len(points) == 24
    assert points[0] == D("2024-04-30")
    assert D("2025-02-28") in points and D("2024-02-29") not in points
    assert points[-2:] == [D("2026-02-28"), D("2026-03-10")]
    assert month_points(D("2028-03-01"), 2) == [D("2028-02-29"), D("2028-03-01")]


@pytest.mark.parametrize(
    ("profile", "months", "expected"),
    [
        ("west-sussex", 9, ["group-manager-review"]),
        ("west-sussex", 15, []),  # no dated legal gateway (timeline rules version 2)
        ("west-sussex", 16, ["group-manager-review-16"]),
        ("west-sussex", 21, []),
        ("stoke-on-trent", 9, ["line-manager-review"]),  # after review 2, at 9 months
        ("stoke-on-trent", 15, ["senior-manager-review"]),
        ("twenty-one-month-policy", 15, ["legal-planning-meeting"]),
        ("twenty-one-month-policy", 24, []),
        ("england", 9, []),
    ],
)
def test_each_profile_names_its_milestone_at_each_length(profile, months, expected):
    profiles = load_profiles()
    assert [m.id for m in milestones_at(profiles[profile], months)] == expected
