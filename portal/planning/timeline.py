"""Turn a plan record and a procedure profile into a timeline.

The rules are those of ``timeline-rules.md``; every interpretation beyond it is
written down in ``docs/timeline-decisions.md``. :func:`compute_timeline` returns
dataclasses holding real ``date`` objects for the web views; :func:`timeline_to_json`
gives the JSON object of the contract (CLI and professional API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from .dates import add_months, age_between, eighteenth_birthday
from .profiles import EIGHTEENTH_BIRTHDAY, Milestone, Profile
from .record import PlanRecord

__all__ = [
    "EVENT_KINDS",
    "Event",
    "Timeline",
    "compute_timeline",
    "timeline_to_json",
]

#: Event kinds, in the order used to break ties between events on the same day.
EVENT_KINDS = ("initial_conference", "review_conference", "core_group", "milestone", "plan_end")
_KIND_ORDER = {kind: n for n, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True)
class Event:
    """One line of the timeline.

    ``status`` is one of ``held``, ``scheduled``, ``cancelled`` (as recorded),
    ``upcoming`` / ``overdue`` (projected items and milestones), ``done`` or
    ``conditional`` (milestones). ``projected`` is true for the review and the
    core group meeting the timeline adds after the last recorded one.
    ``record_index`` is the item's index in the record's list (``conferences``,
    ``core_group_meetings`` or ``milestones_done``), or None.
    """

    kind: str
    status: str
    today: date = field(repr=False, compare=False)
    date: date | None = None
    due: date | None = None
    number: int | None = None
    id: str | None = None
    decision: str | None = None
    reason: str | None = None
    time: time | None = None
    place: str | None = None
    milestone: Milestone | None = None
    projected: bool = False
    record_index: int | None = None

    @property
    def when(self) -> date:
        """The date that places the event on the timeline: its date, else its due date."""
        return self.date if self.date is not None else self.due

    @property
    def is_past_unconfirmed(self) -> bool:
        """Recorded as scheduled, but its date has passed: the record needs updating."""
        return self.status == "scheduled" and self.date is not None and self.date < self.today

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def is_conditional(self) -> bool:
        return self.status == "conditional"


@dataclass(frozen=True)
class Timeline:
    reference: str
    profile_id: str
    today: date
    started: date
    ended: date | None
    end_reason: str | None
    age_months: int
    age_days: int
    next_review_conference: Event | None
    next_core_group: Event | None
    events: tuple[Event, ...]
    profile: Profile = field(repr=False, compare=False)

    @property
    def status(self) -> str:
        return "open" if self.ended is None else "ended"

    @property
    def is_open(self) -> bool:
        return self.ended is None

    @property
    def age(self) -> tuple[int, int]:
        """(whole months, remaining days) from the start to the end, or to today."""
        return (self.age_months, self.age_days)

    @property
    def overdue_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.status == "overdue")

    @property
    def upcoming_events(self) -> tuple[Event, ...]:
        return tuple(
            e
            for e in self.events
            if e.status in ("upcoming", "scheduled", "conditional") and e.when >= self.today
        )

    @property
    def past_unconfirmed_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.is_past_unconfirmed)

    @property
    def milestones(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == "milestone")

    def of_kind(self, kind: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == kind)


def _due_status(due: date, today: date) -> str:
    return "upcoming" if due >= today else "overdue"


def _numbered_series(
    items: list[tuple[int, Any]],
    kind: str,
    today: date,
    first_due: Callable[[], date],
    next_due: Callable[[date, int], date],
    project: bool,
    make_extra: Callable[[Any], dict[str, Any]],
) -> tuple[list[Event], list[Event], date | None]:
    """Number recorded held/scheduled items, compute due dates, project one more.

    ``items`` are (record index, item) pairs sorted by date. ``next_due(anchor, n)``
    gives the due date of item n+1 from the anchor of item n. Returns all events
    of the series, the numbered ones (including a projected one) and the anchor
    of the last numbered one.
    """
    events: list[Event] = []
    numbered: list[Event] = []
    anchor: date | None = None
    for index, item in items:
        extra = make_extra(item)
        if item.status == "cancelled":
            events.append(
                Event(kind, "cancelled", today, date=item.date, record_index=index, **extra)
            )
            continue
        n = len(numbered) + 1
        due = first_due() if anchor is None else next_due(anchor, n - 1)
        ev = Event(
            kind, item.status, today, date=item.date, due=due, number=n, record_index=index, **extra
        )
        events.append(ev)
        numbered.append(ev)
        anchor = item.date
    if project:
        n = len(numbered) + 1
        due = first_due() if anchor is None else next_due(anchor, n - 1)
        ev = Event(kind, _due_status(due, today), today, due=due, number=n, projected=True)
        events.append(ev)
        numbered.append(ev)
    return events, numbered, anchor


def compute_timeline(record: PlanRecord, profile: Profile, today: date) -> Timeline:
    """The timeline of ``record`` under ``profile`` as seen on ``today``.

    ``profile`` must be the record's profile (``record.profile == profile.id``).
    """
    if record.profile != profile.id:
        raise ValueError(f"record uses profile {record.profile!r}, not {profile.id!r}")
    initial_index, initial = next(
        (i, c) for i, c in enumerate(record.conferences) if c.kind == "initial"
    )
    start = initial.date
    ended = record.ended
    end = ended.date if ended is not None else None
    is_open = ended is None

    events: list[Event] = [
        Event("initial_conference", "held", today, date=start, record_index=initial_index)
    ]

    # review conferences
    reviews = sorted(
        ((i, c) for i, c in enumerate(record.conferences) if c.kind == "review"),
        key=lambda pair: (pair[1].date, pair[0]),
    )
    review_events, numbered_reviews, last_review_anchor = _numbered_series(
        reviews,
        "review_conference",
        today,
        first_due=lambda: add_months(start, profile.first_review_months),
        next_due=lambda anchor, n: add_months(anchor, profile.interval_after(n)),
        project=is_open,
        make_extra=lambda c: {"decision": c.decision if c.status == "held" else None},
    )
    events.extend(review_events)

    # core group meetings
    meetings = sorted(enumerate(record.core_group_meetings), key=lambda p: (p[1].date, p[0]))
    interval = timedelta(weeks=profile.core_group_max_interval_weeks)
    group_events, numbered_groups, _ = _numbered_series(
        meetings,
        "core_group",
        today,
        first_due=lambda: profile.first_core_group.after(start),
        next_due=lambda anchor, n: anchor + interval,
        project=is_open,
        make_extra=lambda m: {"time": m.time, "place": m.place},
    )
    events.extend(group_events)

    # milestones
    done = {m.id: (i, m.date) for i, m in enumerate(record.milestones_done)}
    recorded_reviews = [e for e in numbered_reviews if not e.projected]

    def review_anchor(number: int) -> date:
        """Anchor of review #number; unrecorded ones projected in turn."""
        if number <= len(recorded_reviews):
            return recorded_reviews[number - 1].date
        n = len(recorded_reviews)
        anchor = last_review_anchor if last_review_anchor is not None else start
        while n < number:
            anchor = add_months(anchor, profile.interval_after(n))
            n += 1
        return anchor

    for milestone in profile.milestones:
        conditional = False
        if milestone.at_months is not None:
            due = add_months(start, milestone.at_months)
        else:
            number = milestone.after_review
            review = recorded_reviews[number - 1] if number <= len(recorded_reviews) else None
            if review is not None and review.status == "held":
                if review.decision == "end" and milestone.id not in done:
                    continue
                due = milestone.within.after(review.date)
            else:
                if not is_open and milestone.id not in done:
                    continue
                due = milestone.within.after(review_anchor(number))
                conditional = True
        event = _milestone_event(milestone, due, conditional, done, today, end)
        if event is not None:
            events.append(event)

    if record.child.date_of_birth is not None:
        birthday = eighteenth_birthday(record.child.date_of_birth)
        builtin = profile.milestone(EIGHTEENTH_BIRTHDAY)
        if builtin is not None and (birthday >= start or EIGHTEENTH_BIRTHDAY in done):
            event = _milestone_event(builtin, birthday, False, done, today, end)
            if event is not None:
                events.append(event)

    if ended is not None:
        events.append(Event("plan_end", "held", today, date=end, reason=ended.reason))

    events.sort(key=lambda e: (e.when, _KIND_ORDER[e.kind]))

    def next_of(numbered: list[Event]) -> Event | None:
        if not is_open:
            return None
        return next((e for e in numbered if e.status != "held"), None)

    age_end = end if end is not None else today
    months, days = age_between(start, age_end)
    return Timeline(
        reference=record.reference,
        profile_id=profile.id,
        today=today,
        started=start,
        ended=end,
        end_reason=ended.reason if ended is not None else None,
        age_months=months,
        age_days=days,
        next_review_conference=next_of(numbered_reviews),
        next_core_group=next_of(numbered_groups),
        events=tuple(events),
        profile=profile,
    )


