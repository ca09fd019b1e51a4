"""Measures for a day, checked against the small hand-worked data set in conftest.py."""

import datetime as dt
import itertools
import re

from dateutil.relativedelta import relativedelta

from portal.dashboard.periods import month_points
from tests.dashboard.conftest import DAY, dataset_plans

URL = "/en/professional/dashboard/measures"
ON = f"on={DAY.isoformat()}"


def _table(page, caption: str) -> list[list[str]]:
    table = next(t for t in page.select("main table") if t.caption.get_text(strip=True) == caption)
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in table.select("tbody tr")
    ]


def _summary(page) -> dict[str, str]:
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.select("main dl.govuk-summary-list .govuk-summary-list__row")
    }


def test_open_plans_and_the_two_year_share_against_the_target(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    figures = _summary(page)
    assert figures["Open plans"] == "5"  # A, B, C, G, D; F has not started; E* ended
    assert figures["Open 2 years or more"].startswith("1 plan (20.0%)")  # A: exactly 24
    assert "Above target" in figures["Open 2 years or more"]
    assert figures["Target"] == "2.4% or fewer of open plans at 2 years or more"
    assert _table(page, "Open plans by how long they have run") == [
        ["Under 3 months", "1", "20.0%"],
        ["3 to 9 months", "1", "20.0%"],
        ["9 to 15 months", "1", "20.0%"],
        ["15 to 21 months", "0", "0.0%"],
        ["21 to 24 months", "1", "20.0%"],
        ["24 months and over", "1", "20.0%"],
    ]


def test_overdue_counts(dataset):
    figures = _summary(dataset.viewer().page(f"{URL}?{ON}"))
    assert figures["Review conferences"] == "2 plans"  # B and C
    assert figures["Core group meetings"] == "2 plans"  # B and D
    assert figures["Escalation milestones"] == "1 plan"  # B's group manager review


def test_plans_ended_in_the_last_twelve_months_by_length_and_reason(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    heading = "Plans that ended from 16 June 2025 to 15 June 2026"
    assert heading in [h.get_text(strip=True) for h in page.select("main h2")]
    figures = _summary(page)
    # E1 (12 months), E2 (25 months) and E4 (3 months); E3 ended on 15 June 2025 itself.
    assert figures["Plans ended"] == "3"
    assert figures["Lasted 2 years or more"] == "1 plan (33.3%)"
    assert figures["England, 2024-25"] == "4.4% of plans that ended had lasted 2 years or more"
    assert _table(page, "How long the ended plans lasted") == [
        ["Under 3 months", "0", "0.0%"],
        ["3 to 9 months", "1", "33.3%"],
        ["9 to 15 months", "1", "33.3%"],
        ["15 to 21 months", "0", "0.0%"],
        ["21 to 24 months", "0", "0.0%"],
        ["24 months and over", "1", "33.3%"],
    ]
    assert sorted(_table(page, "Why the plans ended")) == [
        ["Became looked after", "1", "33.3%"],
        ["Moved to another area", "1", "33.3%"],
        ["No longer at risk of significant harm", "1", "33.3%"],
    ]
    text = page.get_text(" ", strip=True)
    assert "Children in need 2025, data set D7" in text and "62,300" in text


def _expected_trend(day: dt.date) -> list[tuple[dt.date, int, int]]:
    """Worked out straight from the records with relativedelta: the oracle."""
    plans = []
    for data, _worker in dataset_plans(1, 2):
        started = dt.date.fromisoformat(data["conferences"][0]["date"])
        ended = dt.date.fromisoformat(data["ended"]["date"]) if data.get("ended") else None
        plans.append((started, ended))
    expected = []
    for point in month_points(day):
        open_then = [s for s, e in plans if s <= point and (e is None or e > point)]
        long = [
            s
            for s in open_then
            if (lambda d: d.years * 12 + d.months)(relativedelta(point, s)) >= 24
        ]
        expected.append((point, len(open_then), len(long)))
    return expected


def test_the_trend_table_matches_the_records_month_by_month(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    rows = page.select("#trend-table tbody tr")
    shown = [
        (
            dt.date.fromisoformat(row.select_one("time")["datetime"]),
            int(row.select("td")[0].get_text(strip=True)),
            int(row.select("td")[1].get_text(strip=True)),
        )
        for row in rows
    ]
    expected = _expected_trend(DAY)
    assert shown == expected
    by_day = {point: (open_, long) for point, open_, long in shown}
    # Hand-worked points: E1 still open on 31 December; E2 reached 24 months on 10 January;
    # A reaches 24 months on the day itself.
    assert by_day[dt.date(2025, 12, 31)] == (6, 0)
    assert by_day[dt.date(2026, 1, 31)] == (5, 1)
    assert by_day[dt.date(2026, 5, 31)] == (5, 0)
    assert by_day[DAY] == (5, 1)


def test_the_chart_draws_the_same_figures_as_its_table(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    svg = page.select_one("main svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "trend-chart-title trend-chart-desc"
    assert svg.select_one("title#trend-chart-title") is not None
    assert "The target is 2.4%" in svg.select_one("desc#trend-chart-desc").get_text()
    table_shares = [
        row.select("td")[2].get_text(strip=True) for row in page.select("#trend-table tbody tr")
    ]
    point_titles = [c.title.get_text() for c in svg.select("circle")]
    assert [t.rsplit(": ", 1)[1] for t in point_titles] == table_shares
    assert len(svg.select_one("polyline")["points"].split()) == 24
    # Higher shares sit higher on the chart (smaller y).
    ys = [float(c["cy"]) for c in svg.select("circle")]
    shares = [float(s.rstrip("%")) for s in table_shares]
    pairs = list(zip(ys, shares, strict=True))
    for (y1, s1), (y2, s2) in itertools.pairwise(pairs):
        if s1 != s2:
            assert (s1 > s2) == (y1 < y2)
    assert len(set(shares)) > 1  # the data set does move, so the check above bites
    assert not svg.select("[style]")


def test_the_target_comes_from_the_settings(make_app):
    from tests.dashboard.conftest import Portal, record

    portal = Portal(make_app(PORTAL_TWO_YEAR_TARGET=25.0))
    portal.store(record("2024-01-01"))
    portal.store(record("2026-01-01"))
    portal.sign_in("manager")
    figures = _summary(portal.page(f"{URL}?{ON}"))
    assert figures["Target"].startswith("25.0% or fewer")
    assert "1 plan (50.0%)" in figures["Open 2 years or more"]
    assert "Above target" in figures["Open 2 years or more"]
    page = portal.page(f"{URL}?on=2025-06-15")  # then neither had run 2 years
    assert "Within target" in _summary(page)["Open 2 years or more"]


def test_a_social_worker_counts_only_their_own_plans(dataset):
    figures = _summary(dataset.viewer("social-worker", dataset.w1).page(f"{URL}?{ON}"))
    assert figures["Open plans"] == "2"  # A and D
    assert figures["Open 2 years or more"].startswith("1 plan (50.0%)")


def test_an_administrator_counts_every_plan(dataset):
    assert _summary(dataset.viewer("admin").page(f"{URL}?{ON}"))["Open plans"] == "5"


def test_a_bad_date_is_named_and_nothing_is_counted(dataset):
    page = dataset.viewer().page(f"{URL}?on-day=1&on-month=13&on-year=2026", status=400)
    summary = page.select_one(".govuk-error-summary")
    assert "Date to count on must be a real date" in summary.get_text()
    assert summary.select_one('a[href="#on-day"]') is not None
    assert page.select_one("#on-month")["value"] == "13"  # what was typed is kept
    assert page.select_one("#trend-table") is None


def test_without_a_date_the_measures_count_today(dataset, fixed_today):
    fixed_today(DAY)
    page = dataset.viewer().page(URL)
    assert "Open plans on 15 June 2026" in [h.get_text(strip=True) for h in page.select("h2")]
    assert _summary(page)["Open plans"] == "5"


def test_days_the_retention_rule_may_have_emptied_are_marked(dataset, fixed_today):
    fixed_today(DAY)  # plans ended before 15 June 2025 may have been deleted
    page = dataset.viewer().page(f"{URL}?{ON}")
    warning = page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "more than 12 months ago" in warning and "15 June 2025" in warning
    marked = [
        row.select_one("time")["datetime"]
        for row in page.select("#trend-table tbody tr")
        if "may be too low" in row.get_text()
    ]
    assert marked == [p.isoformat() for p in month_points(DAY) if p < dt.date(2025, 6, 15)]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", marked[-1])
