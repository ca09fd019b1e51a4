""" "How long plans last and what happens next", made personal to one plan.

What the reader sees depends on how long the plan has lasted (against the 3, 9, 15, 21
and 24-month points that procedures and the national figures use), on the council's
procedure profile (its next escalation point, and whether it has legal steps) and, for
an ended plan, on why it ended.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from portal.family.event_words import (
    condition_text,
    end_reason_sentence,
    event_date_text,
    long_date,
)
from portal.family.timeline_view import plan_age
from portal.names import milestone_title
from portal.planning import EventStatus, Timeline, add_months

CHECKPOINT_MONTHS = (3, 9, 15, 21, 24)
# Milestones after which the council may take legal advice about the child's plan:
# a legal planning meeting, or a manager's review that may escalate to a legal gateway.
LEGAL_MILESTONES = frozenset(
    {"legal-planning-meeting", "group-manager-review", "group-manager-review-16"}
)
# Legal planning is explained from this age on, in profiles that have legal steps.
LEGAL_NOTICE_FROM_MONTHS = 12
# No care or supervision order can be made for a child of 17 or over (Children Act 1989
# s.31(3)): the legal-steps section would mislead, so the page says what changes instead.
NO_CARE_ORDER_FROM_AGE = 17

# Department for Education, children in need statistics, year ending 31 March 2025,
# data set D7 (England): how long the plans that ended in that year had lasted.
# "Under a year" adds the first three rows: 15.9% + 11.0% + 43.5%.
NATIONAL_UNDER_ONE_YEAR = 0.704
NATIONAL_TWO_YEARS_OR_MORE = 0.044
NATIONAL_TWO_YEARS_OR_MORE_PLANS = 2710

# The parents' guide "How plans end" has a section for these reasons.
END_REASON_ANCHORS = {
    "no_longer_at_risk": "no-longer-at-risk",
    "moved_area": "moved-area",
    "turned_18": "turned-18",
    "looked_after": "looked-after",
    "ended_by_letter": "ended-by-letter",
}


@dataclass(frozen=True)
class NextCheck:
    title: str
    date_text: str
    meaning: str
    condition: str | None


@dataclass(frozen=True)
class HowLong:
    age_sentence: str
    stage_sentences: tuple[str, ...]
    next_checkpoint: str | None
    next_check: NextCheck | None
    show_legal: bool
    past_care_order_age: bool
    past_eighteenth_birthday: bool
    national: tuple[str, ...]
    end_sentence: str | None
    end_anchor: str | None


def _stage_sentences(months: int, can_go_to_court: bool = True) -> tuple[str, ...]:
    """Where the plan is in time. ``can_go_to_court`` is false once the child is 17:
    no care or supervision order can be made (Children Act 1989 s.31(3)), so legal
    steps are not mentioned."""
    if months < 3:
        return (
            _(
                "Your plan is new. The first review conference must be held within 3 months "
                "of the start. Everyone will look at how things are going."
            ),
        )
    if months < 9:
        return (
            _(
                "Your plan has passed 3 months. While it carries on, a review conference "
                "looks at it at least every 6 months."
            ),
        )
    if months < 15:
        return (
            _(
                "Your plan has lasted more than 9 months. Many councils take a closer look "
                "at plans at this point, to see what is holding things up."
            ),
        )
    if months < 21 and not can_go_to_court:
        return (
            _(
                "Your plan has lasted more than 15 months. Plans that last this long get "
                "extra checks."
            ),
        )
    if months < 21:
        return (
            _(
                "Your plan has lasted more than 15 months. Plans that last this long get "
                "extra checks. If worries about your child's safety stay the same, the "
                "council may think about legal steps."
            ),
        )
    if months < 24:
        return (
            _(
                "Your plan has lasted more than 21 months. Councils aim to end plans before "
                "2 years: either because your child is safe, or by taking other steps."
            ),
        )
    return (
        _(
            "Your plan has lasted 2 years or more. Few plans last this long. It is a good "
            "time to ask your social worker what needs to happen for the plan to end, and "
            "to get independent advice."
        ),
    )


def _next_checkpoint(timeline: Timeline) -> str | None:
    for months in CHECKPOINT_MONTHS:
        when = add_months(timeline.started, months)
        if when > timeline.today:
            return _(
                "Your plan reaches %(months)s months on %(date)s.",
                months=months,
                date=long_date(when),
            )
    return None


def _next_check(timeline: Timeline) -> NextCheck | None:
    """The procedure's next escalation point that has not happened yet (the 18th birthday
    is on the timeline, but it is not a check on the plan)."""
    for event in timeline.milestones:
        if event.milestone is None or event.milestone.builtin:
            continue
        if event.status in (EventStatus.UPCOMING, EventStatus.CONDITIONAL):
            condition = None
            if event.status == EventStatus.CONDITIONAL and event.milestone.after_review:
                condition = condition_text(event)
            return NextCheck(
                title=milestone_title(event.id or ""),
                date_text=event_date_text(event),
                meaning=_(event.milestone.family),
                condition=condition,
            )
    return None


def _national() -> tuple[str, ...]:
    return (
        _(
            "Most plans end within a year. Of the plans that ended in England in the year to "
            "March 2025, %(share)s had lasted less than a year.",
            share=format_percent(NATIONAL_UNDER_ONE_YEAR, "#,##0.0%"),
        ),
        _(
            "%(share)s of them (%(plans)s plans) had lasted 2 years or more.",
            share=format_percent(NATIONAL_TWO_YEARS_OR_MORE, "#,##0.0%"),
            plans=format_decimal(NATIONAL_TWO_YEARS_OR_MORE_PLANS),
        ),
        _(
            "Source: Department for Education, children in need statistics for the year "
            "ending 31 March 2025."
        ),
    )


def past_care_order_age(timeline: Timeline) -> bool:
    """The child is 17 or over today (known from the date of birth)."""
    if timeline.birthday is None:
        return False
    years_short = 18 - NO_CARE_ORDER_FROM_AGE
    return timeline.today >= add_months(timeline.birthday, -12 * years_short)


def has_legal_steps(timeline: Timeline) -> bool:
    return any(m.id in LEGAL_MILESTONES for m in timeline.profile.milestones)


def how_long(timeline: Timeline) -> HowLong:
    months, _days = timeline.age
    lasted = plan_age(timeline)
    if timeline.ended is not None:  # the plan has ended
        return HowLong(
            age_sentence=(
                _(
                    "Your child's plan ended on %(date)s. It lasted %(duration)s.",
                    date=long_date(timeline.ended),
                    duration=lasted,
                )
                if lasted
                else _("Your child's plan ended on %(date)s.", date=long_date(timeline.ended))
            ),
            stage_sentences=(),
            next_checkpoint=None,
            next_check=None,
            show_legal=False,
            past_care_order_age=False,
            past_eighteenth_birthday=False,
            national=_national(),
            end_sentence=end_reason_sentence(timeline.end_reason),
            end_anchor=END_REASON_ANCHORS.get(timeline.end_reason or ""),
        )
    return HowLong(
        age_sentence=(
            _("Your child's plan has lasted %(duration)s.", duration=lasted)
            if lasted
            else _("Your child's plan started today.")
        ),
        stage_sentences=_stage_sentences(months, not past_care_order_age(timeline)),
        next_checkpoint=_next_checkpoint(timeline),
        next_check=_next_check(timeline),
        show_legal=(
            has_legal_steps(timeline)
            and months >= LEGAL_NOTICE_FROM_MONTHS
            and not past_care_order_age(timeline)
        ),
        past_care_order_age=past_care_order_age(timeline),
        past_eighteenth_birthday=(
            timeline.birthday is not None and timeline.today >= timeline.birthday
        ),
        national=_national(),
        end_sentence=None,
        end_anchor=None,
    )
