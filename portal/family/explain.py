"""The timeline in family words: titles, dates, statuses and what each item means.

Everything here is said in the reader's language (gettext at request time) and every
date is formatted in their locale. Whole sentences are kept whole for translators:
where a sentence differs for a review conference and a core group meeting, there are
two sentences, not one with the kind slotted in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from portal import names
from portal.names import duration, span_text
from portal.planning import Event, EventKind, EventStatus, Timeline
from portal.planning.format.vocabulary import ActionStatus, Decision

# GOV.UK tag colours; every tag also carries its status in words.
GREEN, BLUE, LIGHT_BLUE, GREY, YELLOW, ORANGE, PURPLE = (
    "govuk-tag--green",
    "govuk-tag--blue",
    "govuk-tag--light-blue",
    "govuk-tag--grey",
    "govuk-tag--yellow",
    "govuk-tag--orange",
    "govuk-tag--purple",
)

CALENDAR_KINDS = {
    EventKind.REVIEW_CONFERENCE: "review-conference",
    EventKind.CORE_GROUP: "core-group",
}


def milestone_title(milestone_id: str) -> str:
    """A short name for an escalation point; the profile's text explains it."""
    titles = {
        "eighteenth-birthday": _("Your child's 18th birthday"),
        "line-manager-review": _("Managers' review of the plan"),
        "senior-manager-review": _("Senior managers' review of the plan"),
        "chair-mid-point-review": _("Chair's one-year check"),
        "legal-planning-meeting": _("Legal planning meeting"),
        "qa-manager-review": _("Quality check at 18 months"),
        "group-manager-review": _("Group manager's review"),
        "group-manager-review-16": _("Group manager's review at 16 months"),
    }
    return titles.get(milestone_id, _("A check on how the plan is going"))


def long_date(value: date) -> str:
    return format_date(value, "long")


def weekday_date(value: date) -> str:
    return names.weekday_date(value)


def time_of_day(value: time | None) -> str | None:
    """A meeting time as the reader's language writes it ("3:30pm" in English)."""
    if value is None:
        return None
    # Isolated, so "9:30 AM" keeps its order inside right-to-left sentences.
    return Markup("<bdi>{}</bdi>").format(names.clock_time(value))


def calendar_key(event: Event) -> str | None:
    """The address part for one meeting's calendar file: its kind and number only."""
    kind = CALENDAR_KINDS.get(event.kind)
    if kind is None or event.number is None or event.status == EventStatus.CANCELLED:
        return None
    return f"{kind}-{event.number}"


def can_add_to_calendar(event: Event) -> bool:
    """Only meetings still ahead: a booked date, or the date one is due by; not a
    conference held only in exceptional cases until it is booked."""
    return (
        calendar_key(event) is not None
        and event.status in (EventStatus.SCHEDULED, EventStatus.UPCOMING)
        and (event.when >= event.today)
        and not (event.exceptional is not None and event.projected)
    )


# --- one line of the timeline -------------------------------------------------------

_RECORD_LISTS = {
    EventKind.INITIAL_CONFERENCE: "conferences",
    EventKind.TRANSFER_IN_CONFERENCE: "conferences",
    EventKind.REVIEW_CONFERENCE: "conferences",
    EventKind.CORE_GROUP: "core_group_meetings",
}


def place_pointer(event: Event) -> str | None:
    """The JSON pointer of a recorded meeting's place (its translations are keyed by it)."""
    if event.place is None or event.record_index is None or event.kind not in _RECORD_LISTS:
        return None
    return f"/{_RECORD_LISTS[event.kind]}/{event.record_index}/place"


@dataclass(frozen=True)
class GuideLink:
    """A parents' guide page (and section) that explains a timeline item."""

    text: str
    slug: str
    anchor: str | None = None


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
    late_note: str | None = None  # what the late date means, the one detail paper keeps
    calendar_key: str | None = None
    guides: tuple[GuideLink, ...] = ()


