"""DELETE /plans/<reference>: the right key, If-Match, the same deletion as the retention
rule (links go too), an audit row without plan text, and a tombstone in the change feed."""

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event as sql_events
from sqlalchemy import select

from portal.models import AuditEvent, FamilyLink, Plan, PlanDeletion, db
from portal.records import create_family_link, get_plan
from tests.api.test_plans import PLANS, example, imported
from tests.records.helpers import free_texts, plans_last_changed_at


def test_only_a_key_allowed_to_delete_may_delete(api, in_db):
    imported(api)
    refused = api.delete(f"{PLANS}/EX-0001", {"If-Match": '"1"'})
    assert refused.status_code == 403
    assert "may not delete" in refused.get_json()["error"]
    assert get_plan("EX-0001") is not None


def test_a_delete_needs_if_match_and_the_current_version(api, in_db):
    imported(api)
    url = f"{PLANS}/EX-0001"
    missing = api.delete(url, key=api.deleting_key)
    assert missing.status_code == 428 and missing.headers["ETag"] == '"1"'
    stale = api.delete(url, {"If-Match": '"7"'}, key=api.deleting_key)
    assert stale.status_code == 412 and stale.headers["ETag"] == '"1"'
    assert get_plan("EX-0001") is not None
    assert api.delete(f"{PLANS}/NOPE", {"If-Match": "*"}, key=api.deleting_key).status_code == 404


def test_a_deletion_removes_the_plan_and_its_links_and_is_audited_without_plan_text(api, in_db):
    imported(api)
    plan = get_plan("EX-0001")
    create_family_link(plan, "Mother", 30, actor="test")
    plan_id = plan.id
    db.session.remove()
    response = api.delete(f"{PLANS}/EX-0001", {"If-Match": '"1"'}, key=api.deleting_key)
    assert response.status_code == 204 and response.get_data() == b""
    assert api.get(f"{PLANS}/EX-0001").status_code == 404
    assert db.session.scalar(select(Plan.id).where(Plan.id == plan_id)) is None
    assert db.session.scalar(select(FamilyLink.id).where(FamilyLink.plan_id == plan_id)) is None
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.delete"))
    assert row.plan_id == plan_id and row.detail == "reference EX-0001"
    assert row.actor.startswith("api-key:") and row.actor != f"api-key:{api.key_id}"
    texts = free_texts(example("england-new-plan"))
    for event in db.session.scalars(select(AuditEvent)):
        assert not any(text in (event.detail or "") for text in texts)


def test_the_change_feed_reports_deletions_in_order_with_changes(api, in_db):
    imported(api, "england-new-plan")
    imported(api, "stoke-fifteen-months")
    first = api.get(f"{PLANS}?updated_since=2000-01-01T00:00:00Z").get_json()
    assert [i["reference"] for i in first["items"]] == ["EX-0001", "EX-0002"]
    assert [i["deleted"] for i in first["items"]] == [False, False]
    kept = first["cursor"]
    assert (
        api.delete(f"{PLANS}/EX-0001", {"If-Match": "*"}, key=api.deleting_key).status_code == 204
    )
    # The same reference made again after its deletion comes after the tombstone.
    imported(api, "england-new-plan")
    feed = api.get(f"{PLANS}?cursor={kept}&per_page=1").get_json()
    assert feed["items"] == [
        {
            "reference": "EX-0001",
            "deleted": True,
            "version": 1,
            "updated_at": feed["items"][0]["updated_at"],
        }
    ]
    rest = api.get(feed["links"]["next"]).get_json()
    assert [(i["reference"], i["deleted"]) for i in rest["items"]] == [("EX-0001", False)]
    assert rest["links"]["next"] is None
    assert api.get(f"{PLANS}?cursor={rest['cursor']}").get_json()["items"] == []
    # The plain list never shows deleted plans.
    listed = api.get(PLANS).get_json()["items"]
    assert sorted(i["reference"] for i in listed) == ["EX-0001", "EX-0002"]


def test_a_cursor_from_before_deletions_were_in_the_feed_still_works(api, in_db):
    import base64

    imported(api, "england-new-plan")
    plan = get_plan("EX-0001")
    old_style = base64.urlsafe_b64encode(
        f"{(plan.updated_at - dt.timedelta(seconds=1)).isoformat()}|{plan.id}".encode()
    ).decode()
    items = api.get(f"{PLANS}?cursor={old_style}").get_json()["items"]
    assert [i["reference"] for i in items] == ["EX-0001"]