def _milestone_event(
    milestone: Milestone,
    due: date,
    conditional: bool,
    done: dict[str, tuple[int, date]],
    today: date,
    end: date | None,
) -> Event | None:
    if milestone.id in done:
        index, done_date = done[milestone.id]
        return Event(
            "milestone",
            "done",
            today,
            date=done_date,
            due=due,
            id=milestone.id,
            milestone=milestone,
            record_index=index,
        )
    if end is not None and due > end:
        return None  # the plan had ended before this point
    status = "conditional" if conditional else _due_status(due, today)
    return Event("milestone", status, today, due=due, id=milestone.id, milestone=milestone)


# --- JSON --------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _event_json(e: Event) -> dict[str, Any]:
    if e.kind == "initial_conference":
        return {"kind": e.kind, "date": _iso(e.date), "status": e.status}
    if e.kind == "plan_end":
        return {"kind": e.kind, "date": _iso(e.date), "status": e.status, "reason": e.reason}
    if e.kind == "milestone":
        return {
            "kind": e.kind,
            "id": e.id,
            "due": _iso(e.due),
            "date": _iso(e.date),
            "status": e.status,
        }
    out = {
        "kind": e.kind,
        "number": e.number,
        "due": _iso(e.due),
        "date": _iso(e.date),
        "status": e.status,
    }
    if e.kind == "review_conference" and e.status == "held":
        out["decision"] = e.decision
    return out


def _next_json(e: Event | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"number": e.number, "due": _iso(e.due), "date": _iso(e.date), "status": e.status}


def timeline_to_json(timeline: Timeline) -> dict[str, Any]:
    """The timeline as the JSON object of ``timeline-rules.md`` (keys in its order)."""
    return {
        "reference": timeline.reference,
        "profile": timeline.profile_id,
        "today": timeline.today.isoformat(),
        "status": timeline.status,
        "started": timeline.started.isoformat(),
        "ended": _iso(timeline.ended),
        "age": {"months": timeline.age_months, "days": timeline.age_days},
        "next_review_conference": _next_json(timeline.next_review_conference),
        "next_core_group": _next_json(timeline.next_core_group),
        "events": [_event_json(e) for e in timeline.events],
    }