def condition_text(event: Event) -> str:
    """Why a conditional escalation point may happen: the review it waits on (which may
    come after the profile's number, where an earlier review was brought forward)."""
    milestone = event.milestone
    number = event.review_number or milestone.after_review
    if milestone.when == "insufficient_progress":
        return _(
            "This only happens if review conference %(number)s decides that the plan should "
            "carry on because things have not got better quickly enough.",
            number=number,
        )
    return _(
        "This only happens if review conference %(number)s decides that the plan should carry on.",
        number=number,
    )


def event_title(event: Event) -> str:
    if event.kind == EventKind.INITIAL_CONFERENCE:
        return _("Initial child protection conference")
    if event.kind == EventKind.TRANSFER_IN_CONFERENCE:
        return _("Transfer-in conference")
    if event.kind == EventKind.REVIEW_CONFERENCE:
        if event.exceptional is not None:
            return _(event.exceptional.name)
        if event.number is None:
            return _("Review conference")
        return _("Review conference %(number)s", number=event.number)
    if event.kind == EventKind.CORE_GROUP:
        return _("Core group meeting")
    if event.kind == EventKind.PLAN_END:
        return _("The plan ended")
    return milestone_title(event.id or "")


def _is_past_birthday(event: Event) -> bool:
    """The 18th birthday once its day has gone: ``overdue`` in the timeline's terms."""
    return (
        event.status == EventStatus.OVERDUE
        and event.milestone is not None
        and event.milestone.builtin
    )


def event_status(event: Event) -> tuple[str, str]:
    """(tag text, tag colour) for an event."""
    if event.kind == EventKind.PLAN_END:
        return _("Ended"), PURPLE
    if event.status == EventStatus.HELD:
        return _("Held"), GREEN
    if event.status == EventStatus.DONE:
        return _("Done"), GREEN
    if event.status == EventStatus.CANCELLED:
        return _("Cancelled"), GREY
    if event.is_required_review_overdue:
        return _("Overdue"), ORANGE
    if event.status == EventStatus.CONDITIONAL or (
        event.exceptional is not None and event.projected
    ):
        return _("Only if needed"), GREY
    if event.unrecorded:
        return _("Not recorded"), GREY
    if _is_past_birthday(event):
        return _("Passed"), GREY
    if event.status == EventStatus.OVERDUE:
        return _("Overdue"), ORANGE
    if event.is_past_unconfirmed:
        return _("Not updated yet"), YELLOW
    if event.status == EventStatus.SCHEDULED:
        return _("Booked"), BLUE
    if event.kind == EventKind.MILESTONE:
        return _("Coming up"), LIGHT_BLUE
    return _("Not booked yet"), LIGHT_BLUE


def is_late(event: Event) -> bool:
    """Tagged "Overdue" or "Not updated yet" (``event_status``): a date has gone by and
    what was due then is not recorded as held or done."""
    if event.is_required_review_overdue:
        return True
    if event.status in ("conditional", "cancelled") or event.kind == "plan_end":
        return False
    if (event.exceptional is not None and event.projected) or event.unrecorded:
        return False  # only if needed; or not recorded on a plan that has ended
    if _is_past_birthday(event):
        return False  # a birthday is not a task that can be late
    return event.status == "overdue" or event.is_past_unconfirmed


def event_date_text(event: Event) -> str:
    if event.date is not None:
        return weekday_date(event.date)
    if event.milestone is not None and event.milestone.builtin:
        return weekday_date(event.due)  # a birthday falls on its day, it is not "due by"
    if event.review_required_by is not None:
        # the national limit, not the local aim, is the date by which it is late
        return _("Due by %(date)s", date=weekday_date(event.review_required_by))
    if event.after_late_review and event.milestone is not None and event.milestone.within:
        # no date counted from a review that has not happened yet
        return _(
            "Within %(span)s of review conference %(number)s",
            span=span_text(event.milestone.within),
            number=event.review_number,
        )
    return _("Due by %(date)s", date=weekday_date(event.due))


