"""Timeline rules version 2: one test per rule that changed (timeline-rules.md, "Changes
from version 1")."""

from portal.planning import compute_timeline, parse_record, timeline_to_json

from .helpers import d, make_plan
from .timeline_shape import shape_problems


def as_json(profiles, today, plan):
    record = parse_record(plan, profiles)
    out = timeline_to_json(compute_timeline(record, profiles[record.profile], d(today)))
    assert shape_problems(out) == []
    return out


def rows(out, kind):
    return [
        (e.get("number", e.get("id")), e.get("due"), e.get("date"), e["status"])
        for e in out["events"]
        if e["kind"] == kind
    ]


def milestone_ids(out):
    return [e["id"] for e in out["events"] if e["kind"] == "milestone"]


# --- 1. West Sussex: group manager reviews at 9 and 16 months, no dated legal gateway --------


def test_west_sussex_reviews_at_9_and_16_months_and_no_legal_gateway(profiles):
    plan = make_plan(profile="west-sussex", start="2026-01-12")
    out = as_json(profiles, "2026-02-01", plan)
    assert rows(out, "milestone") == [
        ("group-manager-review", "2026-10-12", None, "upcoming"),
        ("group-manager-review-16", "2027-05-12", None, "upcoming"),
    ]
    assert [m.id for m in profiles["west-sussex"].milestones] == [
        "group-manager-review",
        "group-manager-review-16",
    ]


# --- 2. when: insufficient_progress -----------------------------------------------------------

STOKE_REVIEWS = [("2026-04-09", "held"), ("2026-10-09", "held")]


def _line_manager(profiles, today="2026-11-01", **plan):
    out = as_json(profiles, today, make_plan(profile="stoke-on-trent", start="2026-01-12", **plan))
    return [r for r in rows(out, "milestone") if r[0] == "line-manager-review"]


def test_insufficient_progress_at_the_review_makes_the_milestone_apply(profiles):
    got = _line_manager(profiles, reviews=STOKE_REVIEWS, progress={2: "insufficient"})
    assert got == [("line-manager-review", "2027-01-09", None, "upcoming")]
    got = _line_manager(
        profiles, today="2027-02-01", reviews=STOKE_REVIEWS, progress={2: "insufficient"}
    )
    assert got == [("line-manager-review", "2027-01-09", None, "overdue")]


def test_sufficient_progress_at_the_review_drops_the_milestone(profiles):
    assert _line_manager(profiles, reviews=STOKE_REVIEWS, progress={2: "sufficient"}) == []


def test_no_progress_recorded_leaves_the_milestone_conditional(profiles):
    got = _line_manager(profiles, reviews=STOKE_REVIEWS)
    assert got == [("line-manager-review", "2027-01-09", None, "conditional")]


def test_review_not_held_yet_leaves_the_milestone_conditional(profiles):
    got = _line_manager(profiles, reviews=[("2026-04-09", "held"), ("2026-10-09", "scheduled")])
    assert got == [("line-manager-review", "2027-01-09", None, "conditional")]


def test_a_review_that_ends_the_plan_drops_the_milestone_whatever_the_progress(profiles):
    got = _line_manager(
        profiles,
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held", "end")],
        progress={2: "insufficient"},
        ended=("2026-10-09", "no_longer_at_risk"),
    )
    assert got == []


def test_progress_does_not_matter_to_an_unconditional_milestone(profiles):
    # Stoke's senior manager review follows any "continue" at review #3
    out = as_json(
        profiles,
        "2026-11-01",
        make_plan(
            profile="stoke-on-trent",
            start="2025-01-12",
            reviews=[("2025-04-09", "held"), ("2025-10-09", "held"), ("2026-04-09", "held")],
            progress={3: "sufficient"},
        ),
    )
    assert ("senior-manager-review", "2026-07-09", None, "overdue") in rows(out, "milestone")


