"""The Annex A child protection list: read back and checked against the database."""

import csv
import datetime as dt

import pytest
from sqlalchemy import select

from portal.demo.generate import generate_plans
from portal.models import Plan, db
from portal.planning.annex_a import CATEGORY_TEXT, COLUMNS
from portal.planning.census import initial_and_latest_category
from portal.records import create_plan
from tests.dashboard.conftest import record

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def annex_app(make_app):
    app = make_app()
    with app.app_context():
        visited = record("2025-01-06", reference="A-VISITED", categories=("sexual_abuse",))
        visited["visit_log"] = [
            {"date": "2026-05-20", "seen_alone": False},
            {"date": "2026-05-27", "seen_alone": None},
            {"date": "2026-06-02", "seen_alone": True},  # after the day: not counted
        ]
        visited["child"]["date_of_birth"] = "2015-06-02"
        visited["lead_social_worker"]["name"] = "=HYPERLINK(1)"
        for data in (
            visited,
            record("2024-01-08", reference="A-ENDED-RECENTLY", ended="2026-01-05"),
            record("2024-01-08", reference="A-ENDED-LONG-AGO", ended="2025-11-30"),
        ):
            create_plan(data, app.extensions["profiles"], actor="test")
        generate_plans(150, 100, app.extensions["profiles"], ("en",), DAY, seed=7)
    return app


def read_list(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == COLUMNS
    return {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}


def annex_date(text: str) -> str:
    if not text:
        return ""
    day, month, year = text.split("/")
    return dt.date(int(year), int(month), int(day)).isoformat()


def test_every_row_matches_the_database(annex_app, tmp_path):
    path = tmp_path / "annex-a.csv"
    result = annex_app.test_cli_runner().invoke(
        args=["annex-a", "export", "--on", DAY.isoformat(), str(path)]
    )
    assert result.exit_code == 0, result.output
    rows = read_list(path)
    six_months_before = dt.date(2025, 12, 1)
    with annex_app.app_context():
        expected = {}
        for plan in db.session.scalars(select(Plan)):
            start = dt.date.fromisoformat(plan.record["conferences"][0]["date"])
            ended = plan.ended if plan.ended is not None and plan.ended <= DAY else None
            if start <= DAY and (ended is None or ended > six_months_before):
                expected[plan.reference] = (plan, start, ended)
    assert set(rows) == set(expected)
    assert "A-ENDED-RECENTLY" in rows and "A-ENDED-LONG-AGO" not in rows
    for reference, (plan, start, ended) in expected.items():
        row = rows[reference]
        assert annex_date(row["Child Protection Plan Start Date"]) == start.isoformat()
        assert annex_date(row["Child Protection Plan End Date"]) == (
            ended.isoformat() if ended else ""
        )
        initial, latest = initial_and_latest_category(plan.record, ended or DAY)
        assert row["Initial Category of Abuse"] == CATEGORY_TEXT[initial]
        assert row["Latest Category of Abuse"] == CATEGORY_TEXT[latest]
        held = [
            c["date"]
            for c in plan.record["conferences"]
            if c["kind"] == "review" and c["status"] == "held" and c["date"] <= DAY.isoformat()
        ]
        assert annex_date(row["Date of latest review conference"]) == (max(held) if held else "")
        previous = plan.record.get("previous_plans")
        assert row["Number of Previous Child Protection Plans"] == (
            "" if previous is None else str(previous)
        )
        assert row["Gender"] == row["Ethnicity"] == row["Does the Child have a Disability"] == ""
    visited = rows["A-VISITED"]
    assert visited["Date of the Last Statutory Visit"] == "27/05/2026"
    assert visited["Was the Child Seen Alone?"] == "c) Unknown"
    assert visited["Date of Birth"] == "02/06/2015"
    assert visited["Age of Child (Years)"] == "10"  # 11 only on the next day
    assert visited["Initial Category of Abuse"] == "c) Sexual abuse"
    assert visited["Allocated Worker"] == "'=HYPERLINK(1)"  # never run as a formula
    assert f"{len(expected)} rows written" in result.output
