"""The timeline as a whole: the plan's age, its shape for every profile, its types, tie order."""

import dataclasses
from datetime import date

import pytest

from portal.planning import Event, compute_timeline, parse_record, timeline_to_json

from .helpers import as_json, d, make_plan, timeline


@pytest.mark.parametrize(
    ("start", "today", "age"),
    [
        ("2026-01-12", "2026-01-12", (0, 0)),
        ("2026-01-12", "2027-01-11", (11, 30)),
        ("2026-01-31", "2026-02-28", (1, 0)),
        ("2024-02-29", "2025-02-28", (12, 0)),
    ],
)
def test_age(profiles, start, today, age):
    tl = timeline(profiles, start=start, today=today)
    assert tl.age == age
    assert timeline_to_json(tl)["age"] == {"months": age[0], "days": age[1]}


def test_today_before_the_start_counts_as_age_zero(profiles):
    assert timeline(profiles, start="2026-01-12", today="2026-01-01").age == (0, 0)


def test_each_profile_gives_a_well_formed_timeline(profiles):
    for pid in profiles:
        out = as_json(
            profiles,
            profile=pid,
            start="2025-01-06",
            today="2026-06-01",
            reviews=[("2025-04-01", "held"), ("2025-10-01", "held"), ("2026-04-01", "held")],
            meetings=[("2025-01-15", "held"), ("2025-02-20", "held")],
            dob="2015-03-03",
        )
        assert out["profile"] == pid
        assert out["next_review_conference"]["number"] == 4


def test_timeline_dataclasses_hold_real_dates(profiles):
    tl = timeline(profiles, start="2026-01-12", today="2026-02-01")
    assert isinstance(tl.started, date) and tl.ended is None and tl.status == "open"
    assert all(isinstance(e, Event) for e in tl.events)
    assert tl.next_review_conference.due == date(2026, 4, 12)
    assert tl.profile is profiles["england"]
    assert tl.upcoming_events
    with pytest.raises(dataclasses.FrozenInstanceError):
        tl.events[0].status = "x"


def test_profile_must_match_the_record(profiles):
    record = parse_record(make_plan(), profiles)
    with pytest.raises(ValueError):
        compute_timeline(record, profiles["greenwich"], d("2026-02-01"))


def test_tie_order_on_one_day(profiles):
    out = as_json(
        profiles,
        start="2026-01-12",
        today="2026-05-01",
        reviews=[("2026-04-09", "held")],
        meetings=[("2026-01-12", "held"), ("2026-04-09", "held")],
    )
    kinds = [(e.get("date") or e.get("due"), e["kind"]) for e in out["events"]]
    assert kinds[:4] == [
        ("2026-01-12", "initial_conference"),
        ("2026-01-12", "core_group"),
        ("2026-04-09", "review_conference"),
        ("2026-04-09", "core_group"),
    ]
