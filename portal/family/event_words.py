"""One timeline event in family words: its title, date, status tag, what it means and
the guide sections that explain it.

Everything here is said in the reader's language (gettext at request time) and every
date is formatted in their locale. Whole sentences are kept whole for translators:
where a sentence differs for a review conference and a core group meeting, there are
two sentences, not one with the kind slotted in. The timeline, the next meetings and
the family's actions (``timeline_view.py``, ``next_meetings.py``, ``family_actions.py``)
are built from these words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from portal.family.late_checks import is_unrecorded_check, late_check_details
from portal.names import clock_time, milestone_title, span_text, weekday_date
from portal.planning import Event, EventKind, EventStatus
from portal.planning.format.vocabulary import Decision

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


def long_date(value: date) -> str:
    return format_date(value, "long")


def time_of_day(value: time | None) -> str | None:
    """A meeting time as the reader's language writes it ("3:30pm" in English)."""
    if value is None:
        return None
    # Isolated, so "9:30 AM" keeps its order inside right-to-left sentences.
    return Markup("<bdi>{}</bdi>").format(clock_time(value))


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


def condition_text(event: Event) -> str:
    """Why a conditional escalation point may happen: the review it waits on (which may
    come after the profile's number, where an earlier review was brought forward)."""
    milestone = event.milestone
    if milestone is None:
        raise ValueError("only a milestone's event has a condition")
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


def is_past_birthday(event: Event) -> bool:
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
    if is_past_birthday(event):
        return _("Passed"), GREY
    if is_unrecorded_check(event):
        return _("Not recorded yet"), GREY
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
    """Tagged "Overdue", "Not updated yet" or (a check) "Not recorded yet"
    (``event_status``): a date has gone by and what was due then is not recorded as held
    or done."""
    if event.is_required_review_overdue:
        return True
    if event.status in ("conditional", "cancelled") or event.kind == "plan_end":
        return False
    if (event.exceptional is not None and event.projected) or event.unrecorded:
        return False  # only if needed; or not recorded on a plan that has ended
    if is_past_birthday(event):
        return False  # a birthday is not a task that can be late
    return event.status == "overdue" or event.is_past_unconfirmed


def event_date_text(event: Event) -> str:
    if event.date is not None:
        return weekday_date(event.date)
    # No date recorded: `event.when` below is its due date, which such an event has.
    if event.milestone is not None and event.milestone.builtin:
        return weekday_date(event.when)  # a birthday falls on its day, it is not "due by"
    if event.review_required_by is not None:
        # the national limit, not the local aim, is the date by which it is late
        if event.is_required_review_overdue:
            return _("Was due by %(date)s", date=weekday_date(event.review_required_by))
        return _("Due by %(date)s", date=weekday_date(event.review_required_by))
    if event.after_late_review and event.milestone is not None and event.milestone.within:
        # no date counted from a review that has not happened yet
        return _(
            "Within %(span)s of review conference %(number)s",
            span=span_text(event.milestone.within),
            number=event.review_number,
        )
    if event.status == EventStatus.OVERDUE and not event.unrecorded:
        return _("Was due by %(date)s", date=weekday_date(event.when))  # a date gone by
    return _("Due by %(date)s", date=weekday_date(event.when))


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
                # Only projected (so never dated): `when` is the date it is due by.
                out.append(
                    _("If it is held, it should happen by %(date)s.", date=long_date(event.when))
                )
                out.append(required_review_sentence(event.review_required_by))
        elif event.status != EventStatus.CANCELLED:
            out.append(_("A meeting to check how the plan is going and if it is still needed."))
    elif event.kind == EventKind.CORE_GROUP and event.status != EventStatus.CANCELLED:
        out.append(_("The core group meets to check that the plan is being carried out."))
    elif is_unrecorded_check(event) and event.milestone is not None:
        # the profile's text looks ahead, to what has gone by now
        return late_check_details(event, event.milestone)
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
    elif is_past_birthday(event):
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
