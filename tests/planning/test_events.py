"""The timeline's kinds and statuses are StrEnums holding the contract's strings
(docs/timeline-rules.md): the engine makes only members, and the JSON, the published
schema and the labels see the same words."""

import json
from datetime import date
from pathlib import Path

import pytest

from portal.api.schema import timeline_schema
from portal.planning import (
    EventKind,
    EventStatus,
    PlanStatus,
    compute_timeline,
    parse_record,
    timeline_to_json,
)
from portal.planning.events import EVENT_KINDS, KIND_ORDER, NOT_RECORDED

EXAMPLES = Path(__file__).parent / "examples"
PLANS = sorted(EXAMPLES.glob("*.plan.json"))


def test_kinds_are_the_contracts_in_its_tie_order():
    assert EVENT_KINDS == (
        "initial_conference",
        "transfer_in_conference",
        "review_conference",
        "core_group",
        "milestone",
        "plan_end",
    )
    assert [KIND_ORDER[kind] for kind in EVENT_KINDS] == list(range(len(EventKind)))


def test_the_published_timeline_schema_names_exactly_these_kinds_and_statuses():
    schema = timeline_schema()["properties"]
    events = schema["events"]["items"]["oneOf"]
    assert [e["properties"]["kind"]["const"] for e in events] == list(EventKind)
    statuses = {s for e in events for s in e["properties"]["status"]["enum"]}
    assert statuses == set(EventStatus)
    assert set(schema["next_review_conference"]["properties"]["status"]["enum"]) < statuses
    assert schema["status"]["enum"] == list(PlanStatus)


def test_not_recorded_is_shown_never_in_the_contract():
    assert NOT_RECORDED not in set(EventStatus)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2026, 11, 1), date(2029, 1, 1)])
def test_the_engine_makes_members_and_the_json_holds_their_strings(path, today, profiles):
    record = parse_record(json.loads(path.read_text(encoding="utf-8")), profiles)
    if today < record.start:
        today = record.start
    timeline = compute_timeline(record, profiles[record.profile], today)
    assert timeline.events
    for event in timeline.events:
        assert type(event.kind) is EventKind
        assert type(event.status) is EventStatus
    assert type(timeline.status) is PlanStatus
    printed = json.dumps(timeline_to_json(timeline))
    read_back = json.loads(printed)
    assert read_back == timeline_to_json(timeline)
    assert {e["kind"] for e in read_back["events"]} <= set(EVENT_KINDS)
    assert "EventKind" not in printed
    assert "EventStatus" not in printed
