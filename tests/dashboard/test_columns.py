"""The stored dashboard columns: filled at every save, by the migration, and by `refresh`."""

import datetime as dt

import flask_migrate
from sqlalchemy import select, text

from portal import create_app
from portal.models import Plan, db
from portal.planning import compute_timeline, parse_record
from tests.conftest import test_settings as settings_for
from tests.dashboard.conftest import record

D = dt.date.fromisoformat


def _plan(app, reference):
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.reference == reference))
        db.session.expunge(plan)
        return plan


def test_a_save_stores_the_next_review_core_group_and_milestone_from_the_timeline(portal):
    data = record(
        "2026-01-12",
        profile="stoke-on-trent",
        reviews=(("2026-04-09", "held"), ("2026-10-09", "held")),
        meetings=(("2026-01-22", "held"), ("2027-01-13", "scheduled")),
    )
    data["conferences"][2]["progress"] = "insufficient"
    reference = portal.store(data)
    plan = _plan(portal.app, reference)
    profiles = portal.app.extensions["profiles"]
    timeline = compute_timeline(
        parse_record(data, profiles), profiles["stoke-on-trent"], D("2027-01-10")
    )
    assert plan.next_review_due == timeline.next_review_conference.due == D("2027-04-09")
    assert plan.next_core_group_due == timeline.next_core_group.due == D("2026-03-05")
    assert plan.last_review_date == D("2026-10-09")
    # Review 2 held, continued, progress insufficient: the line manager review is due
    # within 3 months of it, no longer conditional.
    assert plan.next_milestone == "line-manager-review"
    assert plan.next_milestone_due == D("2027-01-09")
    assert plan.next_milestone_conditional is False
    assert plan.duration_months is None


def test_a_milestone_waiting_on_a_review_is_stored_as_conditional(portal):
    plan = _plan(portal.app, portal.store(record("2026-01-12", profile="stoke-on-trent")))
    assert plan.next_milestone == "line-manager-review"
    assert plan.next_milestone_conditional is True
    # provisional: reviews projected at 3 and 9 months, then 3 months after review 2
    assert plan.next_milestone_due == D("2027-01-12")


def test_an_ended_plan_stores_its_length_and_nothing_due(portal):
    data = record("2024-01-31", ended="2026-01-30", reviews=(("2024-04-30", "held"),))
    plan = _plan(portal.app, portal.store(data))
    assert plan.duration_months == 23  # one day short of 24 months
    assert plan.next_review_due is None and plan.next_core_group_due is None
    assert plan.next_milestone is None
    assert plan.last_review_date == D("2024-04-30")
    plan = _plan(portal.app, portal.store(record("2024-01-31", ended="2026-01-31")))
    assert plan.duration_months == 24


def test_an_edit_recomputes_the_columns(portal):
    data = record("2026-01-12")
    reference = portal.store(data)
    assert _plan(portal.app, reference).next_review_due == D("2026-04-12")
    data["conferences"].append(
        {"kind": "review", "date": "2026-04-10", "status": "held", "decision": "continue"}
    )
    with portal.app.app_context():
        from portal.records import replace_plan

        replace_plan(data, portal.app.extensions["profiles"], actor="test")
    assert _plan(portal.app, reference).next_review_due == D("2026-10-10")


def test_refresh_recomputes_stale_columns_without_touching_the_version(portal):
    reference = portal.store(record("2026-01-12"))
    with portal.app.app_context():
        db.session.execute(
            text("UPDATE plans SET next_review_due = NULL, next_core_group_due = NULL")
        )
        db.session.commit()
    before = _plan(portal.app, reference)
    result = portal.app.test_cli_runner().invoke(args=["dashboard", "refresh"])
    assert result.exit_code == 0, result.output
    assert "Recomputed the dates of 1 plans." in result.output
    after = _plan(portal.app, reference)
    assert after.next_review_due == D("2026-04-12")
    assert after.next_core_group_due is not None
    assert after.version == before.version  # nobody editing it is told it changed


def test_the_migration_fills_the_columns_of_plans_stored_before_it(tmp_path):
    app = create_app(settings_for(tmp_path))
    with app.app_context():
        flask_migrate.upgrade(revision="bf288c468ede")
        data = record("2026-01-12", reference="OLD-1")
        db.session.execute(
            text(
                "INSERT INTO plans (reference, profile, language, child_first_name, categories,"
                " started, record, version, created_at, updated_at) VALUES ('OLD-1', 'england',"
                " 'en', 'Ali', 'neglect', '2026-01-12', :record, 1, '2026-01-12 10:00:00',"
                " '2026-01-12 10:00:00')"
            ),
            {"record": __import__("json").dumps(data)},
        )
        db.session.commit()
        flask_migrate.upgrade()
    plan = _plan(app, "OLD-1")
    assert plan.next_review_due == D("2026-04-12")
    assert plan.next_core_group_due == D("2026-01-26")  # 10 working days after the ICPC
    with app.app_context():
        flask_migrate.downgrade(revision="bf288c468ede")
        columns = [row[1] for row in db.session.execute(text("PRAGMA table_info(plans)"))]
    assert "next_review_due" not in columns
