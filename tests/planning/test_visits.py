"""Statutory visits read from the record: the last one, and when the next is due."""

import datetime as dt

from portal.planning.visits import visit_columns, visit_summary

D = dt.date.fromisoformat


def _record(**changes) -> dict:
    base = {
        "conferences": [{"kind": "initial", "date": "2026-03-02", "status": "held"}],
        "visits": {"every_days": 10, "unannounced": None},
        "visit_log": [],
        "ended": None,
    }
    return base | changes


def test_the_first_visit_is_due_a_frequency_after_the_plan_began():
    summary = visit_summary(_record())
    assert (summary.last, summary.seen_alone, summary.next_due) == (None, None, D("2026-03-12"))
    assert not summary.overdue_on(D("2026-03-12"))
    assert summary.overdue_on(D("2026-03-13"))


def test_the_latest_visit_counts_whatever_order_they_were_typed_in():
    log = [
        {"date": "2026-04-20", "seen_alone": True},
        {"date": "2026-04-02", "seen_alone": False},
        {"date": "2026-03-11", "seen_alone": None},
    ]
    summary = visit_summary(_record(visit_log=log))
    assert (summary.last, summary.seen_alone) == (D("2026-04-20"), True)
    assert summary.next_due == D("2026-04-30")


def test_a_transferred_in_plan_counts_from_its_transfer_in_conference():
    conferences = [{"kind": "transfer_in", "date": "2026-05-04", "status": "held"}]
    assert visit_summary(_record(conferences=conferences)).next_due == D("2026-05-14")


def test_nothing_is_due_without_a_frequency_or_once_ended():
    assert visit_summary(_record(visits=None)).next_due is None
    assert visit_summary(_record(visits={"every_days": None})).next_due is None
    ended = _record(
        visit_log=[{"date": "2026-04-02", "seen_alone": False}],
        ended={"date": "2026-06-01", "reason": "moved_area"},
    )
    summary = visit_summary(ended)
    assert summary.next_due is None
    assert summary.last == D("2026-04-02")  # the last visit is still known
    assert visit_columns(ended) == {
        "last_visit": D("2026-04-02"),
        "last_visit_seen_alone": False,
        "next_visit_due": None,
    }
