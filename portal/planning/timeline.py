"""Turn a plan record and a procedure profile into a timeline.

The rules are those of ``timeline-rules.md``; every interpretation beyond it is
written down in ``docs/timeline-decisions.md``. :func:`compute_timeline` returns
dataclasses (``events.py``) holding real ``date`` objects for the web views;
:func:`timeline_to_json` gives the JSON object of the contract (CLI and professional
API). The profile's milestones are placed by ``milestones.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Literal, TypedDict, TypeVar

from .dates import add_months, age_between, eighteenth_birthday
from .events import (
    EVENT_KINDS,
    KIND_ORDER,
    Event,
    EventKind,
    EventStatus,
    PlanStatus,
    Timeline,
    due_status,
)
from .format import Conference, CoreGroupMeeting, PlanRecord
from .format.vocabulary import ConferenceKind, Decision, MeetingStatus, Progress
from .milestones import milestone_event, milestone_events, review_anchors, review_number_for
from .profiles import EIGHTEENTH_BIRTHDAY, Profile

__all__ = [
    "EVENT_KINDS",
    "Event",
    "EventKind",
    "EventStatus",
    "PlanStatus",
    "Timeline",
    "compute_timeline",
    "timeline_to_json",
]

#: Working Together 2023: the reviews of an open plan are no more than six months apart,
#: whatever a local procedure aims for.
NATIONAL_MAX_REVIEW_INTERVAL_MONTHS = 6


#: A recorded conference or core group meeting.
_MeetingT = TypeVar("_MeetingT", Conference, CoreGroupMeeting)


class _MeetingDetails(TypedDict, total=False):
    """What an event keeps of its recorded meeting besides the date and status."""

    decision: Decision | None
    progress: Progress | None
    time: time | None
    place: str | None
    chair: str | None


def _numbered_series(
    items: Sequence[tuple[int, _MeetingT]],
    kind: EventKind,
    today: date,
    due: Callable[[date | None, int], date | None],
    project: bool,
    make_extra: Callable[[_MeetingT], _MeetingDetails],
    limit: date | None,
    beyond_limit: Literal["by_limit", "drop"],
) -> tuple[list[Event], list[Event], date | None]:
    """Number recorded held/scheduled items, compute due dates, project one more.

    ``items`` are (record index, item) pairs sorted by date. ``due(anchor, n)`` gives
    the due date of item n+1 from the anchor of item n (``anchor`` None for item 1),
    or None where there is no due date (then nothing is projected after a recorded
    item). ``limit`` is the 18th birthday of a child on an open plan: a projected item
    due after it is due by it (``by_limit``) or not listed (``drop``). Returns all
    events of the series, the numbered ones (including a projected one) and the
    anchor of the last numbered one.
    """
    events: list[Event] = []
    numbered: list[Event] = []
    anchor: date | None = None
    for index, item in items:
        extra = make_extra(item)
        if item.status == MeetingStatus.CANCELLED:
            events.append(
                Event(
                    kind, EventStatus.CANCELLED, today, date=item.date, record_index=index, **extra
                )
            )
            continue
        n = len(numbered) + 1
        ev = Event(
            kind,
            EventStatus(item.status),
            today,
            date=item.date,
            due=due(anchor, n - 1),
            number=n,
            record_index=index,
            **extra,
        )
        events.append(ev)
        numbered.append(ev)
        anchor = item.date
    if project:
        n = len(numbered) + 1
        next_due = due(anchor, n - 1)
        if next_due is not None and limit is not None and next_due > limit:
            next_due = limit if beyond_limit == "by_limit" else None
            if next_due is not None and anchor is not None and next_due < anchor:
                # a review recorded after the birthday is the one that ends the plan
                next_due = None
        if next_due is not None:
            ev = Event(
                kind,
                due_status(next_due, today),
                today,
                due=next_due,
                number=n,
                projected=True,
                by_eighteenth_birthday=limit is not None and next_due == limit,
            )
            events.append(ev)
            numbered.append(ev)
    return events, numbered, anchor


def _exceptional_review_number(
    profile: Profile,
    start: date,
    since: date,
    numbered_reviews: list[Event],
    last_review_anchor: date | None,
) -> int | None:
    """The number of the review the profile holds only in exceptional circumstances
    (the 21-month policy's 24-month conference: the one after the 21-month
    conference), or None. Its date follows the interval rules like any review's."""
    rule = profile.exceptional_review
    if rule is None:
        return None
    not_before = (
        add_months(since, rule.not_before_months) if rule.not_before_months is not None else None
    )
    anchor_of = review_anchors(profile, start, numbered_reviews, last_review_anchor)
    return review_number_for(rule.after_review, not_before, anchor_of) + 1


