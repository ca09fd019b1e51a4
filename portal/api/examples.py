"""Worked examples for the API description: a made-up plan and what the API says about it.

The timeline example is computed by the timeline engine itself, so it can never
disagree with what the API returns for the same plan on the same day.
"""

import datetime as dt

from portal.planning import compute_timeline, parse_record, record_to_dict, timeline_to_json

EXAMPLE_DAY = dt.date(2026, 5, 20)


def example_record(profile: str = "england") -> dict:
    """A fictional plan: first names only, example.org addresses, a drama phone number."""
    return {
        "format": "cp-plan/2",
        "reference": "EX-2026-0042",
        "profile": profile,
        "language": "en",
        "child": {"first_name": "Robin", "date_of_birth": "2016-09-14"},
        "categories": ["neglect"],
        "lead_social_worker": {
            "name": "Priya",
            "phone": "01632 960001",
            "email": "priya@example.org",
        },
        "core_group": [
            {"name": "Jess", "role": "Mother", "agency": None, "family": True},
            {"name": "Tom", "role": "Class teacher", "agency": "Primary school", "family": False},
        ],
        "concerns": ["Robin has often arrived at school hungry and without a coat."],
        "child_needs": ["Breakfast every day and warm clothes for school."],
        "parent_needs": ["Help with budgeting and with the heating bills."],
        "strengths": ["Jess walks Robin to school and wants things to change."],
        "outcomes": [
            {
                "goal": "Robin has breakfast every school day.",
                "actions": [
                    {
                        "action": "Arrange a breakfast club place.",
                        "who": "School",
                        "by": "2026-02-06",
                        "status": "done",
                    },
                ],
            }
        ],
        "assessments": ["Family support team assessment."],
        "contingency": "If things do not improve by the first review, the conference will "
        "think again about what help is needed.",
        "visits": {"every_days": 14, "unannounced": True},
        "conferences": [
            {"kind": "initial", "date": "2026-01-12", "status": "held", "categories": ["neglect"]},
            {
                "kind": "review",
                "date": "2026-04-09",
                "status": "held",
                "decision": "continue",
                "progress": "sufficient",
                "time": "10:00",
                "place": "Civic Centre, room 4",
                "chair": "Kim",
            },
            {
                "kind": "review",
                "date": "2026-10-08",
                "status": "scheduled",
                "time": "14:00",
                "place": "Online: the chair sends the joining link the day before",
            },
        ],
        "core_group_meetings": [
            {"date": "2026-01-22", "time": "10:00", "place": "Family centre", "status": "held"},
            {"date": "2026-06-02", "time": "14:00", "place": "School", "status": "scheduled"},
        ],
        "milestones_done": [],
        "visit_log": [{"date": "2026-05-06", "seen_alone": True}],
        "previous_plans": 0,
        "ended": None,
    }


def examples(profiles: dict) -> dict:
    """Request and response examples keyed by name, for the OpenAPI components."""
    profile_id = "england" if "england" in profiles else sorted(profiles)[0]
    record = record_to_dict(parse_record(example_record(profile_id), profiles))
    timeline = compute_timeline(parse_record(record, profiles), profiles[profile_id], EXAMPLE_DAY)
    reference = record["reference"]
    summary = {
        "reference": reference,
        "profile": profile_id,
        "language": record["language"],
        "started": record["conferences"][0]["date"],
        "ended": None,
        "version": 1,
        "updated_at": "2026-05-20T09:30:00.000000Z",
        "deleted": False,
        "links": {
            "self": f"/api/v1/plans/{reference}",
            "timeline": f"/api/v1/plans/{reference}/timeline",
        },
    }
    return {
        "PlanRecord": record,
        "Timeline": timeline_to_json(timeline),
        "PlanList": {
            "items": [summary],
            "page": 1,
            "per_page": 20,
            "total": 1,
            "links": {"self": "/api/v1/plans?page=1&per_page=20", "next": None, "prev": None},
        },
        "ChangeFeed": {
            "items": [
                summary,
                {
                    "reference": "EX-0007",
                    "deleted": True,
                    "version": 4,
                    "updated_at": "2026-05-20T10:02:11.104233Z",
                },
            ],
            "per_page": 100,
            "cursor": "MjAyNi0wNS0yMFQxMDowMjoxMS4xMDQyMzN8MXwxMg==",
            "links": {
                "self": "/api/v1/plans?updated_since=2026-05-20T00:00:00Z&per_page=100",
                "next": None,
            },
        },
        "BulkResult": {
            "counts": {"created": 1, "updated": 0, "unchanged": 1, "error": 1, "not_processed": 0},
            "results": [
                {"line": 1, "reference": reference, "result": "created", "version": 1},
                {"line": 2, "reference": "EX-0002", "result": "unchanged", "version": 3},
                {
                    "line": 3,
                    "reference": "EX-0003",
                    "result": "error",
                    "errors": [
                        {"pointer": "/categories", "message": "Choose at least one category"}
                    ],
                },
            ],
        },
        "Invalid": {
            "error": "The plan record is not valid.",
            "errors": [
                {
                    "pointer": "/conferences/2/date",
                    "message": "Enter a real date in the format YYYY-MM-DD, like 2026-03-31",
                },
            ],
        },
        "Unauthorized": {"error": "Send a valid API key as `Authorization: Bearer <key>`."},
    }
