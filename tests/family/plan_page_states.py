"""Every open plan a family can meet, its day, and what the plan page must say of it."""

import datetime as dt
from dataclasses import dataclass, field

from tests.family.plans import PLACE, held_reviews, initial, record

LANGS = ["en", "ur"]
D = dt.date.fromisoformat

NEW_CORE_GROUP = (
    "The next core group meeting should happen by %(date)s. Your social "
    "worker will tell you the exact date."
)
NEW_REVIEW = (
    "The next review conference should happen by %(date)s. Your social worker "
    "will tell you the exact date."
)
LATE_REVIEW = (
    "The next review conference was due on %(date)s. Your social worker will tell you the new date."
)
LATE_CORE_GROUP = (
    "The next core group meeting was due by %(date)s. Your social worker "
    "will tell you the new date."
)
NOT_UPDATED_CORE_GROUP = (
    "The core group meeting was planned for %(date)s. It may have "
    "happened already: your plan may not be up to date yet."
)
CONDITION = (
    "This only happens if review conference %(number)s decides that the plan should carry on."
)
CONDITION_PROGRESS = (
    "This only happens if review conference %(number)s decides that the plan should "
    "carry on because things have not got better quickly enough."
)


@dataclass
class State:
    data: dict
    today: str
    says: list[tuple[str, dict]] = field(default_factory=list)  # (message, values)
    next_check: tuple[str, str] | None = None  # (title, due date)
    legal: bool = False
    calendar_keys: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    age: tuple[int, int] | None = None


def meetings(*items):
    """Core group meetings: (date, status) or (date, status, time, place)."""
    out = []
    for item in items:
        day, status, *rest = item
        time, place = (rest + [None, None])[:2]
        out.append({"date": day, "time": time, "place": place, "status": status})
    return out


