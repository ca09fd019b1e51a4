"""Writing a record back out: the normalised cp-plan/2 dict, keys in the order of
``plan-format.md``. Absent optional lists become ``[]``, absent optional values
``null``, the language defaults to ``en``; ``decision`` and ``progress`` appear on
held reviews only, a conference's ``categories`` on held conferences only. Codes come
out as the model holds them, ``StrEnum`` members: equal to the codes, and written as
them by ``json`` and the database.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, cast

from .model import Conference, PlanRecord
from .record_dict import ConferenceDict, PlanRecordDict, StoredConference, VisitsDict
from .vocabulary import FORMAT, ConferenceKind, MeetingStatus


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _conference(c: Conference) -> ConferenceDict:
    item: ConferenceDict = {"kind": c.kind, "date": c.date.isoformat(), "status": c.status}
    if c.is_held_review:
        item["decision"] = c.decision
        item["progress"] = c.progress
    item["time"] = _hhmm(c.time)
    item["place"] = c.place
    item["chair"] = c.chair
    if c.status == MeetingStatus.HELD:
        item["categories"] = list(c.categories)
    return item


def record_to_dict(record: PlanRecord) -> dict[str, Any]:
    """The normalised cp-plan/2 dict of ``record`` (a cp-plan/1 record comes out as 2)."""
    lead = record.lead_social_worker
    visits: VisitsDict | None = None
    if record.visits is not None:
        visits = {"every_days": record.visits.every_days, "unannounced": record.visits.unannounced}
    normalised: PlanRecordDict = {
        "format": FORMAT,
        "reference": record.reference,
        "profile": record.profile,
        "language": record.language,
        "child": {
            "first_name": record.child.first_name,
            "date_of_birth": _iso(record.child.date_of_birth),
        },
        "categories": list(record.categories),
        "lead_social_worker": {"name": lead.name, "phone": lead.phone, "email": lead.email},
        "core_group": [
            {"name": m.name, "role": m.role, "agency": m.agency, "family": m.family}
            for m in record.core_group
        ],
        "concerns": list(record.concerns),
        "child_needs": list(record.child_needs),
        "parent_needs": list(record.parent_needs),
        "strengths": list(record.strengths),
        "outcomes": [
            {
                "goal": o.goal,
                "actions": [
                    {"action": a.action, "who": a.who, "by": _iso(a.by), "status": a.status}
                    for a in o.actions
                ],
            }
            for o in record.outcomes
        ],
        "assessments": list(record.assessments),
        "contingency": record.contingency,
        "visits": visits,
        "conferences": [_conference(c) for c in record.conferences],
        "on_plan_since": _iso(record.on_plan_since),
        "core_group_meetings": [
            {
                "date": m.date.isoformat(),
                "time": _hhmm(m.time),
                "place": m.place,
                "status": m.status,
            }
            for m in record.core_group_meetings
        ],
        "milestones_done": [
            {"id": m.id, "date": m.date.isoformat()} for m in record.milestones_done
        ],
        "visit_log": [
            {"date": v.date.isoformat(), "seen_alone": v.seen_alone} for v in record.visit_log
        ],
        "previous_plans": record.previous_plans,
        "translations": {
            language: {
                pointer: {"text": t.text, "english": t.english} for pointer, t in entries.items()
            }
            for language, entries in record.translations.items()
        },
        "ended": (
            {"date": record.ended.date.isoformat(), "reason": record.ended.reason}
            if record.ended is not None
            else None
        ),
    }
    # Built as a PlanRecordDict so its shape is checked; handed out as a plain dict
    # because callers outside the strict modules (the plan forms, the demo generator,
    # the API examples) take a plain dict and address its fields by keys known at run time.
    return cast(dict[str, Any], normalised)


def as_version_2(record: dict[str, object]) -> dict[str, object]:
    """A stored (normalised) ``cp-plan/1`` record as the normalised ``cp-plan/2`` record
    that means the same: what :func:`record_to_dict` gives for it, worked out without
    the profiles, so that old rows can be upgraded and exported as they are. A record
    that already says ``cp-plan/2`` is returned unchanged."""
    if record.get("format") == FORMAT:
        return record
    out: dict[str, object] = {}
    for key, value in record.items():
        if key == "format":
            out[key] = FORMAT
        elif key == "conferences":
            # A stored record is normalised: its conferences are a list of objects.
            out[key] = [_conference_v2(c) for c in cast(list[StoredConference], value)]
            out["on_plan_since"] = None
        elif key == "milestones_done":
            out[key] = value
            out["visit_log"] = []
            out["previous_plans"] = None
            out["translations"] = {}
        else:
            out[key] = value
    return out


def _conference_v2(c: StoredConference) -> ConferenceDict:
    item: ConferenceDict = {"kind": c["kind"], "date": c["date"], "status": c["status"]}
    if c["kind"] == ConferenceKind.REVIEW and c["status"] == MeetingStatus.HELD:
        item["decision"] = c.get("decision")
        item["progress"] = c.get("progress")
    item["time"] = c.get("time")
    item["place"] = c.get("place")
    item["chair"] = c.get("chair")
    if c["status"] == MeetingStatus.HELD:
        item["categories"] = list(c.get("categories") or [])
    return item
