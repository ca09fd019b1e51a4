"""Plan records for the family view tests, each a whole cp-plan/1 record."""

import copy
import itertools

_numbers = itertools.count(1)

CHILD_NAME = "Zofiaxq"  # unusual, so a test can search for it anywhere
CONCERN = "Zofiaxq has missed meals <script>alert(1)</script> and **bold** school days."
PLACE = "Family centre, Room 2"


def record(profile="england", start="2026-01-12", **changes) -> dict:
    """A valid record with every section filled in; `changes` replace top-level fields."""
    base = {
        "format": "cp-plan/1",
        "reference": f"FV-{next(_numbers):05d}",
        "profile": profile,
        "language": "en",
        "child": {"first_name": CHILD_NAME, "date_of_birth": "2014-05-30"},
        "categories": ["neglect", "emotional_abuse"],
        "lead_social_worker": {
            "name": "Sam Patelqz",
            "phone": "01782 000 000",
            "email": "sam.patel@example.org",
        },
        "core_group": [
            {"name": "Anna Nowakqz", "role": "Mother", "agency": None, "family": True},
            {
                "name": "Jo Reedqz",
                "role": "Health visitor",
                "agency": "Community health",
                "family": False,
            },
        ],
        "concerns": [CONCERN, "Second worry line one.\nSecond worry line two."],
        "child_needs": ["Regular meals qzneeds."],
        "parent_needs": ["Help with money qzparent."],
        "strengths": ["Anna is warm qzstrength."],
        "outcomes": [
            {
                "goal": "Goes to school every day qzgoal.",
                "actions": [
                    {
                        "action": "Walk to school qzaction.",
                        "who": "Anna Nowakqz",
                        "by": "2026-02-27",
                        "status": "open",
                    },
                    {
                        "action": "Breakfast club qzaction2.",
                        "who": "School",
                        "by": "2026-01-30",
                        "status": "done",
                    },
                    {
                        "action": "Old idea qzaction3.",
                        "who": "School",
                        "by": None,
                        "status": "dropped",
                    },
                ],
            },
        ],
        "assessments": ["Parenting assessment qzassess."],
        "contingency": "If things do not improve qzcontingency.",
        "visits": {"every_days": 10, "unannounced": True},
        "conferences": [{"kind": "initial", "date": start, "status": "held"}],
        "core_group_meetings": [],
        "milestones_done": [],
        "ended": None,
    }
    base.update(copy.deepcopy(changes))
    return base


def held_reviews(*dates, last_decision="continue"):
    """Review conferences held on `dates`, all continuing the plan but maybe the last."""
    out = [{"kind": "review", "date": d, "status": "held", "decision": "continue"} for d in dates]
    if out:
        out[-1]["decision"] = last_decision
    return out


def initial(start):
    return {"kind": "initial", "date": start, "status": "held"}
