from datetime import date

import pytest

from portal.planning import add_months, add_span, add_working_days, is_working_day
from portal.planning.dates import age_between, bank_holidays, eighteenth_birthday

from .helpers import d


@pytest.mark.parametrize(
    ("start", "months", "want"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-03-31", 6, "2026-09-30"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-01-15", 3, "2026-04-15"),
        ("2026-10-09", 3, "2027-01-09"),  # across a year
    ],
)
def test_add_months_clamps_to_month_end(start, months, want):
    assert add_months(d(start), months) == d(want)


def test_month_steps_are_clamped_one_by_one():
    one_step = add_months(add_months(d("2026-01-31"), 1), 1)
    assert one_step == d("2026-03-28")  # 31 Jan -> 28 Feb -> 28 Mar
    assert add_months(d("2026-01-31"), 2) == d("2026-03-31")  # not the same thing


def test_bank_holidays_come_from_the_holidays_package_and_are_cached():
    h2026 = bank_holidays(2026)
    assert bank_holidays(2026) is h2026
    assert d("2026-12-25") in h2026
    assert d("2026-12-28") in h2026  # Boxing Day substitute
    assert d("2026-05-25") in h2026  # spring bank holiday
    assert d("2027-03-26") in bank_holidays(2027)  # Good Friday
    assert d("2027-03-29") in bank_holidays(2027)  # Easter Monday


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-12-24", True),
        ("2026-12-25", False),  # Christmas, Friday
        ("2026-12-26", False),  # Saturday
        ("2026-12-28", False),  # Boxing Day substitute, Monday
        ("2026-12-29", True),
        ("2027-01-01", False),
        ("2027-01-04", True),
        ("2027-03-26", False),
        ("2027-03-29", False),
        ("2027-03-30", True),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(d(day)) is working


@pytest.mark.parametrize(
    ("start", "n", "want"),
    [
        ("2026-12-23", 1, "2026-12-24"),
        ("2026-12-24", 1, "2026-12-29"),  # skips Christmas, weekend, substitute Monday
        ("2026-12-24", 4, "2027-01-04"),  # skips New Year's Day
        ("2026-12-18", 10, "2027-01-06"),
        ("2027-03-25", 1, "2027-03-30"),  # Easter 2027
        ("2027-03-19", 10, "2027-04-06"),
        ("2026-05-11", 10, "2026-05-26"),  # spring bank holiday
        ("2026-05-16", 1, "2026-05-18"),  # from a Saturday
        ("2026-05-17", 1, "2026-05-18"),  # from a Sunday
        ("2026-05-16", 10, "2026-06-01"),
        ("2026-12-25", 1, "2026-12-29"),  # from a bank holiday
        ("2026-05-18", 0, "2026-05-18"),
    ],
)
def test_add_working_days(start, n, want):
    assert add_working_days(d(start), n) == d(want)


def test_add_working_days_is_strictly_after_even_from_a_working_day():
    assert add_working_days(d("2026-05-18"), 1) == d("2026-05-19")


def test_add_working_days_rejects_negative():
    with pytest.raises(ValueError):
        add_working_days(d("2026-05-18"), -1)


@pytest.mark.parametrize(
    ("unit", "amount", "want"),
    [
        ("months", 3, "2026-04-30"),
        ("weeks", 2, "2026-02-14"),
        ("days", 14, "2026-02-14"),
        ("working_days", 2, "2026-02-03"),
    ],
)
def test_add_span(unit, amount, want):
    assert add_span(d("2026-01-31"), amount, unit) == d(want)


def test_add_span_rejects_unknown_unit():
    with pytest.raises(ValueError):
        add_span(d("2026-01-31"), 1, "fortnights")


@pytest.mark.parametrize(
    ("born", "turns_18"),
    [
        ("2008-02-29", "2026-02-28"),  # 29 February births fall on 28 February
        ("2012-02-29", "2030-02-28"),  # 2030 is not a leap year
        ("2010-02-28", "2028-02-28"),
        ("2010-03-01", "2028-03-01"),
        ("2016-07-02", "2034-07-02"),
    ],
)
def test_eighteenth_birthday(born, turns_18):
    assert eighteenth_birthday(d(born)) == d(turns_18)


@pytest.mark.parametrize(
    ("start", "end", "want"),
    [
        ("2024-12-09", "2026-03-10", (15, 1)),
        ("2025-10-06", "2026-07-06", (9, 0)),
        ("2026-05-11", "2026-05-20", (0, 9)),
        ("2026-01-31", "2026-02-28", (1, 0)),  # relativedelta: month end to month end
        ("2026-01-31", "2026-03-01", (1, 1)),
        ("2026-05-11", "2026-05-11", (0, 0)),
        ("2026-05-11", "2026-05-01", (0, 0)),  # not started yet
    ],
)
def test_age_between(start, end, want):
    assert age_between(d(start), d(end)) == want


def test_dates_are_plain_dates():
    assert type(add_months(date(2026, 1, 1), 1)) is date
    assert type(add_working_days(date(2026, 1, 1), 3)) is date