def test_the_retention_rule_leaves_tombstones_too(api, in_db):
    ended = example("greenwich-ended")
    assert api.post(PLANS, ended).status_code == 201
    plans_last_changed_at(dt.datetime(2000, 1, 1))
    runner = api.app.test_cli_runner()
    result = runner.invoke(args=["retention", "apply", "--months", "1", "--yes"])
    assert result.exit_code == 0, result.output
    assert get_plan(ended["reference"]) is None
    gone = db.session.scalars(select(PlanDeletion)).all()
    assert [(g.reference, g.reason) for g in gone] == [(ended["reference"], "retention")]
    feed = api.get(f"{PLANS}?updated_since=2000-01-01T00:00:00Z").get_json()
    assert [(i["reference"], i["deleted"]) for i in feed["items"]] == [(ended["reference"], True)]


def test_tombstones_are_kept_no_longer_than_the_retention_period(api, in_db):
    old = dt.datetime(2000, 1, 1)
    db.session.add(PlanDeletion(reference="OLD-1", version=2, deleted_at=old, reason="api"))
    db.session.commit()
    result = api.app.test_cli_runner().invoke(args=["retention", "apply", "--yes"])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(PlanDeletion.reference)).all() == []


@contextmanager
def _meanwhile(change: str, reference: str):
    """Run `change` (SQL, one `?` for the reference) in the deleting transaction just
    after the deletion has read the plan's version: as a save or another deletion that
    committed in that moment would look to it."""
    state = {"read": False, "done": False}

    def before(conn, cursor, statement, parameters, context, executemany):
        if state["read"] and not state["done"]:
            state["done"] = True
            cursor.execute(change, (reference,))
        if statement.startswith("SELECT plans.id, plans.version"):
            state["read"] = True

    sql_events.listen(db.engine, "before_cursor_execute", before)
    try:
        yield state
    finally:
        sql_events.remove(db.engine, "before_cursor_execute", before)


@pytest.mark.parametrize("if_match", ['"1"', "*"])
def test_a_save_in_the_moment_before_the_delete_is_never_deleted(api, in_db, if_match):
    imported(api)
    db.session.remove()
    bump = "UPDATE plans SET version = version + 1 WHERE reference = ?"
    with _meanwhile(bump, "EX-0001") as state:
        response = api.delete(f"{PLANS}/EX-0001", {"If-Match": if_match}, key=api.deleting_key)
    assert state["done"]
    if if_match == "*":
        # Unconditional: whatever the version now is, the plan goes, and its tombstone
        # names the version deleted.
        assert response.status_code == 204
        assert db.session.scalars(select(PlanDeletion.version)).all() == [2]
        return
    assert response.status_code == 412 and response.headers["ETag"] == '"2"'
    assert get_plan("EX-0001") is not None
    assert db.session.scalars(select(PlanDeletion)).all() == []


def test_two_deletions_at_once_delete_once(api, in_db):
    imported(api)
    db.session.remove()
    gone = "DELETE FROM plans WHERE reference = ?"  # the other deletion, committed first
    with _meanwhile(gone, "EX-0001") as state:
        response = api.delete(f"{PLANS}/EX-0001", {"If-Match": "*"}, key=api.deleting_key)
    assert state["done"]
    assert response.status_code == 404
    assert db.session.scalars(select(PlanDeletion)).all() == []
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "plan.delete" not in actions


def test_a_deleted_plans_text_is_not_left_in_the_write_ahead_log(api, in_db):
    record = example("england-new-plan")
    record["concerns"] = ["WALCANARYTEXT about the child"]
    assert api.post(PLANS, record).status_code == 201
    database = Path(db.engine.url.database)
    wal = database.with_name(database.name + "-wal")
    assert b"WALCANARYTEXT" in wal.read_bytes() + database.read_bytes()
    db.session.remove()
    response = api.delete(f"{PLANS}/EX-0001", {"If-Match": "*"}, key=api.deleting_key)
    assert response.status_code == 204
    assert b"WALCANARYTEXT" not in wal.read_bytes()
    assert b"WALCANARYTEXT" not in database.read_bytes()
