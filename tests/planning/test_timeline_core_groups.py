"""The core group meetings a timeline lists and projects, and what meetings carry."""

from datetime import time

from portal.planning import compute_timeline, parse_record, timeline_to_json

from .helpers import as_json, brief, d, make_plan, rows, timeline


def test_core_groups_number_and_chain(profiles):
    out = as_json(
        profiles,
        profile="west-sussex",  # 10 working days, then 6 weeks
        start="2026-01-12",
        today="2026-03-20",
        meetings=[
            ("2026-01-20", "held"),
            ("2026-02-20", "cancelled"),
            ("2026-03-02", "held"),
            ("2026-04-10", "scheduled"),
        ],
    )
    assert brief(rows(out, "core_group")) == [
        (1, "2026-01-26", "2026-01-20", "held"),
        (None, None, "2026-02-20", "cancelled"),
        (2, "2026-03-03", "2026-03-02", "held"),
        (3, "2026-04-13", "2026-04-10", "scheduled"),
        (4, "2026-05-22", None, "upcoming"),
    ]
    assert out["next_core_group"] == {
        "number": 3,
        "due": "2026-04-13",
        "date": "2026-04-10",
        "status": "scheduled",
    }


def test_first_core_group_over_christmas(profiles):
    # 10 working days after Friday 18 December 2026 skip 25, 28 Dec and 1 Jan
    out = as_json(profiles, start="2026-12-18", today="2026-12-19")
    assert out["next_core_group"]["due"] == "2027-01-06"


def test_first_core_group_over_easter_2027(profiles):
    out = as_json(profiles, start="2027-03-19", today="2027-03-20")
    assert out["next_core_group"]["due"] == "2027-04-06"


def test_greenwich_core_groups_use_calendar_days_and_nine_weeks(profiles):
    out = as_json(profiles, profile="greenwich", start="2026-12-18", today="2026-12-19")
    assert out["next_core_group"]["due"] == "2027-01-01"  # 14 days, bank holiday or not
    out = as_json(
        profiles,
        profile="greenwich",
        start="2026-12-18",
        today="2027-01-02",
        meetings=[("2026-12-30", "held")],
    )
    assert out["next_core_group"]["due"] == "2027-03-03"  # 9 weeks


def test_scheduled_past_meeting_stays_scheduled(profiles):
    tl = timeline(
        profiles,
        profile="west-sussex",
        start="2026-01-12",
        today="2026-02-01",
        meetings=[("2026-01-22", "scheduled")],
    )
    first = tl.of_kind("core_group")[0]
    assert first.status == "scheduled" and first.is_past_unconfirmed
    assert tl.past_unconfirmed_events == (first,)
    assert not tl.of_kind("core_group")[1].is_past_unconfirmed  # the projected one
    assert tl.next_core_group is first


def test_core_group_event_carries_time_and_place(profiles):
    data = make_plan(start="2026-01-12", profile="west-sussex")
    data["core_group_meetings"] = [
        {"date": "2026-01-22", "time": "10:00", "place": "Family centre", "status": "held"}
    ]
    record = parse_record(data, profiles)
    tl = compute_timeline(record, profiles["west-sussex"], d("2026-02-01"))
    meeting = tl.of_kind("core_group")[0]
    assert meeting.time == time(10, 0) and meeting.place == "Family centre"
    assert meeting.record_index == 0 and not meeting.projected
    assert tl.of_kind("core_group")[1].projected


def test_conference_events_carry_their_chair_but_the_json_does_not(profiles):
    data = make_plan(start="2026-01-12", reviews=[("2026-04-09", "scheduled")])
    data["format"] = "cp-plan/2"
    data["conferences"][0]["chair"] = "Kim Ashworth"
    data["conferences"][1]["chair"] = "Lee Okafor"
    record = parse_record(data, profiles)
    tl = compute_timeline(record, profiles["england"], d("2026-02-01"))
    assert tl.of_kind("initial_conference")[0].chair == "Kim Ashworth"
    assert tl.next_review_conference.chair == "Lee Okafor"
    # The chair is for people reading the plan: the contract's JSON has no such key.
    assert "chair" not in str(timeline_to_json(tl))