def test_legal_planning_meeting_needs_insufficient_progress_at_15_months(profiles):
    reviews = [("2026-04-09", "held"), ("2026-10-09", "held"), ("2027-04-14", "held")]
    base = {"profile": "twenty-one-month-policy", "start": "2026-01-12", "reviews": reviews}
    for progress, want in (
        ("insufficient", [("legal-planning-meeting", "2027-04-28", None, "upcoming")]),
        ("sufficient", []),
        (None, [("legal-planning-meeting", "2027-04-28", None, "conditional")]),
    ):
        plan = make_plan(**base, progress={3: progress} if progress else None)
        got = list(rows(as_json(profiles, "2027-04-20", plan), "milestone"))
        assert [r for r in got if r[0] == "legal-planning-meeting"] == want, progress


# --- 3. conditional milestones on ended plans ---------------------------------------------------


def test_an_ended_plan_lists_a_still_conditional_milestone_only_if_done(profiles):
    reviews = [("2026-04-09", "held"), ("2026-10-09", "held"), ("2026-12-01", "held", "end")]
    plan = make_plan(
        profile="stoke-on-trent",
        start="2026-01-12",
        reviews=reviews,
        ended=("2026-12-01", "no_longer_at_risk"),
    )
    assert "line-manager-review" not in milestone_ids(as_json(profiles, "2027-01-01", plan))
    plan["milestones_done"] = [{"id": "line-manager-review", "date": "2026-11-20"}]
    assert rows(as_json(profiles, "2027-01-01", plan), "milestone") == [
        ("line-manager-review", "2027-01-09", "2026-11-20", "done")
    ]


# --- 4. nothing projected past the 18th birthday --------------------------------------------------


def test_the_projected_review_is_due_by_the_18th_birthday(profiles):
    # case C5 of the audit: the next review would be due a month after the birthday
    plan = make_plan(start="2026-01-05", reviews=[("2026-04-01", "held")], dob="2008-09-01")
    out = as_json(profiles, "2026-06-01", plan)
    assert out["next_review_conference"] == {
        "number": 2,
        "due": "2026-09-01",
        "date": None,
        "status": "upcoming",
    }


def test_a_projected_review_due_before_the_birthday_is_unchanged(profiles):
    plan = make_plan(start="2026-01-05", reviews=[("2026-04-01", "held")], dob="2008-12-01")
    out = as_json(profiles, "2026-06-01", plan)
    assert out["next_review_conference"]["due"] == "2026-10-01"


def test_no_projected_core_group_after_the_18th_birthday(profiles):
    plan = make_plan(
        profile="west-sussex",
        start="2026-01-05",
        meetings=[("2026-01-15", "held"), ("2026-07-20", "held")],
        dob="2008-08-01",
    )
    out = as_json(profiles, "2026-07-25", plan)
    # the next one would be due on 31 August 2026, after the birthday
    assert out["next_core_group"] is None
    assert [r[0] for r in rows(out, "core_group")] == [1, 2]
    plan["core_group_meetings"].append({"date": "2026-08-20", "status": "scheduled"})
    out = as_json(profiles, "2026-07-25", plan)
    assert out["next_core_group"]["date"] == "2026-08-20"  # recorded ones are always listed


def test_no_profile_milestone_after_the_18th_birthday(profiles):
    # case C18 of the audit: West Sussex, the 16-month review falls after the birthday
    plan = make_plan(profile="west-sussex", start="2026-01-05", dob="2008-08-01")
    out = as_json(profiles, "2026-02-01", plan)
    assert milestone_ids(out) == ["eighteenth-birthday"]
    plan["child"]["date_of_birth"] = "2009-01-01"  # 18 on 1 January 2027: the 9-month one fits
    assert milestone_ids(as_json(profiles, "2026-02-01", plan)) == [
        "group-manager-review",
        "eighteenth-birthday",
    ]


def test_no_conditional_milestone_after_the_18th_birthday(profiles):
    plan = make_plan(
        profile="stoke-on-trent",
        start="2025-06-02",
        reviews=[("2025-09-01", "held"), ("2026-03-02", "scheduled")],
        dob="2008-05-01",
    )
    # the line manager review would be conditional, due 2 June 2026: after 1 May 2026
    assert "line-manager-review" not in milestone_ids(as_json(profiles, "2026-01-10", plan))


