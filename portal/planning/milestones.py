"""The profile's escalation points on a timeline (timeline rules, "Milestones").

``after_review`` milestones hang on a numbered review conference: applied, dropped or
conditional by what that review decided (and, with ``when: insufficient_progress``,
what it found about progress). Nothing is listed past the 18th birthday of a child
on an open plan, unless it was done.
"""

from __future__ import annotations

from datetime import date

from .dates import add_months
from .events import Event, due_status
from .format import PlanRecord
from .profiles import Milestone, Profile

__all__ = ["milestone_event", "milestone_events"]


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

    def review_anchor(number: int) -> date:
        """Anchor of review #number; unrecorded ones projected in turn."""
        if number <= len(recorded_reviews):
            return recorded_reviews[number - 1].date
        n = len(recorded_reviews)
        anchor = last_review_anchor if last_review_anchor is not None else start
        while n < number:
            anchor = add_months(anchor, profile.interval_after(n))
            n += 1
        return anchor

    result: list[Event] = []
    for milestone in profile.milestones:
        conditional = False
        if milestone.at_months is not None:
            due = add_months(since, milestone.at_months)
            if due < start and milestone.id not in done:
                continue  # it belonged to the previous authority
        else:
            number = milestone.after_review
            review = recorded_reviews[number - 1] if number <= len(recorded_reviews) else None
            if review is not None and review.status == "held":
                if _dropped_by(milestone, review) and milestone.id not in done:
                    continue
                conditional = milestone.when is not None and review.progress is None
                due = milestone.within.after(review.date)
            else:
                conditional = True
                due = milestone.within.after(review_anchor(number))
            if conditional and not is_open and milestone.id not in done:
                continue  # an ended plan lists a still-conditional milestone only if done
        if limit is not None and due > limit and milestone.id not in done:
            continue  # nothing projected past the 18th birthday
        event = milestone_event(milestone, due, conditional, done, today, end)
        if event is not None:
            result.append(event)
    return result


def _dropped_by(milestone: Milestone, review: Event) -> bool:
    """A held review that rules the milestone out: it ended the plan, or (for a
    milestone that applies only where progress is insufficient) found it sufficient."""
    if review.decision == "end":
        return True
    return milestone.when == "insufficient_progress" and review.progress == "sufficient"


def milestone_event(
    milestone: Milestone,
    due: date,
    conditional: bool,
    done: dict[str, tuple[int, date]],
    today: date,
    end: date | None,
) -> Event | None:
    if milestone.id in done:
        index, done_date = done[milestone.id]
        return Event(
            "milestone",
            "done",
            today,
            date=done_date,
            due=due,
            id=milestone.id,
            milestone=milestone,
            record_index=index,
        )
    if end is not None and due > end:
        return None  # the plan had ended before this point
    status = "conditional" if conditional else due_status(due, today)
    return Event("milestone", status, today, due=due, id=milestone.id, milestone=milestone)
