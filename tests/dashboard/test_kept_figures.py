"""Kept monthly figures: deleting ended plans under the retention rule no longer lowers
the 24-month trend."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select, true

from portal.dashboard.queries import trend
from portal.models import KeptFigure, Plan, db
from portal.records import audit
from tests.dashboard.conftest import record
from tests.records.helpers import plans_last_changed_at

TODAY = dt.date(2026, 6, 10)
URL = f"/en/professional/dashboard/measures?on={TODAY.isoformat()}"


@pytest.fixture
def thirty_months(portal, fixed_today):
    """Plans starting every 10 days over 30 months; a third still open, the rest ended
    6, 9 or 14 months after they began (so many ended long enough ago to be deleted)."""
    fixed_today(TODAY)
    first = TODAY - relativedelta(months=30)
    for number in range(92):
        start = first + dt.timedelta(days=10 * number)
        months = (None, 6, 9, 14)[number % 4]
        end = start + relativedelta(months=months) if months else None
        portal.store(
            record(
                start.isoformat(),
                reference=f"K-{number:03d}",
                ended=end.isoformat() if end and end <= TODAY else None,
            )
        )
    return portal


def trend_rows(page) -> list[tuple[str, str, str, bool]]:
    return [
        (
            row.select_one("time")["datetime"],
            row.select("td")[0].get_text(strip=True),
            row.select("td")[1].get_text(strip=True),
            "may be too low" in row.get_text(),
        )
        for row in page.select("#trend-table tbody tr")
    ]


def stored_plans(portal) -> int:
    with portal.app.app_context():
        return db.session.scalar(select(func.count(Plan.id)))


def test_after_retention_the_trend_is_what_it_was_before(thirty_months):
    portal = thirty_months
    portal.sign_in("manager")
    # Nothing kept yet: the months before the retention cutoff are marked, as ever.
    before = trend_rows(portal.page(URL))
    assert any(marked for *_, marked in before)
    with portal.app.app_context():
        raw_before = trend(true(), TODAY)
    plans = stored_plans(portal)
    with portal.app.app_context():
        plans_last_changed_at(dt.datetime.combine(TODAY - relativedelta(months=30), dt.time()))
    result = portal.app.test_cli_runner().invoke(args=["retention", "apply", "--yes"])
    assert result.exit_code == 0, result.output
    assert stored_plans(portal) < plans - 10  # the rule really deleted plans
    with portal.app.app_context():
        # Counted from the plans left, the early months are now too low ...
        assert trend(true(), TODAY) != raw_before
        kept = db.session.scalar(select(func.count()).select_from(KeptFigure))
        assert kept >= 24
    # ... but the page shows the kept figures: the same trend, nothing marked.
    page = portal.page(URL)
    after = trend_rows(page)
    assert [row[:3] for row in after] == [row[:3] for row in before]
    assert not any(marked for *_, marked in after)
    assert page.select_one(".govuk-warning-text") is None or (
        "retention rule" not in page.select_one(".govuk-warning-text").get_text()
    )


def test_a_first_run_after_plans_were_deleted_marks_what_may_be_too_low(thirty_months):
    portal = thirty_months
    runner = portal.app.test_cli_runner()
    with portal.app.app_context():
        raw = {p.day: (p.open_plans, p.long_plans) for p in trend(true(), TODAY)}
        # Deleted before any figures were kept, by a portal older than this table.
        cutoff = TODAY - relativedelta(months=12)
        gone = db.session.execute(Plan.__table__.delete().where(Plan.ended < cutoff))
        audit("cli", "retention.apply", None, f"deleted {gone.rowcount} plans, 0 family links")
        db.session.commit()
    result = runner.invoke(args=["dashboard", "keep-figures"])
    assert result.exit_code == 0, result.output
    assert "may be too low" in result.output
    again = runner.invoke(args=["dashboard", "keep-figures"])
    assert "were left as they are" in again.output
    portal.sign_in("manager")
    page = portal.page(URL)
    warning = page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "retention rule" in warning
    for day, open_plans, _long, marked in trend_rows(page):
        point = dt.date.fromisoformat(day)
        assert marked == (point < cutoff)  # kept, but from what was left
        if point >= cutoff:
            assert int(open_plans) == raw[point][0]


def test_a_social_workers_trend_is_not_filled_from_figures_for_every_plan(thirty_months):
    portal = thirty_months
    result = portal.app.test_cli_runner().invoke(args=["retention", "apply", "--yes"])
    assert result.exit_code == 0
    portal.sign_in("social-worker")
    rows = trend_rows(portal.page(URL))
    cutoff = TODAY - relativedelta(months=12)
    assert [marked for *_, marked in rows] == [
        dt.date.fromisoformat(day) < cutoff for day, *_ in rows
    ]
