"""Which reminders are due at a moment: pure rules, no Flask and no database.

A reminder goes out for a booked meeting (a conference or core group meeting with a
date): the day before (24 hours before a meeting with a time; 9am the day before one
without), and for text messages, if the member asked, two hours before. A reminder that
is late still goes out until the meeting starts, never after. When a meeting changes or
is cancelled after a reminder went out, one correction goes out. A failed send is tried
again with growing gaps until the meeting starts, at most five times.

Each reminder is named by (meeting, purpose, fingerprint): the fingerprint is a hash of
the date, time and place the message states, so a second run finds the row of the
first and sends nothing twice, and a moved meeting is a new reminder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from portal import clock
from portal.models.outgoing import DeliveryStatus
from portal.planning import EventKind, EventStatus

DAY_BEFORE = "day-before"
TWO_HOURS = "two-hours"
CORRECTION = "correction"
CANCELLED = "cancelled"  # the fingerprint of a meeting that is off

# A meeting booked without a time: reminded at 9am the day before, and no longer after
# 9am on the day (by then it may be over).
UNTIMED_REMINDER_HOUR = dt.time(9, 0)
MAX_ATTEMPTS = 5
FIRST_RETRY = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class BookedMeeting:
    """A meeting as a reminder states it. `key` is the calendar's ("review-conference-2")."""

    key: str
    kind: EventKind
    date: dt.date
    time: dt.time | None
    place: str | None
    cancelled: bool = False

    @property
    def starts(self) -> dt.datetime:
        """When the meeting starts (UTC, naive, as the database keeps times); for one
        without a time, when it stops being worth reminding: 9am that day."""
        return clock.in_england(self.date, self.time or UNTIMED_REMINDER_HOUR)

    @property
    def fingerprint(self) -> str:
        if self.cancelled:
            return CANCELLED
        stated = f"{self.date.isoformat()}|{self.time or ''}|{self.place or ''}"
        return hashlib.sha256(stated.encode("utf-8")).hexdigest()[:32]

    def reminder_at(self, purpose: str) -> dt.datetime:
        if purpose == TWO_HOURS:
            return self.starts - dt.timedelta(hours=2)
        if self.time is not None:
            return self.starts - dt.timedelta(days=1)
        return clock.in_england(self.date - dt.timedelta(days=1), UNTIMED_REMINDER_HOUR)


@dataclass(frozen=True)
class PastDelivery:
    """What a delivery row says, as the rules need it."""

    id: int
    meeting: str
    purpose: str
    fingerprint: str
    status: str  # a DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None
    meeting_at: dt.datetime


@dataclass(frozen=True)
class Due:
    """A reminder to send now. `retry_of` names the failed row to try again."""

    meeting: BookedMeeting
    purpose: str
    previous_start: dt.datetime | None = None  # a cancellation names the old date
    retry_of: int | None = None
    covers: tuple[str, ...] = ()  # reminders this correction makes unnecessary


def retry_gap(attempts: int) -> dt.timedelta:
    """5, 15, 45 and 135 minutes after the 1st, 2nd, 3rd and 4th failure."""
    return FIRST_RETRY * (3 ** max(attempts - 1, 0))


def due_reminders(
    meetings: list[BookedMeeting],
    past: list[PastDelivery],
    now: dt.datetime,
    *,
    two_hours_before: bool,
) -> list[Due]:
    """What to send at `now` (UTC, naive) to one member on one channel."""
    rows: dict[tuple[str, str, str], PastDelivery] = {
        (row.meeting, row.purpose, row.fingerprint): row for row in past
    }
    out: list[Due] = []
    known = {meeting.key for meeting in meetings}
    for meeting in meetings:
        correction = _correction(meeting, past, rows, now)
        if correction is not None:
            out.append(correction)
            continue
        if meeting.cancelled or now >= meeting.starts:
            continue
        purposes = [DAY_BEFORE]
        if two_hours_before and meeting.time is not None:
            purposes.append(TWO_HOURS)
        # Only the latest reminder whose moment has come: a meeting booked an hour
        # before it starts gets one message, not two.
        ready = [p for p in purposes if meeting.reminder_at(p) <= now]
        if not ready:
            continue
        purpose = ready[-1]
        row = rows.get((meeting.key, purpose, meeting.fingerprint))
        if row is None:
            out.append(Due(meeting, purpose))
        elif _retry_now(row, now):
            out.append(Due(meeting, purpose, retry_of=row.id))
    # A meeting taken out of the record after a reminder about it went out: cancelled.
    for key in sorted({row.meeting for row in past} - known):
        told = _last_told(key, past)
        if told is None or told.fingerprint == CANCELLED or told.meeting_at <= now:
            continue
        # Named by its date in England: meeting_at is UTC, and a meeting just after
        # midnight in summer is on the day before in UTC.
        day = clock.date_in_england(told.meeting_at)
        gone = BookedMeeting(key, _kind_of(key), day, None, None, True)
        row = rows.get((key, CORRECTION, CANCELLED))
        if row is None:
            out.append(Due(gone, CORRECTION, previous_start=told.meeting_at))
        elif _retry_now(row, now):
            out.append(Due(gone, CORRECTION, previous_start=told.meeting_at, retry_of=row.id))
    return out


