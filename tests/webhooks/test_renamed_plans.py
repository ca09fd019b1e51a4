"""A staff rename of a plan's reference: the old reference is reported deleted (a
tombstone in the change feed and a `deleted` notice) and the new one names it."""

import json

from sqlalchemy import select

from portal.models import PlanDeletion, db
from portal.records import export_record, get_plan, replace_plan
from tests.records.helpers import example
from tests.webhooks.test_webhooks import PLANS, hook_app, portal, receiver  # noqa: F401


def rename(app, old: str, new: str) -> None:
    """What the plan form does when staff change the reference."""
    with app.app_context():
        record = export_record(get_plan(old))
        record["reference"] = new
        replace_plan(record, app.extensions["profiles"], actor="staff", reference=old)


def test_a_rename_leaves_a_tombstone_and_names_the_old_reference(portal, receiver):  # noqa: F811
    portal.post(example("england-new-plan"))
    portal.send()
    rename(portal.app, "EX-0001", "EX-RENAMED")

    feed = portal.client.get(
        f"{PLANS}?updated_since=2000-01-01T00:00:00Z", headers=portal.headers
    ).get_json()["items"]
    by_reference = {item["reference"]: item for item in feed}
    assert by_reference["EX-0001"]["deleted"] is True
    assert by_reference["EX-0001"]["version"] == 1
    renamed = by_reference["EX-RENAMED"]
    assert renamed["deleted"] is False and renamed["previous_reference"] == "EX-0001"
    assert portal.client.get(f"{PLANS}/EX-0001", headers=portal.headers).status_code == 404
    with portal.app.app_context():
        [tombstone] = db.session.scalars(select(PlanDeletion)).all()
        assert (tombstone.reference, tombstone.reason) == ("EX-0001", "renamed")

    assert portal.send()["delivered"] == 2
    notices = [json.loads(got.body) for got in receiver.state.received[1:]]
    assert [(n["kind"], n["reference"]) for n in notices] == [
        ("updated", "EX-RENAMED"),
        ("deleted", "EX-0001"),
    ]
    assert notices[0]["previous_reference"] == "EX-0001" and "reference" in notices[0]["changed"]
    assert "previous_reference" not in notices[1]


def test_the_next_change_no_longer_names_the_old_reference(portal, receiver):  # noqa: F811
    portal.post(example("england-new-plan"))
    rename(portal.app, "EX-0001", "EX-RENAMED")
    with portal.app.app_context():
        record = export_record(get_plan("EX-RENAMED"))
        record["child"]["first_name"] = "Changed"
        replace_plan(record, portal.app.extensions["profiles"], actor="staff")
    feed = portal.client.get(
        f"{PLANS}?updated_since=2000-01-01T00:00:00Z", headers=portal.headers
    ).get_json()["items"]
    [current] = [item for item in feed if item["reference"] == "EX-RENAMED"]
    assert "previous_reference" not in current and current["version"] == 3
