"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) for what the API reads and writes.

The limits and choices come from the validator's own constants, so the published
schema cannot drift from what `portal.planning` enforces. A schema cannot say
everything the validator checks (one initial conference, nothing after the end, the
child's age...): those cross-field rules are described in words and reported as 422.
"""

from portal.planning.record import (
    ACTION_STATUSES,
    CATEGORIES,
    CONFERENCE_KINDS,
    DECISIONS,
    END_REASONS,
    FORMAT,
    MAX_EMAIL,
    MAX_FIRST_NAME,
    MAX_ITEMS,
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_PHONE,
    MAX_VISIT_DAYS,
    MEETING_STATUSES,
    PLAN_REQUIRED_FIELDS,
)

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
NOT_BLANK = r"\S"  # JSON Schema patterns are unanchored: "contains something visible"


def _date(description: str = "", nullable: bool = False) -> dict:
    schema = {
        "type": ["string", "null"] if nullable else "string",
        "format": "date",
        "pattern": DATE_PATTERN,
    }
    if description:
        schema["description"] = description
    return schema


def _text(limit: int, *, nullable: bool = False, description: str = "") -> dict:
    if nullable:
        schema = {"type": ["string", "null"], "maxLength": limit}
    else:
        schema = {"type": "string", "minLength": 1, "maxLength": limit, "pattern": NOT_BLANK}
    if description:
        schema["description"] = description
    return schema


def _list(items: dict, *, nullable: bool = True, description: str = "") -> dict:
    schema = {
        "type": ["array", "null"] if nullable else "array",
        "maxItems": MAX_ITEMS,
        "items": items,
    }
    if description:
        schema["description"] = description
    return schema


def _object(properties: dict, required: tuple[str, ...] = (), nullable: bool = False) -> dict:
    return {
        "type": ["object", "null"] if nullable else "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def plan_record_schema(profiles: list[str], languages: list[str]) -> dict:
    """The cp-plan/1 record, as accepted by POST and PUT and returned by GET."""
    paragraph = _text(MAX_PARAGRAPH, description="Plain text; shown escaped, never as HTML")
    paragraphs = _list(paragraph)
    status = {"enum": list(MEETING_STATUSES)}
    schema = _object(
        {
            "format": {"const": FORMAT},
            "reference": {
                "type": "string",
                "pattern": "^[A-Za-z0-9/-]{1,40}$",
                "description": "The authority's case reference; unique in the portal",
            },
            "profile": {"enum": profiles, "description": "The procedure profile's id"},
            "language": {
                "enum": [*languages, None],
                "description": "The family's preferred language (default en)",
            },
            "child": _object(
                {
                    "first_name": _text(MAX_FIRST_NAME, description="First name only"),
                    "date_of_birth": _date(nullable=True),
                },
                ("first_name",),
            ),
            "categories": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_ITEMS,
                "uniqueItems": True,
                "items": {"enum": list(CATEGORIES)},
            },
            "lead_social_worker": _object(
                {
                    "name": _text(MAX_LINE),
                    "phone": {
                        "type": ["string", "null"],
                        "maxLength": MAX_PHONE,
                        "pattern": r"^\+?[0-9 ()-]+$",
                    },
                    "email": {
                        "type": ["string", "null"],
                        "maxLength": MAX_EMAIL,
                        "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                    },
                },
                ("name",),
            ),
            "core_group": _list(
                _object(
                    {
                        "name": _text(MAX_LINE),
                        "role": _text(MAX_LINE),
                        "agency": _text(MAX_LINE, nullable=True),
                        "family": {"type": ["boolean", "null"]},
                    },
                    ("name", "role"),
                )
            ),
            "concerns": paragraphs,
            "child_needs": paragraphs,
            "parent_needs": paragraphs,
            "strengths": paragraphs,
            "outcomes": _list(
                _object(
                    {
                        "goal": paragraph,
                        "actions": _list(
                            _object(
                                {
                                    "action": paragraph,
                                    "who": _text(MAX_LINE),
                                    "by": _date(nullable=True),
                                    "status": {"enum": list(ACTION_STATUSES)},
                                },
                                ("action", "who", "status"),
                            )
                        ),
                    },
                    ("goal",),
                )
            ),
            "assessments": paragraphs,
            "contingency": _text(MAX_PARAGRAPH, nullable=True),
            "visits": _object(
                {
                    "every_days": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "maximum": MAX_VISIT_DAYS,
                    },
                    "unannounced": {"type": ["boolean", "null"]},
                },
                nullable=True,
            ),
            "conferences": _list(
                _object(
                    {
                        "kind": {"enum": list(CONFERENCE_KINDS)},
                        "date": _date(),
                        "status": status,
                        "decision": {
                            "enum": [*DECISIONS, None],
                            "description": "Held reviews only",
                        },
                    },
                    ("kind", "date", "status"),
                ),
                nullable=False,
                description="Exactly one held initial conference (the plan start) and "
                "the review conferences",
            ),
            "core_group_meetings": _list(
                _object(
                    {
                        "date": _date(),
                        "time": {
                            "type": ["string", "null"],
                            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                            "description": "HH:MM, UK local time",
                        },
                        "place": _text(MAX_LINE, nullable=True),
                        "status": status,
                    },
                    ("date", "status"),
                )
            ),
            "milestones_done": _list(
                _object({"id": {"type": "string"}, "date": _date()}, ("id", "date"))
            ),
            "ended": _object(
                {"date": _date(), "reason": {"enum": list(END_REASONS)}},
                ("date", "reason"),
                nullable=True,
            ),
        },
        PLAN_REQUIRED_FIELDS,
    )
    schema["description"] = (
        "A child protection plan record (cp-plan/1). Besides this schema the portal checks "
        "rules across fields and rejects a record that breaks any of them with 422: exactly "
        "one initial conference, held; nothing before it; held reviews need a decision; an "
        "ending review needs a matching `ended`; nothing held or scheduled after the end; "
        "the lead social worker needs a phone number or an email address; milestone ids "
        "come from the plan's profile; no control characters in text."
    )
    return schema


_NULLABLE_DATE = _date(nullable=True)
_NEXT = {
    "type": ["object", "null"],
    "properties": {
        "number": {"type": "integer", "minimum": 1},
        "due": _date(),
        "date": _NULLABLE_DATE,
        "status": {"enum": ["scheduled", "upcoming", "overdue"]},
    },
    "required": ["number", "due", "date", "status"],
    "additionalProperties": False,
}


def _event(kind: str, properties: dict, statuses: list[str]) -> dict:
    props = {"kind": {"const": kind}, **properties, "status": {"enum": statuses}}
    required = [key for key in props if key != "decision"]
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def timeline_schema() -> dict:
    """The timeline JSON object of timeline-rules.md."""
    numbered = {
        "number": {"type": ["integer", "null"], "minimum": 1},
        "due": _NULLABLE_DATE,
        "date": _NULLABLE_DATE,
    }
    series = ["held", "scheduled", "cancelled", "upcoming", "overdue"]
    return {
        "type": "object",
        "description": "What has happened, what is due next and the escalation points ahead "
        "(timeline rules, version 1). Dates are YYYY-MM-DD; absent values are null.",
        "properties": {
            "reference": {"type": "string"},
            "profile": {"type": "string"},
            "today": _date(),
            "status": {"enum": ["open", "ended"]},
            "started": _date(),
            "ended": _NULLABLE_DATE,
            "age": {
                "type": "object",
                "properties": {
                    "months": {"type": "integer", "minimum": 0},
                    "days": {"type": "integer", "minimum": 0, "maximum": 31},
                },
                "required": ["months", "days"],
                "additionalProperties": False,
            },
            "next_review_conference": _NEXT,
            "next_core_group": _NEXT,
            "events": {
                "type": "array",
                "items": {
                    "oneOf": [
                        _event("initial_conference", {"date": _date()}, ["held"]),
                        _event(
                            "review_conference",
                            {**numbered, "decision": {"enum": list(DECISIONS)}},
                            series,
                        ),
                        _event("core_group", numbered, series),
                        _event(
                            "milestone",
                            {"id": {"type": "string"}, "due": _date(), "date": _NULLABLE_DATE},
                            ["done", "upcoming", "overdue", "conditional"],
                        ),
                        _event(
                            "plan_end",
                            {"date": _date(), "reason": {"enum": list(END_REASONS)}},
                            ["held"],
                        ),
                    ]
                },
            },
        },
        "required": [
            "reference",
            "profile",
            "today",
            "status",
            "started",
            "ended",
            "age",
            "next_review_conference",
            "next_core_group",
            "events",
        ],
        "additionalProperties": False,
    }


def plan_summary_schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "reference": {"type": "string"},
            "profile": {"type": "string"},
            "language": {"type": "string"},
            "started": _date(),
            "ended": _NULLABLE_DATE,
            "version": {"type": "integer", "minimum": 1},
            "links": {
                "type": "object",
                "properties": {"self": {"type": "string"}, "timeline": {"type": "string"}},
                "required": ["self", "timeline"],
                "additionalProperties": False,
            },
        },
        "required": ["reference", "profile", "language", "started", "ended", "version", "links"],
        "additionalProperties": False,
    }


def plan_list_schema() -> dict:
    nullable_link = {"type": ["string", "null"]}
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/PlanSummary"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0},
            "links": {
                "type": "object",
                "properties": {
                    "self": {"type": "string"},
                    "next": nullable_link,
                    "prev": nullable_link,
                },
                "required": ["self", "next", "prev"],
                "additionalProperties": False,
            },
        },
        "required": ["items", "page", "per_page", "total", "links"],
        "additionalProperties": False,
    }


def error_schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "error": {"type": "string", "description": "What went wrong, in English"},
            "errors": {
                "type": "array",
                "description": "For 400 and 422: one entry per problem with the body",
                "items": {
                    "type": "object",
                    "properties": {
                        "pointer": {
                            "type": "string",
                            "description": "JSON pointer to the field; empty for the whole body",
                        },
                        "message": {"type": "string"},
                    },
                    "required": ["pointer", "message"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["error"],
        "additionalProperties": False,
    }