def end_reason_sentence(reason: str | None) -> str:
    sentences = {
        "no_longer_at_risk": _(
            "A review conference decided that your child no longer needs a plan, because "
            "the worries about their safety have gone down."
        ),
        "moved_area": _(
            "The plan ended because your family moved to another area. The council there "
            "decides what help your child needs."
        ),
        "turned_18": _("The plan ended because your child turned 18 and is now an adult."),
        "looked_after": _(
            "The plan ended because your child became looked after by the council. Your "
            "child now has a care plan instead."
        ),
        "ended_by_letter": _(
            "The plan was ended by a letter from the council, without a review conference."
        ),
        "died": _(
            "This plan ended because your child died. We are so sorry. Your social worker "
            "or your doctor can help you find support, if and when you want it."
        ),
        "left_uk": _("The plan ended because your child left the United Kingdom."),
    }
    return sentences.get(reason or "", _("The plan has ended."))


def required_review_sentence(required_by: date) -> str:
    """The national rule a local aim cannot switch off: while the plan is open, its
    reviews are no more than six months apart (Working Together 2023)."""
    return _(
        "While the plan is open, a review conference must still be held by %(date)s, "
        "because reviews can be no more than 6 months apart.",
        date=long_date(required_by),
    )


def ended_at_eighteen_sentence() -> str:
    """For an open plan whose child has turned 18: a plan does not carry on into
    adulthood, so it is not waiting for a "new date"."""
    return _(
        "Your child has turned 18. The plan should have ended at the review around their "
        "birthday. Ask your social worker to confirm that it has ended."
    )


def event_details(event: Event) -> tuple[str, ...]:
    """What the item means, in family words."""
    out: list[str] = []
    if event.kind == EventKind.INITIAL_CONFERENCE:
        out.append(_("The meeting where your child's plan was made."))
    elif event.kind == EventKind.TRANSFER_IN_CONFERENCE:
        out.append(
            _(
                "The first meeting about your child's plan in this council. The plan began "
                "in another council and carries on here."
            )
        )
    elif event.kind == EventKind.REVIEW_CONFERENCE:
        if event.status == EventStatus.HELD and event.decision == Decision.CONTINUE:
            out.append(_("The conference decided that the plan should carry on."))
        elif event.status == EventStatus.HELD and event.decision == Decision.END:
            out.append(_("The conference decided that the plan could end."))
        elif event.exceptional is not None and event.status != EventStatus.CANCELLED:
            out.append(_(event.exceptional.family))
            if event.review_required_by is not None:
                out.append(
                    _("If it is held, it should happen by %(date)s.", date=long_date(event.due))
                )
                out.append(required_review_sentence(event.review_required_by))
        elif event.status != EventStatus.CANCELLED:
            out.append(_("A meeting to check how the plan is going and if it is still needed."))
    elif event.kind == EventKind.CORE_GROUP and event.status != EventStatus.CANCELLED:
        out.append(_("The core group meets to check that the plan is being carried out."))
    elif event.kind == EventKind.MILESTONE and event.milestone is not None:
        out.append(_(event.milestone.family))
        if event.status == EventStatus.CONDITIONAL and event.milestone.after_review:
            out.append(condition_text(event))
        if event.reviews_counted_here:
            out.append(
                _(
                    "Your child's plan began in another council, so the review conferences "
                    "here are counted from the first conference in this council. Your "
                    "council's own rules decide how this works after a move: your social "
                    "worker can tell you."
                )
            )
    elif event.kind == EventKind.PLAN_END:
        out.append(end_reason_sentence(event.reason))

    if event.is_past_unconfirmed:
        out.append(_("This date has passed. Your plan may not be up to date yet."))
    elif _is_past_birthday(event):
        pass  # a birthday is not a task that can be late
    elif event.status == EventStatus.OVERDUE and (
        event.kind == EventKind.MILESTONE or event.exceptional
    ):
        out.append(
            _(
                "This may have happened already without being added to your plan yet. "
                "Your social worker can tell you."
            )
        )
    elif event.status == EventStatus.OVERDUE and event.by_eighteenth_birthday:
        out.append(ended_at_eighteen_sentence())
    elif event.status == EventStatus.OVERDUE:
        out.append(_("The date has passed. Your social worker will tell you the new date."))
    elif event.projected and event.exceptional is None:
        out.append(_("The date is not fixed yet. Your social worker will tell you."))
    return tuple(out)


