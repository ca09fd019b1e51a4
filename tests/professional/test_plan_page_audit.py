"""The workspace's plan page for the domain audit's timeline findings: the 24-month
conference named as exceptional (L1), and a manager's review never recorded on an ended
plan shown as not recorded rather than overdue (L15)."""

import datetime as dt

from bs4 import BeautifulSoup

from portal import clock
from portal.models import Plan, db
from tests.family.plans import held_reviews, initial, record


def timeline_rows(client, reference):
    page = client.get(f"/en/professional/plans/{reference}")
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    return [" ".join(tr.get_text(" ").split()) for tr in soup.select("tr")]


def test_an_unrecorded_managers_review_on_an_ended_plan_is_not_recorded(
    client, signed_in, store_plan, monkeypatch
):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 6, 1))
    reviews = held_reviews("2026-04-09", "2026-10-09", "2027-04-08", last_decision="end")
    reviews[1]["progress"] = "insufficient"
    plan = store_plan(
        record(
            profile="stoke-on-trent",
            conferences=[initial("2026-01-12"), *reviews],
            ended={"date": "2027-04-08", "reason": "no_longer_at_risk"},
        ),
        owner=signed_in("manager"),
    )
    row = next(r for r in timeline_rows(client, plan["reference"]) if "Line manager review" in r)
    assert "Not recorded" in row and "Overdue" not in row


def test_the_24_month_conference_is_named_with_when_it_is_held(
    client, signed_in, store_plan, monkeypatch
):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 11, 1))
    reviews = held_reviews("2026-04-09", "2026-10-09", "2027-04-09", "2027-10-08")
    plan = store_plan(
        record(profile="twenty-one-month-policy", conferences=[initial("2026-01-12"), *reviews]),
        owner=signed_in("manager"),
    )
    row = next(r for r in timeline_rows(client, plan["reference"]) if "Review conference 5" in r)
    assert "24-month conference" in row
    assert "only in exceptional circumstances" in row


def test_an_open_plan_after_the_21_month_review_still_needs_a_review_within_6_months(
    client, signed_in, store_plan, monkeypatch
):
    """Working Together 2023: the reviews of an open plan are no more than six months
    apart, whatever the local aim for the 24-month conference."""
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 5, 1))
    reviews = held_reviews("2025-04-01", "2025-10-01", "2026-04-01", "2026-10-01")
    plan = store_plan(
        record(profile="twenty-one-month-policy", conferences=[initial("2025-01-01"), *reviews]),
        owner=signed_in("manager"),
    )
    row = next(r for r in timeline_rows(client, plan["reference"]) if "Review conference 5" in r)
    assert "a review must still be held by 1 Apr 2027" in row


def policy_after_the_21_month_review():
    reviews = held_reviews("2025-04-01", "2025-10-01", "2026-04-01", "2026-10-01")
    return record(profile="twenty-one-month-policy", conferences=[initial("2025-01-01"), *reviews])


def test_past_the_24_month_aim_a_worker_sees_the_review_limit_as_what_is_due(
    app, client, signed_in, store_plan, monkeypatch
):
    """The aim (1 January 2027) has passed, the review limit (1 April 2027) has not: the
    contract's JSON says "overdue", but the workspace says the aim has passed and gives
    the limit as the date to act on, on the plan page and in the stored due date."""
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 2, 1))
    plan = store_plan(policy_after_the_21_month_review(), owner=signed_in("manager"))
    row = next(r for r in timeline_rows(client, plan["reference"]) if "Review conference 5" in r)
    assert "Aim date passed" in row and "Overdue" not in row
    # The date to act on first, then the aim.
    assert row.index("1 Apr 2027") < row.index("Aim: 1 Jan 2027")

    # The plan list, the dashboard and the reminders count from the stored due date.
    with app.app_context():
        stored = db.session.get(Plan, plan["id"])
        assert stored.next_review_due == dt.date(2027, 4, 1)

    # Past the limit, the review is overdue, in both places.
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 4, 2))
    row = next(r for r in timeline_rows(client, plan["reference"]) if "Review conference 5" in r)
    assert "Overdue" in row and "Aim date passed" not in row
