"""The documented shape of the timeline JSON, checked: everything wrong with one."""

from __future__ import annotations

import re
from typing import Any

DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


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
