"""The family's timeline as a view: each event as one item, what is behind them folded
into one line, "You are here" (open plans), then what lies ahead; and how long the plan
has lasted. The words for each event are in ``event_words.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from portal.family.event_words import (
    BLUE,
    GuideLink,
    calendar_key,
    can_add_to_calendar,
    event_date_text,
    event_details,
    event_guides,
    event_status,
    event_title,
    is_late,
    place_pointer,
    time_of_day,
)
from portal.family.late_checks import is_unrecorded_check
from portal.names import duration, weekday_date
from portal.planning import Event, EventStatus, Timeline


@dataclass(frozen=True)
class TimelineItem:
    title: str
    date_text: str
    tag_text: str
    tag_class: str
    details: tuple[str, ...] = ()
    time_text: str | None = None
    place: str | None = None  # written by a professional: shown as free text
    place_pointer: str | None = None  # where ``place`` is in the record
    is_marker: bool = False
    is_future: bool = False
    is_late: bool = False
    # what the date gone by means: the details paper keeps, and never left out as said before
    late_notes: tuple[str, ...] = ()
    calendar_key: str | None = None
    guides: tuple[GuideLink, ...] = ()


def timeline_item(event: Event, late: bool = False) -> TimelineItem:
    """`late`: shown as late, on an open plan (nothing is late once a plan has ended)."""
    tag_text, tag_class = event_status(event)
    details = event_details(event)
    late_notes: tuple[str, ...] = ()
    if late:
        # a late check is all past tense; a late meeting ends with what its date gone by means
        late_notes = details if is_unrecorded_check(event) else details[-1:]
    return TimelineItem(
        title=event_title(event),
        date_text=event_date_text(event),
        tag_text=tag_text,
        tag_class=tag_class,
        details=details,
        is_late=late,
        late_notes=late_notes,
        time_text=time_of_day(event.time),
        place=event.place,
        place_pointer=place_pointer(event),
        is_future=event.when >= event.today,
        calendar_key=calendar_key(event) if can_add_to_calendar(event) else None,
        guides=event_guides(event),
    )


def _is_behind_us(event: Event, today: date) -> bool:
    if event.review_required_by is not None:
        return event.review_required_by < today  # still ahead until the national limit
    if event.when < today:
        return True
    return event.when == today and event.status in (
        EventStatus.HELD,
        EventStatus.DONE,
        EventStatus.CANCELLED,
    )


def plan_age(timeline: Timeline) -> str | None:
    """How long the plan has lasted, in whole months: days only in its first month."""
    months, days = timeline.age
    if not months and not days:
        return None
    return duration(months, 0) if months else duration(0, days)


def started_sentence(timeline: Timeline) -> str:
    age = plan_age(timeline)
    if age is None:
        return _("Your plan started today.")
    return _("Your plan started %(duration)s ago.", duration=age)


def plan_age_in_months(timeline: Timeline) -> str:
    """How long the plan has run, in whole months: what a young person needs to know."""
    months, _days = timeline.age
    if not months:
        return _("Your plan started less than a month ago.")
    return ngettext(
        "Your plan started %(num)d month ago.", "Your plan started %(num)d months ago.", months
    )


@dataclass(frozen=True)
class TimelineView:
    """The timeline as the family reads it: what is behind them folded into one line,
    then "You are here" (open plans), then what lies ahead."""

    earlier: list[TimelineItem]
    now: TimelineItem | None
    ahead: list[TimelineItem]


def _said_once(items: list[TimelineItem]) -> list[TimelineItem]:
    """Each explanation, and each rights and complaints link, given once in a run of
    items: the fifth core group meeting does not say again what a core group is. Each
    item keeps its own first guide link, to the page about that meeting, and a late item
    its own word on what its date gone by means."""
    seen_details: set[str] = set()
    seen_guides: set[str] = set()
    out = []
    for item in items:
        details = tuple(d for d in item.details if d not in seen_details or d in item.late_notes)
        seen_details.update(details)
        first, *others = item.guides or (None,)
        kept = [g for g in others if g is not None and g.slug not in seen_guides]
        seen_guides.update(g.slug for g in kept)
        guides = ((first,) if first is not None else ()) + tuple(kept)
        out.append(replace(item, details=details, guides=guides))
    return out


def timeline_view(timeline: Timeline) -> TimelineView:
    """Every event in date order: those behind us, "You are here" at today for open
    plans, and those ahead. An ended plan keeps its last item (the end) in view.

    On an open plan, what is late has not happened: an overdue review or a meeting whose
    date passed unconfirmed comes straight after "You are here", in date order, never
    folded into "what has happened so far". The professionals' checks not recorded as
    done come after the family's own late meetings: the family does not go to them."""

    late = [timeline.is_open and is_late(e) for e in timeline.events]
    behind = [
        timeline_item(e)
        for e, is_late_now in zip(timeline.events, late, strict=True)
        if _is_behind_us(e, timeline.today) and not is_late_now
    ]
    ahead_events = [
        (e, is_late_now)
        for e, is_late_now in zip(timeline.events, late, strict=True)
        if not _is_behind_us(e, timeline.today) or is_late_now
    ]

    def order(pair: tuple[Event, bool]) -> int:
        event, is_late_now = pair
        if not is_late_now:
            return 2
        return 1 if is_unrecorded_check(event) else 0

    # sorted() keeps date order within each group
    ahead = [timeline_item(e, is_late_now) for e, is_late_now in sorted(ahead_events, key=order)]
    if not timeline.is_open:
        behind, ahead = behind[:-1], behind[-1:] + ahead
        return TimelineView(_said_once(behind), None, _said_once(ahead))
    marker = TimelineItem(
        title=_("You are here"),
        date_text=_("Today, %(date)s", date=weekday_date(timeline.today)),
        tag_text=_("Today"),
        tag_class=BLUE,
        details=(started_sentence(timeline),),
        is_marker=True,
    )
    return TimelineView(_said_once(behind), marker, _said_once(ahead))
