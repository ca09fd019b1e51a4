"""Demo data: `flask demo load` and `flask demo generate`, on both databases."""

import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from portal.config import Environment
from portal.demo import WRITTEN_FOR, demo_records, demo_references
from portal.models import Plan, db
from portal.planning import compute_timeline, parse_record, validate_record
from portal.records import LinkCheck, check_passcode, find_link, get_plan
from tests.records.helpers import audit_rows, example_path, row_counts

LINK_RE = re.compile(r"Link: +http://127\.0\.0\.1:5000/f/(\S+)")
PASSCODE_RE = re.compile(r"Passcode: +([0-9]{4} [0-9]{4})")


@pytest.fixture
def cli(store):
    runner = store.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def printed_link(output: str):
    token, passcode = LINK_RE.search(output).group(1), PASSCODE_RE.search(output).group(1)
    return find_link(token), passcode


def test_demo_load_fills_an_empty_portal_and_prints_a_working_link(cli):
    result = cli("demo", "load")
    assert result.exit_code == 0, result.stderr
    assert db.session.scalar(select(func.count(Plan.id))) == 4
    link, passcode = printed_link(result.stdout)
    assert link.plan.reference == demo_references()[0]
    assert check_passcode(link, passcode) is LinkCheck.OK
    assert {get_plan(ref).profile for ref in demo_references()} == {
        "england",
        "stoke-on-trent",
        "west-sussex",
        "greenwich",
    }
    assert {get_plan(ref).language for ref in demo_references()} == {"en", "pl", "ur", "pt"}
    # stored as cp-plan/2, with the version 2 values the demo shows
    transferred = get_plan("DEMO-GRN-0004").record
    assert transferred["format"] == "cp-plan/2"
    assert transferred["conferences"][0]["kind"] == "transfer_in"
    assert transferred["on_plan_since"] is not None
    assert set(transferred["translations"]) == {"pt"}
    assert set(get_plan("DEMO-STK-0002").record["translations"]) == {"pl"}


def test_demo_load_again_only_makes_a_fresh_link(cli):
    first = cli("demo", "load")
    second = cli("demo", "load")
    assert second.exit_code == 0
    assert db.session.scalar(select(func.count(Plan.id))) == 4
    assert "Loaded" not in second.stdout
    old_link, _ = printed_link(first.stdout)
    new_link, passcode = printed_link(second.stdout)
    assert new_link.id != old_link.id
    assert check_passcode(new_link, passcode) is LinkCheck.OK


def test_demo_load_leaves_a_portal_with_real_plans_alone(cli):
    cli("plans", "import", str(example_path("england-new-plan")))
    before = row_counts()
    result = cli("demo", "load")
    assert result.exit_code == 0
    assert "already has plans" in result.stdout
    assert row_counts() == before


def test_demo_commands_refuse_in_production(cli, store, monkeypatch):
    production = dataclasses.replace(store.extensions["settings"], env=Environment.PRODUCTION)
    monkeypatch.setitem(store.extensions, "settings", production)
    assert cli("demo", "load").exit_code == 0
    assert cli("demo", "generate", "--plans", "1").exit_code == 1
    assert row_counts()["plans"] == 0


def test_demo_generate_adds_open_and_ended_plans_in_batches(cli, store):
    result = cli("demo", "generate", "--plans", "4", "--seed", "7")
    assert result.exit_code == 0, result.stderr
    plans = db.session.scalars(select(Plan)).all()
    assert len(plans) == 12
    assert sum(plan.ended is None for plan in plans) == 4
    profiles = store.extensions["profiles"]
    for plan in plans:
        assert validate_record(plan.record, profiles) == []
        assert plan.started == parse_record(plan.record, profiles).on_plan_from
    assert [row.action for row in audit_rows()] == ["plan.generate"]


def test_demo_generate_uses_one_transaction_per_batch(store):
    from portal.demo.generate import generate_plans

    stored = generate_plans(
        5,
        6,
        store.extensions["profiles"],
        ("en", "pl"),
        dt.date(2026, 11, 23),
        seed=3,
        batch_size=4,
    )
    assert stored == 11
    assert [row.detail for row in audit_rows()] == ["4 generated plans"] * 2 + ["3 generated plans"]


# --- the demo plans themselves (no database needed, but cheap to run twice) ---------

DAYS = [WRITTEN_FOR + dt.timedelta(days=n) for n in (-3, 0, 1, 2, 3, 4, 5, 6, 7, 100, 999)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_demo_plans_are_valid_and_current_whatever_the_day(store, today):
    profiles = store.extensions["profiles"]
    for data in demo_records(today):
        record = parse_record(data, profiles)
        timeline = compute_timeline(record, profiles[record.profile], today)
        for event in timeline.events:
            if event.status == "held" and event.kind != "plan_end":
                assert event.date <= today, (record.reference, event)
            if event.status == "scheduled":
                assert event.date > today, (record.reference, event)
        assert not any(e.status == "overdue" for e in timeline.events), record.reference


def test_demo_plans_are_at_the_stages_described(store):
    profiles = store.extensions["profiles"]
    today = dt.date(2027, 6, 16)
    timelines = {}
    for data in demo_records(today):
        record = parse_record(data, profiles)
        timelines[record.profile] = compute_timeline(record, profiles[record.profile], today)
    assert timelines["england"].age[0] in (1, 2)
    stoke = timelines["stoke-on-trent"]
    assert stoke.age[0] in (14, 15)
    done = [e for e in stoke.milestones if e.status == "done"]
    assert [e.id for e in done] == ["line-manager-review"]
    sussex = timelines["west-sussex"]
    assert sussex.age[0] == 8
    upcoming = [e.id for e in sussex.milestones if e.status == "upcoming"]
    assert "group-manager-review" in upcoming
    # a plan transferred in from another council: on a plan for longer than it has
    # been here, its first event the transfer-in conference
    greenwich = timelines["greenwich"]
    assert greenwich.transferred_in is not None and greenwich.started < greenwich.transferred_in
    assert greenwich.events[0].kind == "transfer_in_conference"
    assert greenwich.age[0] in (6, 7)


def test_demo_plans_hold_no_real_contact_details():
    for data in demo_records(WRITTEN_FOR):
        lead = data["lead_social_worker"]
        assert lead["email"].endswith("@example.org")
        assert lead["phone"].startswith("01632 960")
        for member in data["core_group"]:
            assert " " not in member["name"], "first names only"
