"""Visits on the dashboard: overdue against the plan's frequency, as a filter and a count;
and the last visit on the professional plan page."""

import datetime as dt

import flask_migrate
from sqlalchemy import select, text

from portal import create_app
from portal.models import Plan, db
from tests.conftest import test_settings as settings_for
from tests.dashboard.conftest import record

D = dt.date.fromisoformat
DAY = D("2026-06-01")


def _visited(started: str, every: int | None, *visits: tuple[str, bool | None], **kw) -> dict:
    data = record(started, **kw)
    data["visits"] = {"every_days": every, "unannounced": None} if every else None
    data["visit_log"] = [{"date": d, "seen_alone": alone} for d, alone in visits]
    return data


def _listed(page) -> list[str]:
    return [a.get_text() for a in page.select("tbody th a, tbody td a") if a.get_text()]


def test_overdue_visits_are_a_filter_and_a_count(portal, fixed_today):
    fixed_today(DAY)
    portal.store(_visited("2026-05-01", 10, ("2026-05-28", True), reference="V-ON-TIME"))
    portal.store(_visited("2026-05-01", 10, ("2026-05-15", False), reference="V-LATE"))
    portal.store(_visited("2026-05-01", 10, reference="V-NEVER"))  # due 11 May
    portal.store(_visited("2026-05-01", None, reference="V-NO-FREQUENCY"))
    portal.store(_visited("2026-01-05", 10, reference="V-ENDED", ended="2026-03-01", reviews=()))
    portal.sign_in("manager")
    page = portal.page("/en/professional/dashboard/")
    row = next(
        r for r in page.select(".govuk-summary-list__row") if "Visit overdue" in r.get_text()
    )
    assert row.select_one(".govuk-summary-list__value").get_text(strip=True) == "2"
    assert row.select_one("a")["href"].endswith("overdue=visit")
    page = portal.page("/en/professional/dashboard/?overdue=visit")
    shown = " ".join(page.select_one("table").get_text().split())
    assert "V-LATE" in shown and "V-NEVER" in shown
    assert "V-ON-TIME" not in shown and "V-NO-FREQUENCY" not in shown
    # "Anything overdue" takes visits in too.
    anything = " ".join(portal.page("/en/professional/dashboard/?overdue=any").get_text().split())
    assert "V-NEVER" in anything
    measures = " ".join(portal.page("/en/professional/dashboard/measures").get_text().split())
    assert "Statutory visits 2 plans" in measures


def test_the_plan_page_shows_the_last_visit_and_when_the_next_is_due(portal, fixed_today):
    fixed_today(DAY)
    portal.store(_visited("2026-05-01", 10, ("2026-05-15", False), reference="V-PAGE"))
    portal.store(_visited("2026-05-01", 10, ("2026-05-28", True), reference="V-FINE"))
    portal.store(_visited("2026-05-01", 10, reference="V-NONE"))
    portal.sign_in("manager")

    def visit_row(reference):
        page = portal.page(f"/en/professional/plans/{reference}")
        row = next(
            r for r in page.select(".govuk-summary-list__row") if "Last visit" in r.get_text()
        )
        return " ".join(row.select_one("dd").get_text().split())

    assert visit_row("V-PAGE") == (
        "15 May 2026: the child was not seen alone. Next visit due by 25 May 2026 Overdue"
        " Record a visit"
    )
    assert visit_row("V-FINE") == (
        "28 May 2026: the child was seen alone. Next visit due by 7 June 2026 Record a visit"
    )
    assert visit_row("V-NONE") == (
        "No visit recorded yet. Next visit due by 11 May 2026 Overdue Record a visit"
    )


def test_the_migration_fills_the_visit_columns_of_stored_plans(tmp_path):
    app = create_app(settings_for(tmp_path))
    with app.app_context():
        flask_migrate.upgrade(revision="4b7e1c9d2a63")
        data = _visited("2026-01-12", 14, ("2026-02-01", True), reference="OLD-V")
        db.session.execute(
            text(
                "INSERT INTO plans (reference, profile, language, child_first_name, categories,"
                " started, record, version, created_at, updated_at) VALUES ('OLD-V', 'england',"
                " 'en', 'Ali', 'neglect', '2026-01-12', :record, 1, '2026-01-12 10:00:00',"
                " '2026-01-12 10:00:00')"
            ),
            {"record": __import__("json").dumps(data)},
        )
        db.session.commit()
        flask_migrate.upgrade()
        plan = db.session.scalar(select(Plan).where(Plan.reference == "OLD-V"))
        assert (plan.last_visit, plan.last_visit_seen_alone, plan.next_visit_due) == (
            D("2026-02-01"),
            True,
            D("2026-02-15"),
        )
        flask_migrate.downgrade(revision="4b7e1c9d2a63")
        columns = [row[1] for row in db.session.execute(text("PRAGMA table_info(plans)"))]
    assert "next_visit_due" not in columns


def test_the_plans_csv_has_the_last_visit_and_the_next_one_due(portal, fixed_today):
    import csv
    import io

    fixed_today(DAY)
    portal.store(_visited("2026-05-01", 10, ("2026-05-15", False), reference="V-CSV"))
    portal.sign_in("manager")
    body = portal.get("/en/professional/dashboard/plans.csv").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    written = dict(zip(header, row, strict=True))
    assert (
        written["Last visit"],
        written["Child seen alone"],
        written["Next visit due"],
        written["Visit status"],
    ) == ("2026-05-15", "No", "2026-05-25", "Overdue")
    measures = portal.get("/en/professional/dashboard/measures.csv").get_data(as_text=True)
    assert '"Overdue","Statutory visits","1","1",""' in measures


def test_the_dashboard_list_has_a_visits_column(portal, fixed_today):
    fixed_today(DAY)
    portal.store(_visited("2026-05-01", 10, ("2026-05-28", True), reference="V-COL"))
    portal.sign_in("manager")
    page = portal.page("/en/professional/dashboard/")
    headers = [th.get_text(strip=True) for th in page.select("thead th")]
    cells = page.select("tbody tr")[0].select("td")
    visits = cells[headers.index("Visits") - 1]  # the first column is a row header
    assert " ".join(visits.get_text().split()) == (
        "7 Jun 2026 Upcoming Last visit: 28 May 2026, seen alone"
    )
