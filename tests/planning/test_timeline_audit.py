"""The domain audit's last timeline findings (shared reviews/domain.md): L1 the 24-month
conference is exceptional, L15 nothing is late on an ended plan, M4 escalation points
follow the conference the procedure names by time, not a review brought forward."""

import pytest

from portal.planning import compute_timeline, parse_record, timeline_to_json

from .helpers import d, make_plan
from .timeline_shape import shape_problems

POLICY = "twenty-one-month-policy"


def timeline(profiles, today, plan):
    record = parse_record(plan, profiles)
    return compute_timeline(record, profiles[record.profile], d(today))


def as_json(profiles, today, plan):
    out = timeline_to_json(timeline(profiles, today, plan))
    assert shape_problems(out) == []
    return out


def reviews_of(result):
    return [e for e in result.events if e.kind == "review_conference"]


def milestone(result, milestone_id):
    found = [e for e in result.milestones if e.id == milestone_id]
    assert len(found) <= 1
    return found[0] if found else None


# --- L1: the 21-month policy's 24-month conference -------------------------------------

# Held at 3, 9, 15 and 21 months; the 15-month one found too little progress.
ON_TIME = [
    ("2026-04-09", "held"),
    ("2026-10-09", "held"),
    ("2027-04-09", "held"),
    ("2027-10-08", "held"),
]


def test_the_conference_after_the_21_month_one_is_the_exceptional_24_month_conference(
    profiles,
):
    plan = make_plan(profile=POLICY, reviews=ON_TIME, progress={3: "insufficient"})
    result = timeline(profiles, "2027-11-01", plan)
    *recorded, projected = reviews_of(result)
    assert all(e.exceptional is None for e in recorded)
    assert projected.projected and projected.number == 5
    # its latest date: 3 months after the 21-month conference (the policy's own words)
    assert projected.due == d("2028-01-08")
    rule = projected.exceptional
    assert rule is profiles[POLICY].exceptional_review
    assert rule.name == "24-month conference"
    assert "exceptional" in rule.family and "court" in rule.family
    assert "not been placed before the" in rule.professional
    # The contract's JSON is unchanged: review #5, due 3 months after review #4.
    out = as_json(profiles, "2027-11-01", plan)
    assert out["next_review_conference"] == {
        "number": 5,
        "due": "2028-01-08",
        "date": None,
        "status": "upcoming",
    }


def test_before_the_21_month_conference_the_next_review_is_an_ordinary_one(profiles):
    plan = make_plan(profile=POLICY, reviews=ON_TIME[:3], progress={3: "insufficient"})
    projected = reviews_of(timeline(profiles, "2027-05-01", plan))[-1]
    assert projected.number == 4 and projected.exceptional is None


def test_a_24_month_conference_held_is_still_named_and_the_one_after_it_is_ordinary(profiles):
    held = [*ON_TIME, ("2028-01-06", "held")]
    result = timeline(profiles, "2028-02-01", make_plan(profile=POLICY, reviews=held))
    by_number = {e.number: e for e in reviews_of(result)}
    assert by_number[5].status == "held" and by_number[5].exceptional is not None
    # The policy says nothing after it: the contract's 3 months, and no exceptional label.
    assert by_number[6].projected and by_number[6].exceptional is None
    assert by_number[6].due == d("2028-04-06")


def test_a_review_brought_forward_does_not_make_the_21_month_conference_exceptional(profiles):
    # An extra review at 5 weeks: review #4 is at 16 months, #5 at 22 months is the
    # 21-month conference, and the conference after it is the exceptional one.
    reviews = [
        ("2026-02-16", "held"),
        ("2026-05-11", "held"),
        ("2026-11-11", "held"),
        ("2027-05-11", "held"),
        ("2027-11-10", "held"),
    ]
    result = timeline(profiles, "2027-12-01", make_plan(profile=POLICY, reviews=reviews))
    assert [e.number for e in reviews_of(result) if e.exceptional is not None] == [6]


def test_other_profiles_have_no_exceptional_conference(profiles):
    for profile_id in ("england", "greenwich", "stoke-on-trent", "west-sussex"):
        assert profiles[profile_id].exceptional_review is None
        result = timeline(profiles, "2027-11-01", make_plan(profile=profile_id, reviews=ON_TIME))
        assert all(e.exceptional is None for e in reviews_of(result)), profile_id