def _correction(
    meeting: BookedMeeting,
    past: list[PastDelivery],
    rows: dict[tuple[str, str, str], PastDelivery],
    now: dt.datetime,
) -> Due | None:
    """A correction if the member was last told something this meeting no longer is."""
    told = _last_told(meeting.key, past)
    if told is None or told.fingerprint == meeting.fingerprint:
        return None
    if meeting.cancelled:
        if told.meeting_at <= now:  # it would have been over by now anyway
            return None
    elif meeting.starts <= now:  # the new time has passed: nothing useful to say
        return None
    row = rows.get((meeting.key, CORRECTION, meeting.fingerprint))
    covers: tuple[str, ...] = ()
    if not meeting.cancelled:
        # The correction states the new date and time: a reminder already due for it
        # would only repeat it.
        covers = tuple(
            p for p in (DAY_BEFORE, TWO_HOURS) if meeting.reminder_at(p) <= now < meeting.starts
        )
    if row is None:
        return Due(meeting, CORRECTION, previous_start=told.meeting_at, covers=covers)
    if _retry_now(row, now):
        return Due(meeting, CORRECTION, told.meeting_at, retry_of=row.id, covers=covers)
    return None


def _last_told(key: str, past: list[PastDelivery]) -> PastDelivery | None:
    sent = [
        row
        for row in past
        if row.meeting == key and row.status == DeliveryStatus.SENT and row.sent_at
    ]
    return max(sent, key=lambda row: (row.sent_at, row.id)) if sent else None


def _retry_now(row: PastDelivery, now: dt.datetime) -> bool:
    return (
        row.status == DeliveryStatus.FAILED
        and row.attempts < MAX_ATTEMPTS
        and row.next_attempt_at is not None
        and row.next_attempt_at <= now
    )


def _kind_of(key: str) -> EventKind:
    """The timeline kind from a calendar key ("review-conference-2" → review_conference)."""
    return EventKind(key.rsplit("-", 1)[0].replace("-", "_"))


# The timeline's meeting kinds, with the names the calendar gives them (portal/family/
# calendar.py builds the same keys into its event ids).
MEETING_KEYS = {
    EventKind.INITIAL_CONFERENCE: "initial-conference",
    EventKind.TRANSFER_IN_CONFERENCE: "transfer-in-conference",
    EventKind.REVIEW_CONFERENCE: "review-conference",
    EventKind.CORE_GROUP: "core-group",
}


def booked_meetings(events) -> list[BookedMeeting]:
    """The timeline's booked meetings: recorded as scheduled, with a date.

    A meeting is named by its kind and number, as the calendar names it. A cancelled one
    has no number: a reminder already sent for that number then finds either another
    meeting under it (the one booked instead: a change) or none (a cancellation).
    """
    out = []
    for event in events:
        name = MEETING_KEYS.get(event.kind)
        if name is None or event.status != EventStatus.SCHEDULED or event.date is None:
            continue
        number = event.number
        if number is None and event.kind in (
            EventKind.INITIAL_CONFERENCE,
            EventKind.TRANSFER_IN_CONFERENCE,
        ):
            number = 1  # there is only one
        if number is None:
            continue
        out.append(
            BookedMeeting(
                key=f"{name}-{number}",
                kind=event.kind,
                date=event.date,
                time=event.time,
                place=event.place,
            )
        )
    return out
