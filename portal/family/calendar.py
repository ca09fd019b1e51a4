"""Meetings as iCalendar (RFC 5545): one meeting to download, or a feed to subscribe to.

A calendar leaves the portal and lives on in a phone that others may pick up, so it
says as little as possible: neutral titles ("Core group meeting"), dates, times and
the meeting place. Never the child's name, the worries, the categories or any other
text of the plan. Event UIDs are built from the plan's id, the kind and the number,
so a subscribed calendar updates a meeting in place when its date changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort, g, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from portal import clock
from portal.config import settings
from portal.family import bp
from portal.family.access import actor_for, current_link, family_page
from portal.family.event_words import CALENDAR_KINDS
from portal.family.reading import read_plan
from portal.languages import locale_for
from portal.models import db
from portal.planning import Event, EventKind, EventStatus, Timeline
from portal.records import audit, create_calendar_feed, find_calendar_feed
from portal.security import public_origin
from portal.sharing import absolute_url

UID_DOMAIN = "family-plan-portal"
PRODUCT_ID = "-//Family plan portal//Meetings//EN"
# The record gives a start time but not how long a meeting lasts; calendars need a
# length to show it, so meetings are shown as one hour long.
MEETING_LENGTH = dt.timedelta(hours=1)
ICS_HEADERS = {"Content-Type": "text/calendar; charset=utf-8"}
# Reminders for a booked meeting: the day before, and two hours before it starts. A
# meeting booked without a time is all-day: one reminder at 9am the day before.
TIMED_REMINDERS = (dt.timedelta(days=-1), dt.timedelta(hours=-2))
ALL_DAY_REMINDERS = (dt.timedelta(hours=-15),)


@dataclass(frozen=True)
class Meeting:
    uid: str
    title: str
    start: dt.date | dt.datetime
    place: str | None
    confirmed: bool
    description: str


def _title(event: Event) -> str:
    if event.kind == EventKind.INITIAL_CONFERENCE:
        return _("Initial conference")
    if event.kind == EventKind.TRANSFER_IN_CONFERENCE:
        return _("Transfer-in conference")
    if event.kind == EventKind.REVIEW_CONFERENCE:
        return _("Review conference")
    return _("Core group meeting")


def _what_it_is(event: Event) -> str:
    """What the meeting is, in the same words as the timeline on the plan page."""
    if event.kind == EventKind.INITIAL_CONFERENCE:
        return _("The meeting where your child's plan was made.")
    if event.kind == EventKind.TRANSFER_IN_CONFERENCE:
        return _(
            "The first meeting about your child's plan in this council. The plan began "
            "in another council and carries on here."
        )
    if event.kind == EventKind.REVIEW_CONFERENCE:
        return _("A meeting to check how the plan is going and if it is still needed.")
    return _("The core group meets to check that the plan is being carried out.")


def _description(event: Event, lang: str) -> str:
    """What the meeting is, whether its date is fixed, and the guide page about it, as a
    full address: a calendar app has no portal to be relative to. Nothing of the plan."""
    slug = "core-group" if event.kind == EventKind.CORE_GROUP else "conferences"
    guide = absolute_url(url_for("public.guide", lang=lang, section="parents", slug=slug))
    parts = [_what_it_is(event)]
    if event.date is None:
        parts.append(
            _(
                "The date is not fixed yet. This is the latest date it should "
                "happen by. Your social worker will tell you the exact date."
            )
        )
    elif event.date >= event.today and event.status == EventStatus.SCHEDULED:
        parts.append(_("If you cannot go, tell your social worker as soon as you can."))
    parts.append(_("Read about this meeting: %(address)s", address=guide))
    return "\n\n".join(parts)


def meetings(plan_id: int, timeline: Timeline, lang: str) -> list[Meeting]:
    """Every conference and core group meeting, recorded or projected, except cancelled;
    described in `lang`, the language the titles are in."""
    out = []
    for event in timeline.events:
        if event.kind == EventKind.INITIAL_CONFERENCE:
            kind, number = "initial-conference", 1
        elif event.kind == EventKind.TRANSFER_IN_CONFERENCE:
            kind, number = "transfer-in-conference", 1
        elif event.kind in CALENDAR_KINDS and event.number is not None:
            kind, number = CALENDAR_KINDS[event.kind], event.number
        else:
            continue
        if event.exceptional is not None and event.projected:
            continue  # held only in exceptional cases: not in a calendar until booked
        start: dt.date | dt.datetime = event.when
        if event.date is not None and event.time is not None:
            start = dt.datetime.combine(event.date, event.time, tzinfo=clock.LONDON)
        out.append(
            Meeting(
                uid=f"{plan_id}-{kind}-{number}@{UID_DOMAIN}",
                title=_title(event)
                if event.date is not None
                else _("%(meeting)s (date not fixed yet)", meeting=_title(event)),
                start=start,
                place=event.place,
                confirmed=event.date is not None,
                description=_description(event, lang),
            )
        )
    return out


def to_ical(items: list[Meeting], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for item in items:
        event = CalendarEvent()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        if isinstance(item.start, dt.datetime):
            event.add("dtstart", item.start)
            event.add("duration", MEETING_LENGTH)
        else:  # no time recorded: an all-day event
            event.add("dtstart", item.start)
            event.add("dtend", item.start + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if item.place:
            event.add("location", item.place)
        event.add("description", item.description)
        event.add("status", "CONFIRMED" if item.confirmed else "TENTATIVE")
        if item.confirmed:
            timed = isinstance(item.start, dt.datetime)
            for before in TIMED_REMINDERS if timed else ALL_DAY_REMINDERS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", item.title)
                alarm.add("trigger", before)
                event.add_component(alarm)
        calendar.add_component(event)
    years = [item.start.year for item in items if isinstance(item.start, dt.datetime)]
    if years:
        # Europe/London's rules for the years the meetings fall in, not since 1970.
        calendar.add_missing_timezones(
            first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()


@bp.get("/<lang:lang>/my-plan/calendar/<key>.ics")
@family_page
def meeting_file(key: str):
    """One meeting as a calendar file, for "Add to calendar"."""
    link = current_link()
    reading = read_plan(link.plan, link.visibility)
    wanted = f"{link.plan_id}-{key}@{UID_DOMAIN}"
    found = [m for m in meetings(link.plan_id, reading.timeline, g.lang) if m.uid == wanted]
    if not found:
        abort(404)
    audit(actor_for(link), "family.view", link.plan_id, "calendar-event")
    db.session.commit()
    headers = {**ICS_HEADERS, "Content-Disposition": 'attachment; filename="meeting.ics"'}
    return to_ical(found, _("Meetings")), 200, headers


@bp.post("/<lang:lang>/my-plan/calendar/subscribe")
@family_page
def subscribe():
    """Make a private calendar address for all of this family member's meetings."""
    token = create_calendar_feed(current_link(), actor=actor_for(g.live_link))
    # The portal's public address when configured, so the feed works behind a proxy.
    base = public_origin(settings().base_url)
    address = base + url_for("family.calendar_feed", token=token, lang=g.lang)
    webcal = "webcal://" + address.split("://", 1)[1]
    return render_template("family/calendar_feed.html", address=address, webcal=webcal)


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """The subscribed calendar: fetched by calendar apps, so no session, only the token.

    Titles are in the language the reader was using when they subscribed (kept in the
    address as `?lang=`), else the plan's language.
    """
    feed = find_calendar_feed(token)
    if feed is None:
        abort(404)
    link = feed.link
    offered = settings().languages
    code = request.args.get("lang", "")
    if code not in offered:
        code = link.plan.language if link.plan.language in offered else "en"
    reading = read_plan(link.plan, link.visibility)
    with force_locale(locale_for(code)):
        body = to_ical(meetings(link.plan_id, reading.timeline, code), _("Meetings"))
    audit(actor_for(link), "calendar.fetch", link.plan_id, f"feed:{feed.id}")
    db.session.commit()
    return body, 200, ICS_HEADERS