# The guide sections a parent may want at a conference: their rights, and how to
# challenge one. Shown once in each part of the timeline, not on every conference.
CONFERENCE_ANCHORS = {
    EventKind.INITIAL_CONFERENCE: "initial-conference",
    EventKind.TRANSFER_IN_CONFERENCE: None,
    EventKind.REVIEW_CONFERENCE: "review-conferences",
}


def event_guides(event: Event) -> tuple[GuideLink, ...]:
    """The guide sections that explain this item: what happens at the meeting first."""
    if event.kind in CONFERENCE_ANCHORS:
        return (
            GuideLink(_("About this meeting"), "conferences", CONFERENCE_ANCHORS[event.kind]),
            GuideLink(_("Your rights and free, independent advice"), "your-rights"),
            GuideLink(_("How to challenge a conference decision"), "conference-complaints"),
        )
    if event.kind == EventKind.CORE_GROUP:
        return (GuideLink(_("About this meeting"), "core-group"),)
    if event.kind == EventKind.PLAN_END:
        return (
            GuideLink(
                _("Read what this means and what happens after a plan ends"), "how-plans-end"
            ),
        )
    return (GuideLink(_("Read more about how long plans last"), "how-long-plans-last"),)


def timeline_item(event: Event, late: bool = False) -> TimelineItem:
    """`late`: shown as late, on an open plan (nothing is late once a plan has ended)."""
    tag_text, tag_class = event_status(event)
    details = event_details(event)
    return TimelineItem(
        title=event_title(event),
        date_text=event_date_text(event),
        tag_text=tag_text,
        tag_class=tag_class,
        details=details,
        is_late=late,
        # event_details ends with what a date gone by means for a late item
        late_note=details[-1] if late and details else None,
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
    item keeps its own first guide link, to the page about that meeting."""
    seen_details: set[str] = set()
    seen_guides: set[str] = set()
    out = []
    for item in items:
        details = tuple(d for d in item.details if d not in seen_details)
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
    folded into "what has happened so far"."""

    late = [timeline.is_open and is_late(e) for e in timeline.events]
    behind = [
        timeline_item(e)
        for e, is_late_now in zip(timeline.events, late, strict=True)
        if _is_behind_us(e, timeline.today) and not is_late_now
    ]
    ahead = [
        timeline_item(e, is_late_now)
        for e, is_late_now in zip(timeline.events, late, strict=True)
        if not _is_behind_us(e, timeline.today) or is_late_now
    ]
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


# --- what's next ----------------------------------------------------------------------


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
        date_text=weekday_date(event.date) if booked else None,
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


# --- what the family has to do -------------------------------------------------------


@dataclass(frozen=True)
class FamilyAction:
    text: str  # written by a professional: shown as free text
    who: str
    pointer: str  # the action's place in the record: its text is `{pointer}/action`
    by: date | None
    by_text: str
    is_late: bool


def _names_a_family_member(who: str, family_names: list[str]) -> bool:
    said = " ".join(who.casefold().split())
    return any(name and (name in said or said in name) for name in family_names)


def family_actions(record, today: date, names: tuple[str, ...] | None = None) -> list[FamilyAction]:
    """Open actions given to a family member of the core group, the nearest due date
    first and those with no date last. Who an action is for is written by hand, so an
    action counts as the family's when its "who" names a family member (`names`, when
    the record shown leaves the family's members out)."""
    if names is None:
        names = tuple(member.name for member in record.core_group if member.family)
    family_names = [" ".join(name.casefold().split()) for name in names]
    found = []
    for goal_index, outcome in enumerate(record.outcomes):
        for action_index, action in enumerate(outcome.actions):
            if action.status != ActionStatus.OPEN or not _names_a_family_member(
                action.who, family_names
            ):
                continue
            by_text = _("By %(date)s", date=weekday_date(action.by)) if action.by else None
            found.append(
                FamilyAction(
                    text=action.action,
                    who=action.who,
                    pointer=f"/outcomes/{goal_index}/actions/{action_index}",
                    by=action.by,
                    by_text=by_text or _("No date set"),
                    is_late=action.by is not None and action.by < today,
                )
            )
    return sorted(found, key=lambda a: (a.by is None, a.by or today))