def compute_timeline(record: PlanRecord, profile: Profile, today: date) -> Timeline:
    """The timeline of ``record`` under ``profile`` as seen on ``today``.

    ``profile`` must be the record's profile (``record.profile == profile.id``).
    """
    if record.profile != profile.id:
        raise ValueError(f"record uses profile {record.profile!r}, not {profile.id!r}")
    first_index, first = next((i, c) for i, c in enumerate(record.conferences) if c.is_first)
    start = first.date  # S: the schedule counts from here
    since = record.on_plan_from  # P: time on a plan counts from here
    ended = record.ended
    end = ended.date if ended is not None else None
    is_open = ended is None
    birthday = (
        eighteenth_birthday(record.child.date_of_birth)
        if record.child.date_of_birth is not None
        else None
    )
    # Nothing is projected past the 18th birthday of a child on an open plan.
    limit = birthday if is_open else None

    first_kind = (
        EventKind.INITIAL_CONFERENCE
        if first.kind == ConferenceKind.INITIAL
        else EventKind.TRANSFER_IN_CONFERENCE
    )
    events: list[Event] = [
        Event(
            first_kind,
            EventStatus.HELD,
            today,
            date=start,
            record_index=first_index,
            time=first.time,
            place=first.place,
            chair=first.chair,
        )
    ]

    # review conferences
    reviews = sorted(
        ((i, c) for i, c in enumerate(record.conferences) if c.kind == ConferenceKind.REVIEW),
        key=lambda pair: (pair[1].date, pair[0]),
    )

    def review_due(anchor: date | None, n: int) -> date:
        if anchor is None:
            return add_months(start, profile.first_review_months)
        return add_months(anchor, profile.interval_after(n))

    review_events, numbered_reviews, last_review_anchor = _numbered_series(
        reviews,
        EventKind.REVIEW_CONFERENCE,
        today,
        due=review_due,
        project=is_open,
        make_extra=lambda c: {
            "decision": c.decision if c.status == MeetingStatus.HELD else None,
            "progress": c.progress if c.status == MeetingStatus.HELD else None,
            "time": c.time,
            "place": c.place,
            "chair": c.chair,
        },
        limit=limit,
        beyond_limit="by_limit",
    )
    exceptional = _exceptional_review_number(
        profile, start, since, numbered_reviews, last_review_anchor
    )
    if exceptional is not None:
        anchor_of = review_anchors(profile, start, numbered_reviews, last_review_anchor)
        required_by = add_months(anchor_of(exceptional - 1), NATIONAL_MAX_REVIEW_INTERVAL_MONTHS)
        if limit is not None:
            required_by = min(required_by, limit)

        def mark(e: Event) -> Event:
            if e.number != exceptional:
                return e
            return replace(
                e,
                exceptional=profile.exceptional_review,
                review_required_by=required_by if e.projected and is_open else None,
            )

        numbered_reviews = [mark(e) for e in numbered_reviews]
        review_events = [mark(e) for e in review_events]
    events.extend(review_events)

    # core group meetings
    meetings = sorted(enumerate(record.core_group_meetings), key=lambda p: (p[1].date, p[0]))
    weeks = profile.core_group_max_interval_weeks

    def group_due(anchor: date | None, n: int) -> date | None:
        if anchor is None:
            return profile.first_core_group.after(start)
        if weeks is None:
            return None  # no interval: the core group agrees its own rhythm
        return anchor + timedelta(weeks=weeks)

    group_events, numbered_groups, _ = _numbered_series(
        meetings,
        EventKind.CORE_GROUP,
        today,
        due=group_due,
        project=is_open,
        make_extra=lambda m: {"time": m.time, "place": m.place},
        limit=limit,
        beyond_limit="drop",
    )
    events.extend(group_events)

    events.extend(
        milestone_events(
            record, profile, today, start, since, end, limit, numbered_reviews, last_review_anchor
        )
    )

    if birthday is not None:
        done = {m.id: (i, m.date) for i, m in enumerate(record.milestones_done)}
        builtin = profile.milestone(EIGHTEENTH_BIRTHDAY)
        if builtin is not None and (birthday >= start or EIGHTEENTH_BIRTHDAY in done):
            event = milestone_event(builtin, birthday, False, done, today, end)
            if event is not None:
                events.append(event)

    if ended is not None:
        events.append(
            Event(EventKind.PLAN_END, EventStatus.HELD, today, date=end, reason=ended.reason)
        )

    events.sort(key=lambda e: (e.when, KIND_ORDER[e.kind]))

    def next_of(numbered: list[Event]) -> Event | None:
        if not is_open:
            return None
        return next((e for e in numbered if e.status != EventStatus.HELD), None)

    age_end = end if end is not None else today
    months, days = age_between(since, age_end)
    return Timeline(
        reference=record.reference,
        profile_id=profile.id,
        today=today,
        started=since,
        transferred_in=record.transferred_in,
        ended=end,
        end_reason=ended.reason if ended is not None else None,
        age_months=months,
        age_days=days,
        next_review_conference=next_of(numbered_reviews),
        next_core_group=next_of(numbered_groups),
        events=tuple(events),
        profile=profile,
        birthday=birthday,
    )


