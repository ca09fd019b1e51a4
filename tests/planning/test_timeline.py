import dataclasses
from datetime import date, time

import pytest

from portal.planning import Event, Timeline, compute_timeline, parse_record, timeline_to_json

from .helpers import d, make_plan, shape_problems


def timeline(profiles, today="2026-06-01", **plan) -> Timeline:
    record = parse_record(make_plan(**plan), profiles)
    return compute_timeline(record, profiles[record.profile], d(today))


def as_json(profiles, today="2026-06-01", **plan):
    out = timeline_to_json(timeline(profiles, today, **plan))
    assert shape_problems(out) == []
    return out


def rows(out, kind):
    return [e for e in out["events"] if e["kind"] == kind]


def brief(events):
    """(number or id, due, date, status) of each event."""
    return [
        (e.get("number", e.get("id")), e.get("due"), e.get("date"), e["status"]) for e in events
    ]


# --- reviews ----------------------------------------------------------------------------


def test_new_plan_projects_first_review_and_core_group(profiles):
    out = as_json(profiles, start="2026-01-12", today="2026-01-13")
    assert out["next_review_conference"] == {
        "number": 1,
        "due": "2026-04-12",
        "date": None,
        "status": "upcoming",
    }
    # 10 working days after Monday 12 January 2026
    assert out["next_core_group"] == {
        "number": 1,
        "due": "2026-01-26",
        "date": None,
        "status": "upcoming",
    }


def test_review_dues_chain_from_anchors(profiles):
    out = as_json(
        profiles,
        start="2026-01-12",
        today="2026-11-01",
        reviews=[("2026-04-09", "held"), ("2026-10-20", "scheduled")],
    )
    assert brief(rows(out, "review_conference")) == [
        (1, "2026-04-12", "2026-04-09", "held"),
        (2, "2026-10-09", "2026-10-20", "scheduled"),  # due from #1's held date
        (3, "2027-04-20", None, "upcoming"),  # due from #2's scheduled date
    ]
    assert out["next_review_conference"]["number"] == 2


def test_overdue_projected_review(profiles):
    out = as_json(profiles, start="2026-01-12", today="2026-04-13")
    assert brief(rows(out, "review_conference")) == [(1, "2026-04-12", None, "overdue")]
    tl = timeline(profiles, start="2026-01-12", today="2026-04-13")
    assert [e.kind for e in tl.overdue_events] == ["core_group", "review_conference"]


def test_due_today_is_upcoming(profiles):
    out = as_json(profiles, start="2026-01-12", today="2026-04-12")
    assert rows(out, "review_conference")[0]["status"] == "upcoming"


def test_cancelled_reviews_are_listed_without_number(profiles):
    out = as_json(
        profiles,
        start="2026-01-12",
        today="2026-05-01",
        reviews=[("2026-04-01", "cancelled"), ("2026-04-20", "held")],
    )
    assert rows(out, "review_conference") == [
        {
            "kind": "review_conference",
            "number": None,
            "due": None,
            "date": "2026-04-01",
            "status": "cancelled",
        },
        {
            "kind": "review_conference",
            "number": 1,
            "due": "2026-04-12",
            "date": "2026-04-20",
            "status": "held",
            "decision": "continue",
        },
        {
            "kind": "review_conference",
            "number": 2,
            "due": "2026-10-20",
            "date": None,
            "status": "upcoming",
        },
    ]


def test_month_end_start_is_clamped_step_by_step(profiles):
    out = as_json(profiles, start="2025-11-30", today="2025-12-01", profile="stoke-on-trent")
    assert rows(out, "review_conference")[0]["due"] == "2026-02-28"
    # review #2 projected from #1's due date: 28 Feb + 6 months = 28 Aug (not 30 Aug),
    # then the line manager review 3 months after that
    lmr = next(e for e in rows(out, "milestone") if e["id"] == "line-manager-review")
    assert lmr == {
        "kind": "milestone",
        "id": "line-manager-review",
        "due": "2026-11-28",
        "date": None,
        "status": "conditional",
    }


def test_leap_year_review_due(profiles):
    out = as_json(profiles, start="2027-11-29", today="2027-12-01")
    assert rows(out, "review_conference")[0]["due"] == "2028-02-29"


@pytest.mark.parametrize("profile", ["stoke-on-trent", "twenty-one-month-policy"])
def test_interval_changes_after_review_four(profiles, profile):
    reviews = [
        ("2025-04-01", "held"),
        ("2025-10-01", "held"),
        ("2026-04-01", "held"),
        ("2026-10-01", "held"),
    ]
    out = as_json(
        profiles, profile=profile, start="2025-01-06", today="2026-10-02", reviews=reviews
    )
    assert brief(rows(out, "review_conference")) == [
        (1, "2025-04-06", "2025-04-01", "held"),
        (2, "2025-10-01", "2025-10-01", "held"),
        (3, "2026-04-01", "2026-04-01", "held"),
        (4, "2026-10-01", "2026-10-01", "held"),
        (5, "2027-01-01", None, "upcoming"),  # 3 months after review #4
    ]
    # and every later interval stays 3 months
    out = as_json(
        profiles,
        profile=profile,
        start="2025-01-06",
        today="2027-01-02",
        reviews=reviews + [("2027-01-01", "held")],
    )
    assert out["next_review_conference"]["due"] == "2027-04-01"


