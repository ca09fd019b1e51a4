"""The review conferences a timeline lists and projects: due dates, numbers, intervals."""

import pytest

from .helpers import as_json, brief, rows, timeline


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
