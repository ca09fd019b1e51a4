"""The professionals' checks in a family's timeline (a manager's or the chair's review,
the legal planning meeting): the family does not go to them, and they are often done
without being recorded. Once one's date has gone by on an open plan it is "Not recorded
yet", not "Overdue", and it is said in the past tense.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from portal.names import span_text
from portal.planning import Event, EventKind, EventStatus, Milestone


def is_check(event: Event) -> bool:
    """A profile's check (a manager's or the chair's review, the legal planning
    meeting): the professionals hold it, the family does not go."""
    return (
        event.kind == EventKind.MILESTONE
        and event.milestone is not None
        and not event.milestone.builtin
    )


def is_unrecorded_check(event: Event) -> bool:
    """A check whose date has gone by on an open plan, not recorded as done. Checks are
    often done without being recorded, so it is not called "Overdue"."""
    return is_check(event) and event.status == EventStatus.OVERDUE and not event.unrecorded


def late_check_details(event: Event, milestone: Milestone) -> tuple[str, ...]:
    """A check gone by, said in the past tense: when it was due, that the family does
    not go to it, and (the legal planning meeting) that it is not a decision on court."""
    # The legal planning meeting is a meeting (of the council with its lawyers), the
    # others are checks: whole sentences for each, for translators.
    is_meeting = event.id == "legal-planning-meeting"
    if milestone.within is not None:  # due within a span after a review
        span = span_text(milestone.within)
        number = event.review_number or milestone.after_review
        if is_meeting:
            when = _(
                "This meeting was due within %(span)s of review conference %(number)s.",
                span=span,
                number=number,
            )
        else:
            when = _(
                "This check was due within %(span)s of review conference %(number)s.",
                span=span,
                number=number,
            )
    elif is_meeting:  # due when the plan reached a number of months
        when = ngettext(
            "This meeting was due when your plan reached %(num)d month.",
            "This meeting was due when your plan reached %(num)d months.",
            milestone.at_months or 0,
        )
    else:
        when = ngettext(
            "This check was due when your plan reached %(num)d month.",
            "This check was due when your plan reached %(num)d months.",
            milestone.at_months or 0,
        )
    if is_meeting:
        family = _(
            "Families do not go to this meeting. It is not a decision to go to court. "
            "You do not need to do anything."
        )
    else:
        family = _("Families do not go to this check. You do not need to do anything.")
    return (when, family)