def test_england_keeps_six_months_after_review_four(profiles):
    reviews = [
        ("2025-04-01", "held"),
        ("2025-10-01", "held"),
        ("2026-04-01", "held"),
        ("2026-10-01", "held"),
    ]
    out = as_json(profiles, start="2025-01-06", today="2026-10-02", reviews=reviews)
    assert out["next_review_conference"]["due"] == "2027-04-01"


# --- core groups ------------------------------------------------------------------------


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


# --- milestones -----------------------------------------------------------------------------


def test_at_months_milestones_west_sussex(profiles):
    out = as_json(
        profiles,
        profile="west-sussex",
        start="2026-01-12",
        today="2026-11-01",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held")],
    )
    assert brief(rows(out, "milestone")) == [
        ("group-manager-review", "2026-10-12", None, "overdue"),
        ("group-manager-review-16", "2027-05-12", None, "upcoming"),
    ]


def test_twenty_one_month_policy_milestones(profiles):
    out = as_json(
        profiles,
        profile="twenty-one-month-policy",
        start="2026-01-12",
        today="2026-11-01",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held")],
    )
    assert brief(rows(out, "milestone")) == [
        ("chair-mid-point-review", "2027-01-12", None, "upcoming"),
        # review #3 projected: 9 Oct 2026 + 6 months = 9 Apr 2027, + 2 weeks
        ("legal-planning-meeting", "2027-04-23", None, "conditional"),
        ("qa-manager-review", "2027-07-12", None, "upcoming"),
    ]


def test_after_review_milestone_applies_once_review_is_held(profiles):
    out = as_json(
        profiles,
        profile="twenty-one-month-policy",
        start="2026-01-12",
        today="2027-04-20",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held"), ("2027-04-14", "held")],
        progress={3: "insufficient"},
    )
    lpm = next(e for e in rows(out, "milestone") if e["id"] == "legal-planning-meeting")
    assert (lpm["due"], lpm["status"]) == ("2027-04-28", "upcoming")


def test_conditional_milestone_from_a_scheduled_review(profiles):
    out = as_json(
        profiles,
        profile="stoke-on-trent",
        start="2026-01-12",
        today="2026-09-01",
        reviews=[("2026-04-09", "held"), ("2026-10-05", "scheduled")],
    )
    assert brief(rows(out, "milestone"))[0] == (
        "line-manager-review",
        "2027-01-05",
        None,
        "conditional",
    )
    # senior manager review: review #3 projected 6 months after the scheduled #2
    assert brief(rows(out, "milestone"))[1] == (
        "senior-manager-review",
        "2027-07-05",
        None,
        "conditional",
    )


def test_conditional_milestone_far_ahead_projects_reviews_in_turn(profiles):
    out = as_json(profiles, profile="stoke-on-trent", start="2026-01-12", today="2026-01-13")
    # reviews #1 2026-04-12, #2 2026-10-12, #3 2027-04-12 (projected for this purpose only)
    assert brief(rows(out, "milestone")) == [
        ("line-manager-review", "2027-01-12", None, "conditional"),
        ("senior-manager-review", "2027-07-12", None, "conditional"),
    ]
    assert len(rows(out, "review_conference")) == 1  # only one review is listed


def test_review_that_ends_the_plan_drops_its_milestone(profiles):
    out = as_json(
        profiles,
        profile="stoke-on-trent",
        start="2026-01-12",
        today="2026-11-01",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held", "end")],
        ended=("2026-10-09", "no_longer_at_risk"),
    )
    assert rows(out, "milestone") == []
    assert out["status"] == "ended"
    assert out["next_review_conference"] is None and out["next_core_group"] is None
    assert out["events"][-1] == {
        "kind": "plan_end",
        "date": "2026-10-09",
        "status": "held",
        "reason": "no_longer_at_risk",
    }


def test_ended_plan_drops_later_milestones_and_projects_nothing(profiles):
    out = as_json(
        profiles,
        profile="twenty-one-month-policy",
        start="2026-01-12",
        today="2027-06-01",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held"), ("2027-02-01", "held", "end")],
        meetings=[("2026-01-20", "held")],
        ended=("2027-02-01", "no_longer_at_risk"),
    )
    # mid-point review (12 months) was due while the plan was open: kept, not done
    assert brief(rows(out, "milestone")) == [
        ("chair-mid-point-review", "2027-01-12", None, "overdue"),
    ]
    assert all(e["status"] not in ("upcoming",) for e in out["events"])
    assert brief(rows(out, "core_group")) == [(1, "2026-01-26", "2026-01-20", "held")]
    assert out["age"] == {"months": 12, "days": 20}


