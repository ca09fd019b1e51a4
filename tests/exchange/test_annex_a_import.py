"""Loading an Annex A list as plans for measurement only: exported, wiped and loaded
again it gives the same measures; bad rows are named; loading again changes nothing."""

import csv
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import delete, func, select, true

from portal.dashboard.queries import snapshot, trend
from portal.demo.generate import generate_plans
from portal.models import FamilyLink, Plan, db
from portal.planning.annex_a import COLUMNS
from portal.planning.census import initial_and_latest_category
from portal.records import create_plan, get_plan

DAY = dt.date(2026, 6, 1)
LIST_REACHES_BACK = dt.date(2025, 12, 1)  # the list holds plans ended in the six months


@pytest.fixture
def listed_app(make_app, tmp_path):
    """Generated plans (none transferred in: the list has no "on a plan since"), and
    their Annex A list for DAY in `app.list_path`."""
    app = make_app()
    with app.app_context():
        generate_plans(120, 80, app.extensions["profiles"], ("en",), DAY, seed=11)
        transferred = [
            plan.id
            for plan in db.session.scalars(select(Plan))
            if plan.record["conferences"][0]["kind"] == "transfer_in"
        ]
        db.session.execute(delete(Plan).where(Plan.id.in_(transferred)))
        db.session.commit()
    app.list_path = tmp_path / "annex-a.csv"
    result = app.test_cli_runner().invoke(
        args=["annex-a", "export", "--on", DAY.isoformat(), str(app.list_path)]
    )
    assert result.exit_code == 0, result.output
    return app


def measures(app) -> dict:
    """The dashboard's measures on DAY over every plan, and the list's categories."""
    with app.app_context():
        now = snapshot(true(), DAY)
        points = [p for p in trend(true(), DAY) if p.day >= LIST_REACHES_BACK]
        categories = Counter(
            initial_and_latest_category(plan.record, DAY)
            for plan in db.session.scalars(
                select(Plan).where(Plan.ended.is_(None) | (Plan.ended > DAY))
            )
        )
        return {
            "open": now.open_plans,
            "two_years": now.long_plans,
            "bands": now.by_band,
            "trend": [(p.day, p.open_plans, p.long_plans) for p in points],
            "categories": categories,
        }


def wipe(app) -> None:
    with app.app_context():
        db.session.execute(delete(FamilyLink))
        db.session.execute(delete(Plan))
        db.session.commit()


def load(app, path, *options):
    return app.test_cli_runner().invoke(args=["annex-a", "import", *options, str(path)])


def plan_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Plan.id)))


