"""CSV downloads: headers, content, the filters of the page, and no formulas."""

import csv
import io

import pytest

from portal.exchange.csv_cells import safe_cell
from portal.models import AuditEvent, User, db
from tests.dashboard.conftest import DAY, record, withdraw
from tests.fixtures.words import milestone_ids_in, translated

URL = "/en/professional/dashboard/"
ON = f"on={DAY.isoformat()}"


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_the_plans_csv_holds_the_filtered_list_in_the_pages_order(dataset):
    viewer = dataset.viewer()
    response = viewer.get(f"{URL}plans.csv?{ON}&profile=west-sussex&sort=reference&order=desc")
    assert response.headers["Content-Disposition"] == 'attachment; filename="plans-2026-06-15.csv"'
    header, *rows = _rows(response)
    assert header[:8] == [
        "Reference",
        "Child's first name",
        "Procedure profile",
        "Categories",
        "Started",
        "Months",
        "Days",
        "Duration",
    ]
    assert [row[0] for row in rows] == ["DASH-G", "DASH-B"]
    bea = dict(zip(header, rows[1], strict=True))
    assert bea["Child's first name"] == "Bea"
    assert bea["Categories"] == "Emotional abuse"
    assert (bea["Started"], bea["Months"], bea["Days"]) == ("2024-06-16", "23", "30")
    assert bea["Duration"] == "21 to 24 months"
    assert (bea["Next review due"], bea["Review status"]) == ("2024-09-16", "Overdue")
    assert bea["Next milestone"] == "Group manager review"
    assert (bea["Milestone due"], bea["Milestone status"]) == ("2025-03-16", "Overdue")
    assert milestone_ids_in(dataset.portal.app, response.get_data(as_text=True)) == []


def test_the_plans_csv_names_milestones_in_the_readers_language(dataset):
    app = dataset.portal.app
    response = dataset.viewer().get(f"/pl/professional/dashboard/plans.csv?{ON}&band=21-24")
    header, bea = _rows(response)
    row = dict(zip(header, bea, strict=True))
    name = translated(app, "pl", "Group manager review")
    assert name != "Group manager review"  # the Polish catalog names it
    assert row[translated(app, "pl", "Next milestone")] == name
    assert milestone_ids_in(app, response.get_data(as_text=True)) == []


@pytest.mark.parametrize("what", ["profile", "milestones"])
def test_a_milestone_no_profile_knows_any_more_is_written_as_its_id(portal, monkeypatch, what):
    portal.store(record("2024-06-16", profile="west-sussex", reference="WS-1"))
    withdraw(monkeypatch, portal.app, "west-sussex", what)
    portal.sign_in("manager")
    header, row = _rows(portal.get(f"{URL}plans.csv?{ON}"))
    written = dict(zip(header, row, strict=True))
    assert (written["Next milestone"], written["Milestone status"]) == (
        "group-manager-review",
        "Overdue",
    )


def test_the_plans_csv_holds_every_page(portal):
    for n in range(60):
        portal.store(record("2025-01-01", reference=f"P-{n:03d}"))
    portal.sign_in("manager")
    _header, *rows = _rows(portal.get(f"{URL}plans.csv?{ON}"))
    assert len(rows) == 60


def test_the_page_links_to_the_csv_of_what_it_shows(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}&band=21-24&page=1")
    href = page.select_one('main a[href*="plans.csv"]')["href"]
    assert "band=21-24" in href and ON in href and "page" not in href


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(portal):
    portal.store(record("2025-01-01", reference="-1", child='=HYPERLINK("http://x.example","a")'))
    portal.store(record("2025-01-01", reference="R-2", child="+Sam"))
    portal.store(record("2025-01-01", reference="R-3", child="@Sam"))
    portal.sign_in("manager")
    _header, *rows = _rows(portal.get(f"{URL}plans.csv?{ON}&sort=reference"))
    cells = {row[0]: row[1] for row in rows}
    assert cells == {
        "'-1": '\'=HYPERLINK("http://x.example","a")',
        "R-2": "'+Sam",
        "R-3": "'@Sam",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Sam", "Sam"),
        ("a=b", "a=b"),
        (None, ""),
        (12, "12"),
        ("", ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_downloading_is_audited(dataset):
    viewer = dataset.viewer()
    viewer.get(f"{URL}plans.csv?{ON}").get_data()
    with dataset.portal.app.app_context():
        actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert "dashboard.export_plans" in actions


def test_a_bad_filter_gets_no_csv(dataset):
    assert dataset.viewer().get(f"{URL}plans.csv?band=forever").status_code == 400
    assert dataset.viewer().get(f"{URL}measures.csv?on=yesterday").status_code == 400


def test_the_measures_csv_holds_the_pages_figures(dataset):
    rows = _rows(dataset.viewer().get(f"{URL}measures.csv?{ON}"))
    assert rows[0] == ["Measure", "Item", "Plans", "Out of", "Per cent"]
    by_item = {(row[0], row[1]): row[2:] for row in rows[1:]}
    open_title = "Open plans on 2026-06-15"
    assert by_item[(open_title, "All open plans")] == ["5", "", ""]
    assert by_item[(open_title, "Open 2 years or more")] == ["1", "5", "20.0"]
    assert by_item[(open_title, "Target for open 2 years or more")] == ["", "", "2.4"]
    assert by_item[("Open plans by duration", "24 months and over")] == ["1", "5", "20.0"]
    assert by_item[("Overdue", "Review conferences")][0] == "2"
    ended = "Plans ended from 2025-06-16 to 2026-06-15"
    assert by_item[(ended, "All ended plans")][0] == "3"
    assert by_item[(ended, "24 months and over")] == ["1", "3", "33.3"]
    assert by_item[("Why plans ended", "Moved to another area")] == ["1", "3", "33.3"]
    assert by_item[("England, plans ended in 2024-25", "Lasted 2 years or more")] == [
        "2710",
        "62300",
        "4.4",
    ]
    trend = [row for row in rows if row[0] == "Open 2 years or more, month by month"]
    assert len(trend) == 24
    assert trend[-1][1:] == ["2026-06-15", "1", "5", "20.0"]
    assert trend[-6][1:] == ["2026-01-31", "1", "5", "20.0"]


def test_the_plans_csv_names_each_plans_social_worker(dataset):
    header, *rows = _rows(dataset.viewer().get(f"{URL}plans.csv?{ON}&sort=reference"))
    column = header.index("Social worker")
    with dataset.portal.app.app_context():
        w1 = db.session.get(User, dataset.w1).email
    workers = {row[0]: row[column] for row in rows}
    assert workers["DASH-A"] == w1 and workers["DASH-C"] == ""
    # A social worker's own CSV names them too.
    own = dataset.viewer("social-worker", dataset.w1).get(f"{URL}plans.csv?{ON}")
    _header, *own_rows = _rows(own)
    assert {row[0] for row in own_rows} == {"DASH-A", "DASH-D"}
    assert {row[column] for row in own_rows} == {w1}