def test_recorded_conferences_after_the_birthday_are_still_listed(profiles):
    plan = make_plan(
        start="2026-01-05",
        reviews=[("2026-04-01", "held"), ("2026-09-10", "scheduled")],
        dob="2008-09-01",
    )
    out = as_json(profiles, "2026-06-01", plan)
    assert rows(out, "review_conference")[-1] == (2, "2026-10-01", "2026-09-10", "scheduled")


def test_without_a_date_of_birth_nothing_is_cut(profiles):
    plan = make_plan(profile="west-sussex", start="2026-01-05")
    assert milestone_ids(as_json(profiles, "2026-02-01", plan)) == [
        "group-manager-review",
        "group-manager-review-16",
    ]


# --- 5. england: no core group interval ----------------------------------------------------------


def test_england_projects_only_the_first_core_group(profiles):
    out = as_json(profiles, "2026-01-13", make_plan(start="2026-01-12"))
    assert rows(out, "core_group") == [(1, "2026-01-26", None, "upcoming")]


def test_england_recorded_meetings_after_the_first_have_no_due_date(profiles):
    plan = make_plan(
        start="2026-01-12",
        meetings=[("2026-01-20", "held"), ("2026-03-30", "held"), ("2026-06-01", "scheduled")],
    )
    out = as_json(profiles, "2026-05-01", plan)
    assert rows(out, "core_group") == [
        (1, "2026-01-26", "2026-01-20", "held"),
        (2, None, "2026-03-30", "held"),
        (3, None, "2026-06-01", "scheduled"),
    ]
    assert out["next_core_group"] == {
        "number": 3,
        "due": None,
        "date": "2026-06-01",
        "status": "scheduled",
    }


def test_england_with_no_meeting_booked_has_no_next_core_group(profiles):
    plan = make_plan(start="2026-01-12", meetings=[("2026-01-20", "held")])
    out = as_json(profiles, "2026-05-01", plan)
    assert out["next_core_group"] is None
    assert rows(out, "core_group") == [(1, "2026-01-26", "2026-01-20", "held")]


# --- 6. transfer-in plans -----------------------------------------------------------


def transfer_plan(**extra):
    plan = make_plan(profile="west-sussex", start="2026-02-10", **extra)
    plan["format"] = "cp-plan/2"
    plan["conferences"][0]["kind"] = "transfer_in"
    plan["on_plan_since"] = "2025-11-03"
    return plan


def test_transfer_in_starts_the_schedule_here_and_counts_time_from_on_plan_since(profiles):
    out = as_json(profiles, "2026-03-01", transfer_plan())
    assert (out["started"], out["transferred_in"]) == ("2025-11-03", "2026-02-10")
    assert out["age"] == {"months": 3, "days": 26}
    assert out["events"][0] == {
        "kind": "transfer_in_conference",
        "date": "2026-02-10",
        "status": "held",
    }
    # the schedule counts from the transfer-in conference
    assert out["next_review_conference"]["due"] == "2026-05-10"
    assert out["next_core_group"]["due"] == "2026-02-24"
    # at_months milestones count from on_plan_since
    assert rows(out, "milestone")[:2] == [
        ("group-manager-review", "2026-08-03", None, "upcoming"),
        ("group-manager-review-16", "2027-03-03", None, "upcoming"),
    ]


def test_transfer_in_drops_at_months_milestones_before_the_transfer(profiles):
    plan = transfer_plan()
    plan["on_plan_since"] = "2025-03-03"  # 9 months on 3 December 2025: before the transfer
    out = as_json(profiles, "2026-03-01", plan)
    assert rows(out, "milestone") == [("group-manager-review-16", "2026-07-03", None, "upcoming")]


def test_a_plan_that_began_here_has_no_transfer(profiles):
    out = as_json(profiles, "2026-03-01", make_plan(start="2026-02-10"))
    assert out["transferred_in"] is None and out["started"] == "2026-02-10"
    assert out["events"][0]["kind"] == "initial_conference"