def rows_of(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def write_rows(path, rows) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows(rows)


def test_exported_wiped_and_loaded_again_the_measures_are_the_same(listed_app):
    before = measures(listed_app)
    assert before["open"] > 50 and before["two_years"] > 0  # the test measures something
    wipe(listed_app)
    assert measures(listed_app)["open"] == 0
    result = load(listed_app, listed_app.list_path)
    assert result.exit_code == 0, result.output
    assert "plans added" in result.output and "for measurement only" in result.output
    assert measures(listed_app) == before
    with listed_app.app_context():
        assert all(db.session.scalars(select(Plan.measurement_only)))
    # ... and the list written again from them is the same file.
    again = listed_app.list_path.with_name("again.csv")
    result = listed_app.test_cli_runner().invoke(
        args=["annex-a", "export", "--on", DAY.isoformat(), str(again)]
    )
    assert result.exit_code == 0
    assert again.read_bytes() == listed_app.list_path.read_bytes()


def spoil_three_rows(path):
    rows = rows_of(path)
    start, latest = (
        COLUMNS.index("Child Protection Plan Start Date"),
        COLUMNS.index("Latest Category of Abuse"),
    )
    rows[2][start] = "31/02/2026"  # line 3
    rows[6][latest] = "z) Something else"  # line 7
    rows[11][0] = ""  # line 12
    spoiled = path.with_name("spoiled.csv")
    write_rows(spoiled, rows)
    return spoiled, len(rows) - 1


def test_a_file_with_three_bad_rows_is_refused_naming_each_and_nothing_is_stored(listed_app):
    spoiled, _rows = spoil_three_rows(listed_app.list_path)
    wipe(listed_app)
    result = load(listed_app, spoiled)
    assert result.exit_code != 0
    assert (
        "line 3, column 'Child Protection Plan Start Date': '31/02/2026' is not a date"
        in result.output
    )
    assert "line 7, column 'Latest Category of Abuse': 'z) Something else' is not a" in (
        result.output
    )
    assert "line 12, column 'Child Unique ID': the child's ID is needed" in result.output
    assert "3 rows have problems: nothing was stored" in result.output
    assert plan_count(listed_app) == 0


def test_with_partial_the_good_rows_are_kept_and_the_bad_ones_listed(listed_app):
    spoiled, rows = spoil_three_rows(listed_app.list_path)
    wipe(listed_app)
    result = load(listed_app, spoiled, "--partial")
    assert result.exit_code == 0, result.output
    assert "line 12, column 'Child Unique ID'" in result.output
    assert "3 bad rows left out" in result.output
    assert plan_count(listed_app) == rows - 3


def test_loading_again_changes_nothing_and_a_newer_list_updates(listed_app):
    wipe(listed_app)
    assert load(listed_app, listed_app.list_path).exit_code == 0
    with listed_app.app_context():
        versions = dict(db.session.execute(select(Plan.reference, Plan.version)).all())
    result = load(listed_app, listed_app.list_path)
    assert result.exit_code == 0
    assert "Nothing changed" in result.output
    with listed_app.app_context():
        assert dict(db.session.execute(select(Plan.reference, Plan.version)).all()) == versions
    # A newer list: one plan has ended, one row is new; a plan a professional has
    # completed since is never overwritten by the list.
    rows = rows_of(listed_app.list_path)
    end = COLUMNS.index("Child Protection Plan End Date")
    open_row = next(r for r in rows[1:] if not r[end])
    open_row[end] = "20/05/2026"
    completed = rows[2][0] if rows[2] is not open_row else rows[3][0]
    rows.append(["NEW-1", *rows[1][1:]])
    with listed_app.app_context():
        plan = get_plan(completed)
        data = dict(plan.record, child={"first_name": "Maja"})
        data["lead_social_worker"] = {"name": "Sam Patel", "email": "sam@example.org"}
        db.session.delete(plan)
        db.session.commit()
        create_plan(data, listed_app.extensions["profiles"], actor="test")
    newer = listed_app.list_path.with_name("newer.csv")
    write_rows(newer, rows)
    result = load(listed_app, newer)
    assert result.exit_code == 0, result.output
    assert "1 plans added and 1 updated" in result.output
    assert f"already complete and were left as they are: {completed}" in result.output
    with listed_app.app_context():
        assert get_plan(open_row[0]).ended == dt.date(2026, 5, 20)
        assert get_plan(open_row[0]).end_reason is None  # the list does not say why
        assert get_plan(completed).record["child"]["first_name"] == "Maja"
        assert not get_plan(completed).measurement_only


def test_headers_are_read_loosely_and_a_missing_column_is_named(make_app, tmp_path):
    app = make_app()
    path = tmp_path / "list.csv"
    write_rows(
        path,
        [
            ["child unique id ", "CHILD PROTECTION PLAN START DATE", "Initial category of abuse"],
            ["A-1", "06/01/2025", "a) Neglect"],
        ],
    )
    result = load(app, path)
    assert result.exit_code != 0
    assert "line 1: the header row has no column 'Latest Category of Abuse'" in result.output
    write_rows(
        path,
        [
            [
                "child unique id ",
                "CHILD PROTECTION PLAN START DATE",
                "Initial category of abuse",
                "latest category of abuse",
            ],
            ["A-1", "2025-01-06", "Neglect", "MUL"],
        ],
    )
    result = load(app, path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        plan = get_plan("A-1")
        assert plan.measurement_only and plan.started == dt.date(2025, 1, 6)
        assert initial_and_latest_category(plan.record, DAY) == ("MUL", "MUL")
