"""Review finding 2: a family session names its link by something never reused.

Link ids are SQLite rowids: deleting the newest links (retention) or rolling the
database back (restore) hands an old id to the next link made. An old session cookie
must then open nothing, neither through the family view nor through the family page
cache in front of routing.
"""

import datetime as dt
import json

import pytest

from portal.config import ROOT
from portal.models import FamilyLink, Plan, db
from portal.records import create_family_link, create_plan
from tests.family.conftest import csrf_from
from tests.records.helpers import plans_last_changed_at

EXAMPLES = ROOT / "tests" / "planning" / "examples"
OTHER_CHILD = "Zebedee"


def _record(reference: str, first_name: str, ended: str | None = None) -> dict:
    data = json.loads((EXAMPLES / "england-new-plan.plan.json").read_text())
    data["reference"] = reference
    data["child"]["first_name"] = first_name
    if ended:
        data["ended"] = {"date": ended, "reason": "no_longer_at_risk"}
        data["conferences"] = [
            {"kind": "initial", "date": "2023-06-01", "status": "held"},
            {"kind": "review", "date": "2023-09-01", "status": "held", "decision": "end"},
        ]
        data["core_group_meetings"] = []
    return data


def _share(app, reference: str) -> tuple[int, str, str]:
    with app.app_context():
        plan = db.session.scalar(db.select(Plan).where(Plan.reference == reference))
        new = create_family_link(plan, "Mother", 30, actor="test")
        return new.link.id, new.token, new.passcode


def _save(app, data: dict) -> None:
    with app.app_context():
        create_plan(data, app.extensions["profiles"], actor="test")


def _signed_in_cookie(app, token: str, passcode: str) -> str:
    client = app.test_client()
    page = client.get(f"/en/f/{token}")
    response = client.post(
        f"/en/f/{token}",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": passcode},
    )
    assert response.status_code == 303
    assert client.get("/en/my-plan").status_code == 200
    assert client.get("/en/my-plan").status_code == 200  # the second from the page cache
    return client.get_cookie("session").value


def _old_cookie_opens(app, cookie: str) -> list[int]:
    """What the old cookie gets now: through the page cache, then the routed view."""
    statuses = []
    for path in ("/en/my-plan", "/en/my-plan/young-person", "/en/my-plan"):
        replay = app.test_client()
        replay.set_cookie("session", cookie)
        response = replay.get(path)
        assert OTHER_CHILD not in response.get_data(as_text=True)
        statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize("page_cache", [True, False])
def test_family_link_id_reused_after_retention_apply(make_app, page_cache):
    app = make_app(FAMILY_PAGE_CACHE=page_cache)
    _save(app, _record("RET-0004", "Oldplanchild", ended="2023-09-01"))
    _save(app, _record("LIVE-0002", OTHER_CHILD))
    old_id, token, passcode = _share(app, "RET-0004")
    cookie = _signed_in_cookie(app, token, passcode)
    with app.app_context():  # nobody has saved the ended plan since it ended
        plans_last_changed_at(dt.datetime(2023, 9, 1), "RET-0004")
    # (input: "yes" to a confirmation, should the command ask for one)
    result = app.test_cli_runner().invoke(args=["retention", "apply"], input="y\n")
    assert result.exit_code == 0, result.output
    new_id, _, _ = _share(app, "LIVE-0002")
    assert new_id == old_id, "the database hands the old id to the next link"
    assert _old_cookie_opens(app, cookie) == [303, 303, 303]


@pytest.mark.parametrize("page_cache", [True, False])
def test_family_link_id_reused_after_restore(make_app, tmp_path, page_cache):
    app = make_app(FAMILY_PAGE_CACHE=page_cache)
    _save(app, _record("RST-0001", "Firstchild"))
    _save(app, _record("RST-0002", OTHER_CHILD))
    runner = app.test_cli_runner()
    backup = tmp_path / "before.db"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    old_id, token, passcode = _share(app, "RST-0001")
    cookie = _signed_in_cookie(app, token, passcode)
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    new_id, _, _ = _share(app, "RST-0002")
    assert new_id == old_id, "the restored database hands the old id to the next link"
    assert _old_cookie_opens(app, cookie) == [303, 303, 303]


def test_a_session_for_a_link_that_is_still_there_keeps_working(make_app, tmp_path):
    """A backup restored with the link in it: the same link, the same family."""
    app = make_app()
    _save(app, _record("RST-0003", "Samechild"))
    _, token, passcode = _share(app, "RST-0003")
    cookie = _signed_in_cookie(app, token, passcode)
    runner = app.test_cli_runner()
    backup = tmp_path / "after.db"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    assert runner.invoke(args=["restore", str(backup), "--yes"]).exit_code == 0
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/en/my-plan").status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(FamilyLink)) == 1
