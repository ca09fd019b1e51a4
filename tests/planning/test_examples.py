"""The public examples of timeline-rules.md reproduce exactly."""

import json
from datetime import date
from pathlib import Path

import pytest

from portal.planning import compute_timeline, parse_record, record_to_dict, timeline_to_json

from .helpers import normalised
from .timeline_shape import shape_problems

EXAMPLES = Path(__file__).parent / "examples"
CASES = sorted(p.name.removesuffix(".plan.json") for p in EXAMPLES.glob("*.plan.json"))


def example(name: str):
    plan = json.loads((EXAMPLES / f"{name}.plan.json").read_text(encoding="utf-8"))
    (want_path,) = EXAMPLES.glob(f"{name}.timeline-*.json")
    today = date.fromisoformat(want_path.stem.rsplit("timeline-", 1)[1])
    return plan, today, json.loads(want_path.read_text(encoding="utf-8"))


def test_all_four_examples_are_present():
    assert CASES == [
        "england-new-plan",
        "greenwich-ended",
        "stoke-fifteen-months",
        "west-sussex-transfer-in",
    ]


@pytest.mark.parametrize("name", CASES)
def test_example_reproduces_exactly(name, profiles):
    plan, today, want = example(name)
    record = parse_record(plan, profiles)
    got = timeline_to_json(compute_timeline(record, profiles[record.profile], today))
    assert got == want
    # same key order too, as printed
    assert json.dumps(got, indent=1) == json.dumps(want, indent=1)
    assert shape_problems(got) == []


@pytest.mark.parametrize("name", CASES)
def test_example_record_round_trips(name, profiles):
    plan, _, _ = example(name)
    out = record_to_dict(parse_record(plan, profiles))
    assert out == normalised(plan)
    assert record_to_dict(parse_record(out, profiles)) == out
