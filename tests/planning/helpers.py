"""Builders and checkers shared by the planning tests."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


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


# --- the documented shape of the timeline JSON -------------------------------------

_EVENT_KEYS = {
    "initial_conference": ["kind", "date", "status"],
    "transfer_in_conference": ["kind", "date", "status"],
    "review_conference": ["kind", "number", "due", "date", "status"],
    "core_group": ["kind", "number", "due", "date", "status"],
    "milestone": ["kind", "id", "due", "date", "status"],
    "plan_end": ["kind", "date", "status", "reason"],
}
_KIND_ORDER = list(_EVENT_KEYS)
_STATUSES = {
    "initial_conference": {"held"},
    "transfer_in_conference": {"held"},
    "review_conference": {"held", "scheduled", "cancelled", "upcoming", "overdue"},
    "core_group": {"held", "scheduled", "cancelled", "upcoming", "overdue"},
    "milestone": {"done", "upcoming", "overdue", "conditional"},
    "plan_end": {"held"},
}


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and bool(DATE_RE.match(value))


def _is_date_or_null(value: Any) -> bool:
    return value is None or _is_date(value)


def _review_after_birthday(tl: Any) -> bool:
    """A held review after the 18th birthday milestone (then no review is projected)."""
    events = tl.get("events") or []
    birthdays = [
        e.get("due") for e in events if isinstance(e, dict) and e.get("id") == "eighteenth-birthday"
    ]
    reviews = [
        e.get("date")
        for e in events
        if isinstance(e, dict) and e.get("kind") == "review_conference" and e.get("date")
    ]
    return bool(birthdays and reviews and max(reviews) > birthdays[0])


def shape_problems(tl: Any) -> list[str]:
    """Everything wrong with ``tl`` as a timeline JSON object ([] when it is right)."""
    problems: list[str] = []

    def check(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    top = [
        "reference",
        "profile",
        "today",
        "status",
        "started",
        "transferred_in",
        "ended",
        "age",
        "next_review_conference",
        "next_core_group",
        "events",
    ]
    if not isinstance(tl, dict) or list(tl) != top:
        return [f"top-level keys are {list(tl) if isinstance(tl, dict) else tl!r}"]
    check(isinstance(tl["reference"], str), "reference")
    check(isinstance(tl["profile"], str), "profile")
    check(_is_date(tl["today"]), "today")
    check(tl["status"] in ("open", "ended"), "status")
    check(_is_date(tl["started"]), "started")
    check(_is_date_or_null(tl["transferred_in"]), "transferred_in")
    check(_is_date_or_null(tl["ended"]), "ended")
    check((tl["status"] == "ended") == (tl["ended"] is not None), "status matches ended")
    age = tl["age"]
    check(isinstance(age, dict) and list(age) == ["months", "days"], "age keys")
    if isinstance(age, dict) and list(age) == ["months", "days"]:
        check(all(type(v) is int and v >= 0 for v in age.values()), "age values")
        check(age["days"] <= 31, "age days")
    for key in ("next_review_conference", "next_core_group"):
        nxt = tl[key]
        if tl["status"] == "ended":
            check(nxt is None, f"{key} null when ended")
        elif nxt is None:
            # only a core group can have none (no interval, or past the 18th birthday),
            # or a review when the last recorded review is after the 18th birthday
            check(
                key == "next_core_group" or _review_after_birthday(tl),
                f"{key} missing on an open plan",
            )
        else:
            check(list(nxt) == ["number", "due", "date", "status"], f"{key} keys")
            check(type(nxt.get("number")) is int and nxt["number"] >= 1, f"{key} number")
            check(
                _is_date_or_null(nxt.get("due")) and _is_date_or_null(nxt.get("date")),
                f"{key} dates",
            )
            check(nxt.get("status") in ("scheduled", "upcoming", "overdue"), f"{key} status")
    events = tl["events"]
    if not isinstance(events, list):
        return problems + ["events is not a list"]
    previous = None
    for n, e in enumerate(events):
        kind = e.get("kind") if isinstance(e, dict) else None
        if kind not in _EVENT_KEYS:
            problems.append(f"event {n}: kind {kind!r}")
            continue
        keys = list(_EVENT_KEYS[kind])
        if kind == "review_conference" and e.get("status") == "held":
            keys.append("decision")
            check(e.get("decision") in ("continue", "end"), f"event {n}: decision")
        check(list(e) == keys, f"event {n}: keys {list(e)} != {keys}")
        check(e.get("status") in _STATUSES[kind], f"event {n}: status {e.get('status')!r}")
        for key in ("due", "date"):
            if key in e:
                check(_is_date_or_null(e[key]), f"event {n}: {key}")
        if kind in ("review_conference", "core_group"):
            if e["status"] == "cancelled":
                check(e["number"] is None and e["due"] is None, f"event {n}: cancelled")
            elif kind == "core_group" and e["number"] != 1:
                # a profile without a core group interval gives later meetings no due date
                check(type(e["number"]) is int and _is_date_or_null(e["due"]), f"event {n}")
            else:
                check(type(e["number"]) is int and _is_date(e["due"]), f"event {n}: numbered")
            if e["status"] in ("upcoming", "overdue"):
                check(e["date"] is None, f"event {n}: projected has no date")
            else:
                check(_is_date(e["date"]), f"event {n}: recorded has a date")
        if kind == "milestone":
            check(_is_date(e["due"]), f"event {n}: milestone due")
            check((e["status"] == "done") == (e["date"] is not None), f"event {n}: done date")
        if kind in ("initial_conference", "transfer_in_conference", "plan_end"):
            check(_is_date(e["date"]), f"event {n}: date")
        when = e.get("date") or e.get("due")
        key = (when, _KIND_ORDER.index(kind))
        if previous is not None:
            check(previous <= key, f"event {n}: out of order")
        previous = key
    if events:
        check(
            events[0].get("kind") in ("initial_conference", "transfer_in_conference"),
            "the first conference first",
        )
    check(
        sum(1 for e in events if isinstance(e, dict) and e.get("kind") == "plan_end")
        == (1 if tl["status"] == "ended" else 0),
        "one plan_end when ended",
    )
    return problems


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