# --- L15: an escalation point not recorded on an ended plan is not "overdue" -------------


def stoke_ended(done=()):
    return make_plan(
        profile="stoke-on-trent",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "held"), ("2027-04-08", "held", "end")],
        progress={2: "insufficient"},
        ended=("2027-04-08", "no_longer_at_risk"),
        done=list(done),
    )


def test_an_ended_plans_unrecorded_manager_review_is_not_recorded_rather_than_overdue(profiles):
    result = timeline(profiles, "2027-06-01", stoke_ended())
    review = milestone(result, "line-manager-review")
    assert review.due == d("2027-01-09")
    assert review.unrecorded and not review.is_overdue
    assert review.shown_status == "not_recorded"
    assert result.overdue_events == ()
    # The contract's JSON keeps its status words.
    out = as_json(profiles, "2027-06-01", stoke_ended())
    event = next(e for e in out["events"] if e.get("id") == "line-manager-review")
    assert (event["due"], event["status"]) == ("2027-01-09", "overdue")


def test_the_same_review_on_an_open_plan_is_still_overdue(profiles):
    plan = stoke_ended()
    plan["conferences"].pop()
    plan["ended"] = None
    review = milestone(timeline(profiles, "2027-02-01", plan), "line-manager-review")
    assert review.status == "overdue" and review.is_overdue and not review.unrecorded
    assert review.shown_status == "overdue"


def test_a_manager_review_recorded_as_done_on_an_ended_plan_shows_done(profiles):
    plan = stoke_ended(done=[("line-manager-review", "2026-12-15")])
    review = milestone(timeline(profiles, "2027-06-01", plan), "line-manager-review")
    assert review.status == "done" and review.shown_status == "done"


# --- M4: the review a milestone follows is found by time as well as number --------------


def test_reviews_brought_forward_do_not_move_the_15_month_legal_planning_meeting(profiles):
    # Audit case C12: reviews at 5 weeks and 4 months. Review #3 would come at about
    # 10 months; the 15-month conference is the next one, #4, at about 16 months.
    plan = make_plan(profile=POLICY, reviews=[("2026-02-16", "held"), ("2026-05-12", "held")])
    meeting = milestone(timeline(profiles, "2026-06-01", plan), "legal-planning-meeting")
    assert meeting.status == "conditional"
    assert meeting.review_number == 4
    assert meeting.due == d("2027-05-26")  # 2026-05-12 + 6 + 6 months + 2 weeks


def test_the_legal_planning_meeting_follows_the_review_held_at_about_15_months(profiles):
    reviews = [
        ("2026-02-16", "held"),
        ("2026-05-12", "held"),
        ("2026-11-10", "held"),  # about 10 months: not the 15-month conference
        ("2027-04-12", "held"),  # about 15 months
    ]
    for progress, want in (("insufficient", "upcoming"), ("sufficient", None)):
        plan = make_plan(profile=POLICY, reviews=reviews, progress={3: "insufficient", 4: progress})
        meeting = milestone(timeline(profiles, "2027-04-20", plan), "legal-planning-meeting")
        if want is None:
            assert meeting is None
        else:
            assert (meeting.status, meeting.due, meeting.review_number) == (
                want,
                d("2027-04-26"),
                4,
            )


def test_reviews_on_time_keep_the_numbered_review(profiles):
    plan = make_plan(profile=POLICY, reviews=ON_TIME[:3], progress={3: "insufficient"})
    meeting = milestone(timeline(profiles, "2027-04-10", plan), "legal-planning-meeting")
    assert (meeting.review_number, meeting.due, meeting.status) == (
        3,
        d("2027-04-23"),
        "upcoming",
    )


@pytest.mark.parametrize(
    ("second_review", "hangs_on"),
    [
        ("2026-05-12", 3),  # 4 months: not "the third review (around 9 months)"
        ("2026-08-12", 2),  # 7 months (audit case C4): around 9 months, C11's number
    ],
)
def test_stokes_line_manager_review_follows_the_review_at_about_nine_months(
    profiles, second_review, hangs_on
):
    plan = make_plan(
        profile="stoke-on-trent", reviews=[("2026-02-23", "held"), (second_review, "held")]
    )
    review = milestone(timeline(profiles, "2026-09-01", plan), "line-manager-review")
    assert review.status == "conditional" and review.review_number == hangs_on