# --- JSON --------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _event_json(e: Event) -> dict[str, object]:
    if e.kind in (EventKind.INITIAL_CONFERENCE, EventKind.TRANSFER_IN_CONFERENCE):
        return {"kind": e.kind, "date": _iso(e.date), "status": e.status}
    if e.kind == EventKind.PLAN_END:
        return {"kind": e.kind, "date": _iso(e.date), "status": e.status, "reason": e.reason}
    if e.kind == EventKind.MILESTONE:
        return {
            "kind": e.kind,
            "id": e.id,
            "due": _iso(e.due),
            "date": _iso(e.date),
            "status": e.status,
        }
    out: dict[str, object] = {
        "kind": e.kind,
        "number": e.number,
        "due": _iso(e.due),
        "date": _iso(e.date),
        "status": e.status,
    }
    if e.kind == EventKind.REVIEW_CONFERENCE and e.status == EventStatus.HELD:
        out["decision"] = e.decision
    return out


def _next_json(e: Event | None) -> dict[str, object] | None:
    if e is None:
        return None
    return {"number": e.number, "due": _iso(e.due), "date": _iso(e.date), "status": e.status}


def timeline_to_json(timeline: Timeline) -> dict[str, object]:
    """The timeline as the JSON object of ``timeline-rules.md`` (keys in its order)."""
    return {
        "reference": timeline.reference,
        "profile": timeline.profile_id,
        "today": timeline.today.isoformat(),
        "status": timeline.status,
        "started": timeline.started.isoformat(),
        "transferred_in": _iso(timeline.transferred_in),
        "ended": _iso(timeline.ended),
        "age": {"months": timeline.age_months, "days": timeline.age_days},
        "next_review_conference": _next_json(timeline.next_review_conference),
        "next_core_group": _next_json(timeline.next_core_group),
        "events": [_event_json(e) for e in timeline.events],
    }
