"""What's next: the family's next core group meeting and review conference, each with
its date, time, place and chair once booked, or the date it is due by, in family words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from portal.family.event_words import (
    calendar_key,
    can_add_to_calendar,
    ended_at_eighteen_sentence,
    long_date,
    place_pointer,
    required_review_sentence,
    time_of_day,
)
from portal.names import weekday_date
from portal.planning import Event, EventStatus


@dataclass(frozen=True)
class NextMeeting:
    heading: str
    sentences: tuple[str, ...]
    when: date
    date_text: str | None = None
    time_text: str | None = None
    place: str | None = None
    place_pointer: str | None = None
    chair: str | None = None  # written by a professional (cp-plan/2 conferences)
    calendar_key: str | None = None
    guide_slug: str = "core-group"  # the parents' guide page about this meeting


def _next_sentences(event: Event, is_review: bool) -> tuple[str, ...]:
    when = long_date(event.when)
    if event.exceptional is not None and event.projected:
        sentences = [
            _(event.exceptional.family),
            _("If it is held, it should happen by %(date)s.", date=when),
        ]
        if event.review_required_by is not None:
            sentences.append(required_review_sentence(event.review_required_by))
        return tuple(sentences)
    if event.is_past_unconfirmed:
        if is_review:
            return (
                _(
                    "The review conference was planned for %(date)s. It may have happened "
                    "already: your plan may not be up to date yet.",
                    date=when,
                ),
            )
        return (
            _(
                "The core group meeting was planned for %(date)s. It may have happened "
                "already: your plan may not be up to date yet.",
                date=when,
            ),
        )
    if event.status == EventStatus.OVERDUE and event.by_eighteenth_birthday:
        return (ended_at_eighteen_sentence(),)
    if event.status == EventStatus.OVERDUE:
        if is_review:
            return (
                _(
                    "The next review conference was due on %(date)s. Your social worker "
                    "will tell you the new date.",
                    date=when,
                ),
            )
        return (
            _(
                "The next core group meeting was due by %(date)s. Your social worker "
                "will tell you the new date.",
                date=when,
            ),
        )
    if event.status == EventStatus.UPCOMING:
        if is_review:
            return (
                _(
                    "The next review conference should happen by %(date)s. Your social "
                    "worker will tell you the exact date.",
                    date=when,
                ),
            )
        return (
            _(
                "The next core group meeting should happen by %(date)s. Your social "
                "worker will tell you the exact date.",
                date=when,
            ),
        )
    return ()


def next_meeting(event: Event | None, is_review: bool) -> NextMeeting | None:
    if event is None:
        return None
    heading = _("Next review conference") if is_review else _("Next core group meeting")
    if is_review and event.exceptional is not None:
        heading = _(event.exceptional.name)
    booked = event.status == EventStatus.SCHEDULED and not event.is_past_unconfirmed
    return NextMeeting(
        heading=heading,
        sentences=_next_sentences(event, is_review),
        when=event.when,
        # A booked (scheduled) meeting is a recorded one: `when` is its date.
        date_text=weekday_date(event.when) if booked else None,
        time_text=time_of_day(event.time) if booked else None,
        place=event.place if booked else None,
        place_pointer=place_pointer(event) if booked else None,
        chair=event.chair if booked else None,
        calendar_key=calendar_key(event) if can_add_to_calendar(event) else None,
        guide_slug="conferences" if is_review else "core-group",
    )


def meetings_soonest_first(*meetings: NextMeeting | None) -> list[NextMeeting]:
    """The next meetings the family goes to: booked ones first (a day, a time and a place
    to go to), the soonest first; then those not booked yet or late."""
    return sorted(
        (m for m in meetings if m is not None), key=lambda m: (m.date_text is None, m.when)
    )
