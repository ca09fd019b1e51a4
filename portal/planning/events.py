"""The timeline's values: its events and the timeline itself (``timeline.py`` makes them).

The kinds and statuses are the strings of the timeline contract (``timeline-rules.md``);
as ``StrEnum`` members they compare equal to those strings and print as them, so the
JSON and the templates see exactly the contract's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from datetime import time as Time
from enum import StrEnum
from typing import Final

from .format.vocabulary import Decision, EndReason, Progress
from .profiles import ExceptionalReview, Milestone, Profile

__all__ = [
    "EVENT_KINDS",
    "KIND_ORDER",
    "NOT_RECORDED",
    "Event",
    "EventKind",
    "EventStatus",
    "PlanStatus",
    "Timeline",
    "due_status",
]


class EventKind(StrEnum):
    """What a line of the timeline is, in the order used to break ties between events
    on the same day."""

    INITIAL_CONFERENCE = "initial_conference"
    TRANSFER_IN_CONFERENCE = "transfer_in_conference"
    REVIEW_CONFERENCE = "review_conference"
    CORE_GROUP = "core_group"
    MILESTONE = "milestone"
    PLAN_END = "plan_end"


class EventStatus(StrEnum):
    """Held, scheduled or cancelled as recorded; upcoming or overdue (projected items
    and milestones); done or conditional (milestones)."""

    HELD = "held"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    UPCOMING = "upcoming"
    OVERDUE = "overdue"
    DONE = "done"
    CONDITIONAL = "conditional"


class PlanStatus(StrEnum):
    OPEN = "open"
    ENDED = "ended"


#: Event kinds in tie-break order, as the contract's strings.
EVENT_KINDS = tuple(kind.value for kind in EventKind)
KIND_ORDER = {kind: n for n, kind in enumerate(EventKind)}
#: The status a person sees for an ``unrecorded`` milestone; never in the contract's JSON.
NOT_RECORDED: Final = "not_recorded"
#: Statuses of what is still to come (``Timeline.upcoming_events``).
_AHEAD = (EventStatus.UPCOMING, EventStatus.SCHEDULED, EventStatus.CONDITIONAL)


@dataclass(frozen=True)
class Event:
    """One line of the timeline.

    ``status``: see :class:`EventStatus`. ``projected`` is true for the review and the
    core group meeting the timeline adds after the last recorded one.
    ``record_index`` is the item's index in the record's list (``conferences``,
    ``core_group_meetings`` or ``milestones_done``), or None.
    ``review_number`` (``after_review`` milestones) is the review the milestone
    hangs on. ``unrecorded`` marks a milestone of an ended plan that fell due and
    was not recorded as done: ``overdue`` by the contract's JSON, but nothing is
    late on a plan that is over, so views show it as not recorded (audit L15).
    ``chair`` is the conference chair's name as recorded (conferences only); like
    ``time`` and ``place`` it is for people, not the contract's JSON.
    ``exceptional`` is the profile's ``exceptional_review`` on the review
    conference the procedure holds only in exceptional circumstances (audit L1),
    else None. ``review_required_by`` is set on such a conference while it is only
    projected on an open plan: whatever the local aim, a review must still be held
    no more than six months after the last one (Working Together 2023).
    ``by_eighteenth_birthday`` marks a projected item due by the 18th birthday: once
    that has passed, the plan should have ended at the review around it.
    ``after_late_review`` marks a conditional milestone whose review is past its date
    and not held: its due date counts from a review that has not happened.
    ``reviews_counted_here`` marks an ``after_review`` milestone of a transferred-in
    plan: its reviews are counted from the transfer-in conference, not from the
    start of time on a plan (timeline rules v2), which local rules may see otherwise.
    """

    kind: EventKind
    status: EventStatus
    today: Date = field(repr=False, compare=False)
    date: Date | None = None
    due: Date | None = None
    number: int | None = None
    id: str | None = None
    decision: Decision | None = None
    progress: Progress | None = None
    reason: EndReason | None = None
    time: Time | None = None
    place: str | None = None
    chair: str | None = None
    milestone: Milestone | None = None
    projected: bool = False
    record_index: int | None = None
    review_number: int | None = None
    unrecorded: bool = False
    exceptional: ExceptionalReview | None = None
    review_required_by: Date | None = None
    by_eighteenth_birthday: bool = False
    after_late_review: bool = False
    reviews_counted_here: bool = False

    @property
    def is_required_review_overdue(self) -> bool:
        """A review held only if needed whose six-month limit has passed."""
        return self.review_required_by is not None and self.review_required_by < self.today

    @property
    def when(self) -> Date:
        """The date that places the event on the timeline: its date, else its due date
        (every event has one or the other)."""
        when = self.date if self.date is not None else self.due
        if when is None:
            raise ValueError(f"a {self.kind} event with neither a date nor a due date")
        return when

    @property
    def is_past_unconfirmed(self) -> bool:
        """Recorded as scheduled, but its date has passed: the record needs updating."""
        return (
            self.status == EventStatus.SCHEDULED
            and self.date is not None
            and self.date < self.today
        )

    @property
    def is_overdue(self) -> bool:
        return self.status == EventStatus.OVERDUE and not self.unrecorded

    @property
    def shown_status(self) -> str:
        """The status a person sees: ``not_recorded`` for an ``unrecorded`` milestone."""
        return NOT_RECORDED if self.unrecorded else self.status

    @property
    def is_conditional(self) -> bool:
        return self.status == EventStatus.CONDITIONAL


@dataclass(frozen=True)
class Timeline:
    reference: str
    profile_id: str
    today: Date
    started: Date
    transferred_in: Date | None
    ended: Date | None
    end_reason: EndReason | None
    age_months: int
    age_days: int
    next_review_conference: Event | None
    next_core_group: Event | None
    events: tuple[Event, ...]
    profile: Profile = field(repr=False, compare=False)
    birthday: Date | None = None

    @property
    def status(self) -> PlanStatus:
        return PlanStatus.OPEN if self.ended is None else PlanStatus.ENDED

    @property
    def is_open(self) -> bool:
        return self.ended is None

    @property
    def age(self) -> tuple[int, int]:
        """(whole months, remaining days) on a plan (from on_plan_since for a
        transferred-in plan) to the end, or to today."""
        return (self.age_months, self.age_days)

    @property
    def overdue_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.is_overdue)

    @property
    def upcoming_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.status in _AHEAD and e.when >= self.today)

    @property
    def past_unconfirmed_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.is_past_unconfirmed)

    @property
    def milestones(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == EventKind.MILESTONE)

    def of_kind(self, kind: EventKind) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == kind)


def due_status(due: Date, today: Date) -> EventStatus:
    return EventStatus.UPCOMING if due >= today else EventStatus.OVERDUE
