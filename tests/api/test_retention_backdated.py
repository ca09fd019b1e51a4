"""The retention rule counts from the server's record, not only the plan's own end date:
a key that may not delete cannot backdate `ended` to have the nightly run delete a plan."""

import datetime as dt
import json
import re

from sqlalchemy import select

from portal import clock
from portal.models import PlanDeletion, db
from portal.records import get_plan
from tests.api.test_plans import PLANS, example
from tests.records.helpers import plans_last_changed_at


def two_years_back(record: dict) -> dict:
    text = re.sub(
        r'"(\d{4})-(\d{2})-(\d{2})"',
        lambda m: f'"{int(m[1]) - 2}-{m[2]}-{m[3]}"',
        json.dumps(record),
    )
    return json.loads(text)


def test_a_plan_backdated_today_survives_retention_until_its_record_is_old(api, in_db):
    record = example("greenwich-ended")
    assert api.post(PLANS, record).status_code == 201
    backdated = two_years_back(record)
    url = f"{PLANS}/{record['reference']}"
    saved = api.put(url, backdated, {"If-Match": "*"})  # the key without may_delete
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["ended"]["date"] < (clock.today() - dt.timedelta(days=700)).isoformat()
    runner = api.app.test_cli_runner()

    today = runner.invoke(args=["retention", "apply", "--yes"])
    assert today.exit_code == 0, today.output
    assert "Nothing to delete" in today.output
    assert get_plan(record["reference"]) is not None
    assert db.session.scalars(select(PlanDeletion)).all() == []

    # Once nobody has changed the record for longer than the period, it goes.
    plans_last_changed_at(clock.now() - dt.timedelta(days=400), record["reference"])
    later = runner.invoke(args=["retention", "apply", "--yes"])
    assert later.exit_code == 0, later.output
    assert "Deleted 1 plans" in later.output
    assert get_plan(record["reference"]) is None
    assert db.session.scalars(select(PlanDeletion.reason)).all() == ["retention"]
