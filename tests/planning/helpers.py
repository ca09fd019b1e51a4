"""Plans built for the planning tests, and the normalised cp-plan/2 form expected of them."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from portal.planning import Timeline, compute_timeline, parse_record, timeline_to_json

from .timeline_shape import shape_problems


def make_plan(
    profile: str = "england",
    start: str = "2026-01-12",
    reviews: list[tuple[str, str] | tuple[str, str, str]] = (),
    meetings: list[tuple[str, str]] = (),
    ended: tuple[str, str] | None = None,
    dob: str | None = None,
    done: list[tuple[str, str]] = (),
    progress: dict[int, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A minimal valid cp-plan/1 dict (it has none of the cp-plan/2 fields).

    ``reviews`` are (date, status) or (date, "held", decision) tuples; ``meetings``
    are (date, status); ``ended`` is (date, reason); ``done`` are (id, date);
    ``progress`` maps a review's position in ``reviews`` (from 1) to its progress.
    """
    conferences: list[dict[str, Any]] = [{"kind": "initial", "date": start, "status": "held"}]
    for n, review in enumerate(reviews, start=1):
        item = {"kind": "review", "date": review[0], "status": review[1]}
        if review[1] == "held":
            item["decision"] = review[2] if len(review) > 2 else "continue"
        if progress and n in progress:
            item["progress"] = progress[n]
        conferences.append(item)
    child: dict[str, Any] = {"first_name": "Sam"}
    if dob is not None:
        child["date_of_birth"] = dob
    plan: dict[str, Any] = {
        "format": "cp-plan/1",
        "reference": "T-1",
        "profile": profile,
        "child": child,
        "categories": ["neglect"],
        "lead_social_worker": {"name": "Alex Kay", "phone": "01234 567890"},
        "conferences": conferences,
        "core_group_meetings": [{"date": d, "status": s} for d, s in meetings],
        "milestones_done": [{"id": i, "date": d} for i, d in done],
        "ended": {"date": ended[0], "reason": ended[1]} if ended else None,
    }
    plan.update(copy.deepcopy(extra))
    return plan


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- a timeline of make_plan(**plan), as the timeline tests read it ---------------------


def timeline(profiles, today="2026-06-01", **plan) -> Timeline:
    record = parse_record(make_plan(**plan), profiles)
    return compute_timeline(record, profiles[record.profile], d(today))


def as_json(profiles, today="2026-06-01", **plan):
    out = timeline_to_json(timeline(profiles, today, **plan))
    assert shape_problems(out) == []
    return out


def rows(out, kind):
    return [e for e in out["events"] if e["kind"] == kind]


def brief(events):
    """(number or id, due, date, status) of each event."""
    return [
        (e.get("number", e.get("id")), e.get("due"), e.get("date"), e["status"]) for e in events
    ]


def normalised(plan: dict[str, Any]) -> dict[str, Any]:
    """What record_to_dict should give for a valid ``plan``: written independently.

    Absent optional lists become [], absent optional values null, the language
    defaults to "en", and the format becomes cp-plan/2. A conference keeps
    ``decision`` and ``progress`` on held reviews only and ``categories`` on held
    conferences only.
    """
    p = copy.deepcopy(plan)

    def conference(c: dict[str, Any]) -> dict[str, Any]:
        out = {"kind": c["kind"], "date": c["date"], "status": c["status"]}
        if c["kind"] == "review" and c["status"] == "held":
            out["decision"] = c["decision"]
            out["progress"] = c.get("progress")
        out["time"] = c.get("time")
        out["place"] = c.get("place")
        out["chair"] = c.get("chair")
        if c["status"] == "held":
            out["categories"] = c.get("categories") or []
        return out

    lead = p["lead_social_worker"]
    visits = p.get("visits")
    return {
        "format": "cp-plan/2",
        "reference": p["reference"],
        "profile": p["profile"],
        "language": p.get("language") or "en",
        "child": {
            "first_name": p["child"]["first_name"],
            "date_of_birth": p["child"].get("date_of_birth"),
        },
        "categories": p["categories"],
        "lead_social_worker": {
            "name": lead["name"],
            "phone": lead.get("phone") or None,
            "email": lead.get("email") or None,
        },
        "core_group": [
            {
                "name": m["name"],
                "role": m["role"],
                "agency": m.get("agency"),
                "family": m.get("family"),
            }
            for m in p.get("core_group") or []
        ],
        "concerns": p.get("concerns") or [],
        "child_needs": p.get("child_needs") or [],
        "parent_needs": p.get("parent_needs") or [],
        "strengths": p.get("strengths") or [],
        "outcomes": [
            {
                "goal": o["goal"],
                "actions": [
                    {
                        "action": a["action"],
                        "who": a["who"],
                        "by": a.get("by"),
                        "status": a["status"],
                    }
                    for a in o.get("actions") or []
                ],
            }
            for o in p.get("outcomes") or []
        ],
        "assessments": p.get("assessments") or [],
        "contingency": p.get("contingency"),
        "visits": None
        if visits is None
        else {"every_days": visits.get("every_days"), "unannounced": visits.get("unannounced")},
        "conferences": [conference(c) for c in p["conferences"]],
        "on_plan_since": p.get("on_plan_since"),
        "core_group_meetings": [
            {
                "date": m["date"],
                "time": m.get("time"),
                "place": m.get("place"),
                "status": m["status"],
            }
            for m in p.get("core_group_meetings") or []
        ],
        "milestones_done": p.get("milestones_done") or [],
        "visit_log": [
            {"date": v["date"], "seen_alone": v.get("seen_alone")} for v in p.get("visit_log") or []
        ],
        "previous_plans": p.get("previous_plans"),
        "translations": p.get("translations") or {},
        "ended": p.get("ended"),
    }


