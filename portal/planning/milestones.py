"""The profile's escalation points on a timeline (timeline rules, "Milestones").

``after_review`` milestones hang on a numbered review conference: applied, dropped or
conditional by what that review decided (and, with ``when: insufficient_progress``,
what it found about progress). Nothing is listed past the 18th birthday of a child
on an open plan, unless it was done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from .dates import add_months
from .events import Event, EventKind, EventStatus, due_status
from .format import PlanRecord
from .format.vocabulary import Decision, Progress
from .profiles import Milestone, Profile

__all__ = ["milestone_event", "milestone_events", "review_anchors", "review_number_for"]

# Far more review conferences than any plan has: a bound on the search for a review.
_MAX_REVIEWS = 200


def review_number_for(
    after_review: int,
    not_before: date | None,
    anchor_of: Callable[[int], date],
) -> int:
    """The number of the review a profile rule hangs on: review #``after_review``, or,
    where the rule also names a time on a plan (``not_before``, from
    ``not_before_months``), the first later review whose anchor is on or after it. A
    review brought forward or added early (standard 9) then does not become "the
    15-month conference" (audit M4). Projected anchors grow by at least a month, so
    the search ends."""
    number = after_review
    if not_before is None:
        return number
    while anchor_of(number) < not_before and number < _MAX_REVIEWS:
        number += 1
    return number


def review_anchors(
    profile: Profile,
    start: date,
    numbered_reviews: list[Event],
    last_review_anchor: date | None,
) -> Callable[[int], date]:
    """Anchor of review #n: its date when recorded, else projected in turn from the last
    recorded one (timeline rules, "Milestones")."""
    recorded = [e for e in numbered_reviews if not e.projected]

    def anchor_of(number: int) -> date:
        if number <= len(recorded):
            return recorded[number - 1].when
        n = len(recorded)
        anchor = last_review_anchor if last_review_anchor is not None else start
        while n < number:
            anchor = add_months(anchor, profile.interval_after(n))
            n += 1
        return anchor

    return anchor_of


def milestone_events(
    record: PlanRecord,
    profile: Profile,
    today: date,
    start: date,
    since: date,
    end: date | None,
    limit: date | None,
    numbered_reviews: list[Event],
    last_review_anchor: date | None,
) -> list[Event]:
    """The profile's milestones that the timeline lists (timeline rules, "Milestones")."""
    is_open = end is None
    done = {m.id: (i, m.date) for i, m in enumerate(record.milestones_done)}
    recorded_reviews = [e for e in numbered_reviews if not e.projected]
    anchor_of = review_anchors(profile, start, numbered_reviews, last_review_anchor)

    result: list[Event] = []
    for milestone in profile.milestones:
        conditional = False
        number = None
        review_late = False  # the review it hangs on is past its date and not held
        if milestone.at_months is not None:
            due = add_months(since, milestone.at_months)
            if due < start and milestone.id not in done:
                continue  # it belonged to the previous authority
        elif milestone.after_review is not None and milestone.within is not None:
            not_before = (
                add_months(since, milestone.not_before_months)
                if milestone.not_before_months is not None
                else None
            )
            number = review_number_for(milestone.after_review, not_before, anchor_of)
            review = recorded_reviews[number - 1] if number <= len(recorded_reviews) else None
            if review is not None and review.status == EventStatus.HELD:
                if _dropped_by(milestone, review) and milestone.id not in done:
                    continue
                conditional = milestone.when is not None and review.progress is None
                due = milestone.within.after(review.when)
            else:
                conditional = True
                due = milestone.within.after(anchor_of(number))
                review_late = anchor_of(number) < today
            if conditional and not is_open and milestone.id not in done:
                continue  # an ended plan lists a still-conditional milestone only if done
        else:
            continue  # a built-in milestone: the timeline places it itself
        if limit is not None and due > limit and milestone.id not in done:
            continue  # nothing projected past the 18th birthday
        event = milestone_event(milestone, due, conditional, done, today, end, number)
        if event is not None:
            result.append(
                replace(
                    event,
                    after_late_review=review_late and event.is_conditional,
                    reviews_counted_here=number is not None and record.transferred_in is not None,
                )
            )
    return result


def _dropped_by(milestone: Milestone, review: Event) -> bool:
    """A held review that rules the milestone out: it ended the plan, or (for a
    milestone that applies only where progress is insufficient) found it sufficient."""
    if review.decision == Decision.END:
        return True
    return milestone.when == "insufficient_progress" and review.progress == Progress.SUFFICIENT


def milestone_event(
    milestone: Milestone,
    due: date,
    conditional: bool,
    done: dict[str, tuple[int, date]],
    today: date,
    end: date | None,
    review_number: int | None = None,
) -> Event | None:
    """The milestone's event; ``review_number`` is the review an ``after_review``
    milestone hangs on. On an ended plan, a milestone that fell due and was not
    recorded as done is ``overdue`` in the JSON (the contract) but marked
    ``unrecorded``: the plan is over, so nothing is late any more (audit L15)."""
    if milestone.id in done:
        index, done_date = done[milestone.id]
        return Event(
            EventKind.MILESTONE,
            EventStatus.DONE,
            today,
            date=done_date,
            due=due,
            id=milestone.id,
            milestone=milestone,
            record_index=index,
            review_number=review_number,
        )
    if end is not None and due > end:
        return None  # the plan had ended before this point
    status = EventStatus.CONDITIONAL if conditional else due_status(due, today)
    return Event(
        EventKind.MILESTONE,
        status,
        today,
        due=due,
        id=milestone.id,
        milestone=milestone,
        review_number=review_number,
        unrecorded=end is not None and status == EventStatus.OVERDUE,
    )