STATES = {
    "new-plan": State(
        record(start="2026-11-02"),
        "2026-11-06",
        says=[
            (NEW_CORE_GROUP, {"date": D("2026-11-16")}),  # 10 working days
            (NEW_REVIEW, {"date": D("2027-02-02")}),  # 3 months
            (
                "Your plan reaches %(months)s months on %(date)s.",
                {"months": 3, "date": D("2027-02-02")},
            ),
        ],
        calendar_keys=("core-group-1", "review-conference-1"),
        tags=("Held", "Not booked yet"),
        age=(0, 4),
    ),
    "overdue-review-and-core-group": State(
        record(
            "greenwich",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(
                ("2026-01-22", "held", "10:00", PLACE), ("2026-03-01", "held")
            ),
        ),
        "2026-11-20",
        says=[
            (LATE_REVIEW, {"date": D("2026-10-09")}),  # 6 months after review 1
            (LATE_CORE_GROUP, {"date": D("2026-05-03")}),
        ],  # 9 weeks after meeting 2 (Greenwich)
        tags=("Overdue", "Held"),
        age=(10, 8),
    ),
    # National guidance sets no interval between core group meetings: once one is
    # recorded, nothing is projected, so nothing can be shown as overdue.
    "england-no-core-group-interval": State(
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(("2026-01-22", "held"), ("2026-03-01", "held")),
        ),
        "2026-09-20",
        says=[
            (NEW_REVIEW, {"date": D("2026-10-09")}),
            (
                "National guidance does not say how often the core group meets after the "
                "first meeting. The core group agrees this together, so no date is shown "
                "for the next meeting until it is booked.",
                {},
            ),
        ],
        tags=("Held", "Not booked yet"),
        calendar_keys=("review-conference-2",),
    ),
    # A plan transferred in from another council: its age counts from the day it
    # began there; the first item is the transfer-in conference.
    "transferred-in": State(
        record(
            "greenwich",
            conferences=[{"kind": "transfer_in", "date": "2026-01-12", "status": "held"}],
            on_plan_since="2025-07-01",
            core_group_meetings=meetings(("2026-01-20", "held")),
        ),
        "2026-02-01",
        says=[
            (NEW_REVIEW, {"date": D("2026-04-12")}),  # 3 months after the transfer-in
            (NEW_CORE_GROUP, {"date": D("2026-03-24")}),  # 9 weeks after meeting 1
        ],
        tags=("Held",),
        age=(7, 0),
        calendar_keys=("core-group-2", "review-conference-1"),
    ),
    "booked-core-group": State(
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(
                ("2026-01-22", "held"), ("2026-12-03", "scheduled", "14:30", PLACE)
            ),
        ),
        "2026-11-20",
        calendar_keys=("core-group-2",),
        tags=("Booked",),
    ),
    "scheduled-date-passed": State(
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(
                ("2026-01-22", "held"), ("2026-11-10", "scheduled", "14:00", PLACE)
            ),
        ),
        "2026-11-20",
        says=[(NOT_UPDATED_CORE_GROUP, {"date": D("2026-11-10")})],
        tags=("Not updated yet",),
    ),
    "stoke-line-manager-review": State(
        record(
            "stoke-on-trent",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09"),
                held_reviews("2026-10-09")[0] | {"progress": "insufficient"},
            ],
        ),
        "2026-11-20",
        says=[(CONDITION, {"number": 3})],  # the senior managers' review depends on review 3
        next_check=("Managers' review of the plan", "2027-01-09"),
        tags=("Coming up", "Only if needed"),
        calendar_keys=("review-conference-3",),
    ),
    # Review 2 continued the plan but its progress is not recorded: the line manager
    # review is only a possibility, and the page says why.
    "stoke-line-manager-review-if-no-progress": State(
        record(
            "stoke-on-trent",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-09")],
        ),
        "2026-11-20",
        says=[(CONDITION_PROGRESS, {"number": 2}), (CONDITION, {"number": 3})],
        next_check=("Managers' review of the plan", "2027-01-09"),
        tags=("Only if needed",),
        calendar_keys=("review-conference-3",),
    ),
    "stoke-senior-manager-review": State(
        record(
            "stoke-on-trent",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
            ],
            milestones_done=[{"id": "line-manager-review", "date": "2026-12-15"}],
        ),
        "2027-05-01",
        next_check=("Senior managers' review of the plan", "2027-07-09"),
        tags=("Done",),
        age=(15, 19),
        calendar_keys=("review-conference-4",),
    ),
    "twenty-one-month-chair-mid-point": State(
        record(
            "twenty-one-month-policy",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-09")],
        ),
        "2026-12-20",
        next_check=("Chair's one-year check", "2027-01-12"),
        calendar_keys=("review-conference-3",),
    ),
    "twenty-one-month-legal-planning": State(
        record(
            "twenty-one-month-policy",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
            ],
            milestones_done=[{"id": "chair-mid-point-review", "date": "2027-01-14"}],
        ),
        "2027-04-15",
        next_check=("Legal planning meeting", "2027-04-23"),  # 2 weeks after review 3
        legal=True,
        calendar_keys=("review-conference-4",),
    ),
    "twenty-one-month-qa-review": State(
        record(
            "twenty-one-month-policy",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
            ],
            milestones_done=[
                {"id": "chair-mid-point-review", "date": "2027-01-14"},
                {"id": "legal-planning-meeting", "date": "2027-04-20"},
            ],
        ),
        "2027-06-20",
        next_check=("Quality check at 18 months", "2027-07-12"),
        legal=True,
        calendar_keys=("review-conference-4",),
    ),
    "west-sussex-nine-months": State(
        record("west-sussex", conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")]),
        "2026-09-20",
        next_check=("Group manager's review", "2026-10-12"),
        calendar_keys=("review-conference-2",),
    ),
    # No dated legal gateway at 15 months (timeline rules version 2): the next check
    # is the group manager's review at 16 months.
    "west-sussex-fifteen-months": State(
        record(
            "west-sussex",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-09")],
            milestones_done=[{"id": "group-manager-review", "date": "2026-10-15"}],
        ),
        "2027-03-20",
        next_check=("Group manager's review at 16 months", "2027-05-12"),
        legal=True,
        calendar_keys=("review-conference-3",),
    ),
}