def full_plan():
    """The plan-format.md example (cp-plan/2) in its normalised form, every field given."""
    return {
        "format": "cp-plan/2",
        "reference": "ST-2026-0001",
        "profile": "stoke-on-trent",
        "language": "pl",
        "child": {"first_name": "Maja", "date_of_birth": "2014-05-30"},
        "categories": ["neglect"],
        "lead_social_worker": {
            "name": "Sam Patel",
            "phone": "01782 000000",
            "email": "sam.patel@example.org",
        },
        "core_group": [
            {"name": "Anna Nowak", "role": "Mother", "agency": None, "family": True},
            {
                "name": "Jo Reed",
                "role": "Health visitor",
                "agency": "Community health",
                "family": False,
            },
        ],
        "concerns": ["Maja has often missed school and meals at home."],
        "child_needs": ["Regular meals and getting to school every day."],
        "parent_needs": ["Help with money and a stable home."],
        "strengths": ["Anna is warm with Maja and wants things to change."],
        "outcomes": [
            {
                "goal": "Maja goes to school every day.",
                "actions": [
                    {
                        "action": "Walk Maja to school each morning.",
                        "who": "Anna Nowak",
                        "by": "2026-02-27",
                        "status": "open",
                    },
                    {
                        "action": "Arrange breakfast club place.",
                        "who": "School",
                        "by": "2026-01-30",
                        "status": "done",
                    },
                ],
            },
        ],
        "assessments": ["Parenting assessment by the family support team."],
        "contingency": "If attendance does not improve by the first review, the conference "
        "will consider legal advice.",
        "visits": {"every_days": 14, "unannounced": True},
        "conferences": [
            {
                "kind": "initial",
                "date": "2026-01-12",
                "status": "held",
                "time": None,
                "place": None,
                "chair": None,
                "categories": ["neglect"],
            },
            {
                "kind": "review",
                "date": "2026-04-09",
                "status": "held",
                "decision": "continue",
                "progress": None,
                "time": None,
                "place": None,
                "chair": None,
                "categories": [],
            },
            {
                "kind": "review",
                "date": "2026-10-09",
                "status": "held",
                "decision": "continue",
                "progress": "insufficient",
                "time": "10:00",
                "place": "Civic Centre, room 4",
                "chair": "Kim Ashworth",
                "categories": ["neglect"],
            },
            {
                "kind": "review",
                "date": "2027-04-08",
                "status": "scheduled",
                "time": "14:00",
                "place": "Online: the chair sends the joining link the day before",
                "chair": None,
            },
        ],
        "on_plan_since": None,
        "core_group_meetings": [
            {"date": "2026-01-22", "time": "10:00", "place": "Family centre", "status": "held"},
            {"date": "2027-01-13", "time": "14:00", "place": "School", "status": "scheduled"},
        ],
        "milestones_done": [{"id": "line-manager-review", "date": "2026-12-15"}],
        "visit_log": [{"date": "2026-12-02", "seen_alone": True}],
        "previous_plans": 0,
        "translations": {
            "pl": {
                "/concerns/0": {
                    "text": "Maja często opuszczała szkołę i posiłki w domu.",
                    "english": "Maja has often missed school and meals at home.",
                }
            }
        },
        "ended": None,
    }
