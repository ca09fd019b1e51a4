"""The timeline's values: its events and the timeline itself (``timeline.py`` makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from .profiles import ExceptionalReview, Milestone, Profile

__all__ = ["EVENT_KINDS", "KIND_ORDER", "Event", "Timeline", "due_status"]

#: Event kinds, in the order used to break ties between events on the same day.
EVENT_KINDS = (
    "initial_conference",
    "transfer_in_conference",
    "review_conference",
    "core_group",
    "milestone",
    "plan_end",
)
KIND_ORDER = {kind: n for n, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True)
class Event:
    """One line of the timeline.

    ``status`` is one of ``held``, ``scheduled``, ``cancelled`` (as recorded),
    ``upcoming`` / ``overdue`` (projected items and milestones), ``done`` or
    ``conditional`` (milestones). ``projected`` is true for the review and the
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

    kind: str
    status: str
    today: date = field(repr=False, compare=False)
    date: date | None = None
    due: date | None = None
    number: int | None = None
    id: str | None = None
    decision: str | None = None
    progress: str | None = None
    reason: str | None = None
    time: time | None = None
    place: str | None = None
    chair: str | None = None
    milestone: Milestone | None = None
    projected: bool = False
    record_index: int | None = None
    review_number: int | None = None
    unrecorded: bool = False
    exceptional: ExceptionalReview | None = None
    review_required_by: date | None = None
    by_eighteenth_birthday: bool = False
    after_late_review: bool = False
    reviews_counted_here: bool = False

    @property
    def is_required_review_overdue(self) -> bool:
        """A review held only if needed whose six-month limit has passed."""
        return self.review_required_by is not None and self.review_required_by < self.today

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
        return self.status == "overdue" and not self.unrecorded

    @property
    def shown_status(self) -> str:
        """The status a person sees: ``not_recorded`` for an ``unrecorded`` milestone."""
        return "not_recorded" if self.unrecorded else self.status

    @property
    def is_conditional(self) -> bool:
        return self.status == "conditional"


@dataclass(frozen=True)
class Timeline:
    reference: str
    profile_id: str
    today: date
    started: date
    transferred_in: date | None
    ended: date | None
    end_reason: str | None
    age_months: int
    age_days: int
    next_review_conference: Event | None
    next_core_group: Event | None
    events: tuple[Event, ...]
    profile: Profile = field(repr=False, compare=False)
    birthday: date | None = None

    @property
    def status(self) -> str:
        return "open" if self.ended is None else "ended"

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


def due_status(due: date, today: date) -> str:
    return "upcoming" if due >= today else "overdue"