def test_ended_plan_drops_after_review_milestone_whose_review_never_happened(profiles):
    out = as_json(
        profiles,
        profile="stoke-on-trent",
        start="2026-01-12",
        today="2026-06-01",
        reviews=[("2026-03-01", "held")],
        ended=("2026-05-01", "moved_area"),
    )
    assert rows(out, "milestone") == []


def test_milestone_due_on_the_end_date_is_kept(profiles):
    out = as_json(
        profiles,
        profile="west-sussex",
        start="2026-01-12",
        today="2026-12-01",
        reviews=[("2026-04-09", "held"), ("2026-10-12", "held", "end")],
        ended=("2026-10-12", "no_longer_at_risk"),
    )
    assert brief(rows(out, "milestone")) == [
        ("group-manager-review", "2026-10-12", None, "overdue")
    ]
    # tie on one day: review, then milestone, then plan end
    assert [e["kind"] for e in out["events"][-3:]] == ["review_conference", "milestone", "plan_end"]


def test_done_milestone_carries_its_date_and_sorts_by_it(profiles):
    out = as_json(
        profiles,
        profile="west-sussex",
        start="2026-01-12",
        today="2026-11-01",
        reviews=[("2026-04-09", "held")],
        done=[("group-manager-review", "2026-09-01")],
    )
    gm = rows(out, "milestone")[0]
    assert gm == {
        "kind": "milestone",
        "id": "group-manager-review",
        "due": "2026-10-12",
        "date": "2026-09-01",
        "status": "done",
    }
    whens = [e.get("date") or e.get("due") for e in out["events"]]
    assert whens == sorted(whens)


def test_done_milestone_is_kept_even_after_an_early_end(profiles):
    out = as_json(
        profiles,
        profile="west-sussex",
        start="2026-01-12",
        today="2026-11-01",
        reviews=[("2026-04-09", "held", "end")],
        done=[("group-manager-review", "2026-04-01")],
        ended=("2026-04-09", "no_longer_at_risk"),
    )
    assert brief(rows(out, "milestone")) == [
        ("group-manager-review", "2026-10-12", "2026-04-01", "done")
    ]


def test_milestone_events_reference_their_texts(profiles):
    tl = timeline(profiles, profile="west-sussex", start="2026-01-12", today="2026-11-01")
    event = tl.milestones[0]
    assert event.milestone is profiles["west-sussex"].milestone("group-manager-review")
    assert "nine months" in event.milestone.family


# --- eighteenth birthday --------------------------------------------------------------------


def test_eighteenth_birthday_milestone(profiles):
    out = as_json(profiles, start="2026-01-12", today="2026-02-01", dob="2009-05-30")
    assert rows(out, "milestone") == [
        {
            "kind": "milestone",
            "id": "eighteenth-birthday",
            "due": "2027-05-30",
            "date": None,
            "status": "upcoming",
        }
    ]


def test_eighteenth_birthday_of_a_leap_day_child(profiles):
    out = as_json(profiles, start="2026-01-12", today="2026-02-01", dob="2008-02-29")
    assert rows(out, "milestone")[0]["due"] == "2026-02-28"


def test_eighteenth_birthday_on_the_start_day_is_listed(profiles):
    out = as_json(profiles, start="2026-01-12", today="2026-02-01", dob="2008-01-12")
    assert brief(rows(out, "milestone")) == [("eighteenth-birthday", "2026-01-12", None, "overdue")]
    assert out["events"][0]["kind"] == "initial_conference"


def test_eighteenth_birthday_after_the_end_is_not_listed(profiles):
    out = as_json(
        profiles,
        start="2026-01-12",
        today="2026-09-01",
        dob="2010-05-30",
        reviews=[("2026-04-09", "held", "end")],
        ended=("2026-04-09", "no_longer_at_risk"),
    )
    assert rows(out, "milestone") == []


def test_plan_ended_by_turning_18(profiles):
    out = as_json(
        profiles,
        start="2026-01-12",
        today="2026-09-01",
        dob="2008-05-30",
        reviews=[("2026-04-09", "held")],
        ended=("2026-05-30", "turned_18"),
        done=[("eighteenth-birthday", "2026-05-30")],
    )
    assert brief(rows(out, "milestone")) == [
        ("eighteenth-birthday", "2026-05-30", "2026-05-30", "done")
    ]
    assert [e["kind"] for e in out["events"][-2:]] == ["milestone", "plan_end"]


def test_no_date_of_birth_no_birthday(profiles):
    assert rows(as_json(profiles), "milestone") == []


# --- age and the whole object --------------------------------------------------------------


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
