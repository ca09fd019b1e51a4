"""Backups, restores, retention, and a database that goes away."""

import datetime as dt
import json

from sqlalchemy import func, select

from portal.config import ROOT
from portal.models import AuditEvent, CalendarFeed, FamilyLink, Plan, db
from portal.records import create_calendar_feed, create_family_link, create_plan
from tests.fixtures.database import sqlite_file_unreachable
from tests.records.helpers import plans_last_changed_at

EXAMPLES = ROOT / "tests" / "planning" / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.plan.json").read_text())


def load_examples(app):
    with app.app_context():
        profiles = app.extensions["profiles"]
        for name in ("england-new-plan", "greenwich-ended", "stoke-fifteen-months"):
            create_plan(example(name), profiles, actor="test")


def plan_references(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Plan.reference)))


def test_backup_then_restore_serves_the_same_plans(make_app, tmp_path):
    app = make_app()
    load_examples(app)
    runner = app.test_cli_runner()
    backup = tmp_path / "backup.db"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    before = plan_references(app)
    with app.app_context():
        db.session.execute(db.delete(Plan))
        db.session.commit()
    assert plan_references(app) == set()
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert plan_references(app) == before == {"EX-0001", "EX-0002", "EX-0003"}


def test_restore_refuses_a_file_that_is_not_a_backup(make_app, tmp_path):
    app = make_app()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    result = app.test_cli_runner().invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1
    assert "not a backup" in result.output


def test_retention_deletes_only_long_ended_plans_with_their_links(make_app):
    app = make_app()
    load_examples(app)
    with app.app_context():
        profiles = app.extensions["profiles"]
        old = example("greenwich-ended")
        old["reference"] = "OLD-1"
        old["ended"] = {"date": "2024-01-10", "reason": "no_longer_at_risk"}
        old["conferences"] = [
            {"kind": "initial", "date": "2023-06-01", "status": "held"},
            {"kind": "review", "date": "2023-09-01", "status": "held", "decision": "continue"},
            {"kind": "review", "date": "2024-01-10", "status": "held", "decision": "end"},
        ]
        old["core_group_meetings"] = []
        plan = create_plan(old, profiles, actor="test")
        link = create_family_link(plan, "Mother", 30, actor="test").link
        create_calendar_feed(link, actor="test")
        plans_last_changed_at(dt.datetime(2024, 1, 10), "OLD-1")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert "Would delete 1 plans, 1 family links, 1 calendar feeds" in dry.output
    assert "OLD-1" in plan_references(app)
    # It asks first: answering no (or nothing, as a script would) deletes nothing.
    for answer in ("n\n", ""):
        refused = runner.invoke(args=["retention", "apply"], input=answer)
        assert refused.exit_code == 1
        assert "Delete 1 plans, 1 family links, 1 calendar feeds" in refused.output
        assert "Nothing was deleted." in refused.output
        assert "OLD-1" in plan_references(app)
    result = runner.invoke(args=["retention", "apply"], input="y\n")
    assert result.exit_code == 0, result.output
    assert plan_references(app) == {"EX-0001", "EX-0002", "EX-0003"}  # ended 2026: kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FamilyLink)) == 0
        assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 0
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "retention.apply")
        ).one()
        assert event.detail.startswith("deleted 1 plans")
        assert "OLD-1" not in event.detail


def test_scheduled_retention_runs_say_yes_and_an_empty_run_asks_nothing(make_app):
    app = make_app()
    load_examples(app)
    with app.app_context():
        old = example("greenwich-ended")
        old["reference"] = "OLD-2"
        old["ended"] = {"date": "2024-01-10", "reason": "no_longer_at_risk"}
        old["conferences"] = [
            {"kind": "initial", "date": "2023-06-01", "status": "held"},
            {"kind": "review", "date": "2023-09-01", "status": "held", "decision": "continue"},
            {"kind": "review", "date": "2024-01-10", "status": "held", "decision": "end"},
        ]
        old["core_group_meetings"] = []
        create_plan(old, app.extensions["profiles"], actor="test")
        plans_last_changed_at(dt.datetime(2024, 1, 10), "OLD-2")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["retention", "apply", "--yes"], input="")
    assert result.exit_code == 0, result.output
    assert "Deleted 1 plans" in result.output
    assert "OLD-2" not in plan_references(app)
    again = runner.invoke(args=["retention", "apply"], input="")
    assert again.exit_code == 0
    assert "Nothing to delete" in again.output


def test_a_backup_to_a_missing_folder_says_so_without_a_traceback(make_app, tmp_path):
    app = make_app()
    target = tmp_path / "no-such-folder" / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert f"There is no folder {target.parent}" in result.output
    assert "Traceback" not in result.output and (
        result.exception is None or isinstance(result.exception, SystemExit)
    )
    assert not target.parent.exists()


def test_without_a_database_public_pages_work_and_others_say_503(tmp_path):
    client = _app_with_unreachable_database(tmp_path).test_client()
    assert client.get("/en/parents/core-group").status_code == 200
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Traceback" not in response.get_data(as_text=True)


def _app_with_unreachable_database(tmp_path):
    from portal import create_app
    from tests.conftest import test_settings

    # Port 9 (discard) on loopback: nothing listens, so every connection is refused.
    return create_app(
        test_settings(
            tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"
        )
    )


def test_database_comes_back_by_itself(make_app, tmp_path):
    app = make_app()
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    with sqlite_file_unreachable(app, tmp_path):
        assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").status_code == 200
