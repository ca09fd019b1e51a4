"""The milestones a timeline lists: when they fall due, are done or dropped; the 18th birthday."""

from .helpers import as_json, brief, rows, timeline


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
