"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) for what the API reads and writes.

The plan record's schema is generated from the record's one definition
(`portal.planning.format`), so it accepts what the validator accepts. A schema cannot
say everything the validator checks (one first conference, nothing after the end, the
child's age...): those rules across fields are described in words and reported as 422.
"""

from portal.planning.format.json_schema import plan_record_schema
from portal.planning.format.vocabulary import DATE_PATTERN, DECISIONS, END_REASONS

__all__ = [
    "DATE_PATTERN",
    "bulk_result_schema",
    "error_schema",
    "plan_deletion_schema",
    "plan_list_schema",
    "plan_record_schema",
    "plan_summary_schema",
    "timeline_schema",
]


def _date(nullable: bool = False) -> dict:
    return {
        "type": ["string", "null"] if nullable else "string",
        "format": "date",
        "pattern": DATE_PATTERN,
    }


_NULLABLE_DATE = _date(nullable=True)
_NEXT = {
    "type": ["object", "null"],
    "properties": {
        "number": {"type": "integer", "minimum": 1},
        "due": _NULLABLE_DATE,
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
        "(timeline rules, version 2). Dates are YYYY-MM-DD; absent values are null.",
        "properties": {
            "reference": {"type": "string"},
            "profile": {"type": "string"},
            "today": _date(),
            "status": {"enum": ["open", "ended"]},
            "started": _date(),
            "transferred_in": _NULLABLE_DATE,
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
                        _event("transfer_in_conference", {"date": _date()}, ["held"]),
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
            "transferred_in",
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
            "updated_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the plan was last changed (UTC)",
            },
            "deleted": {"const": False},
            "previous_reference": {
                "type": "string",
                "description": "Only when the plan's last change renamed it: the reference "
                "it had, which the feed also lists as deleted",
            },
            "links": {
                "type": "object",
                "properties": {"self": {"type": "string"}, "timeline": {"type": "string"}},
                "required": ["self", "timeline"],
                "additionalProperties": False,
            },
        },
        "required": [
            "reference",
            "profile",
            "language",
            "started",
            "ended",
            "version",
            "updated_at",
            "deleted",
            "links",
        ],
        "additionalProperties": False,
    }


def plan_deletion_schema() -> dict:
    return {
        "type": "object",
        "description": "In the change feed only: a plan deleted (through the API or by the "
        "retention rule). Delete it from your system too.",
        "properties": {
            "reference": {"type": "string"},
            "deleted": {"const": True},
            "version": {"type": "integer", "minimum": 1, "description": "Its last version"},
            "updated_at": {
                "type": "string",
                "format": "date-time",
                "description": "When it was deleted (UTC)",
            },
        },
        "required": ["reference", "deleted", "version", "updated_at"],
        "additionalProperties": False,
    }


#: What a bulk import line can come to (`not_processed`: the request's time ran out).
BULK_RESULTS = ("created", "updated", "unchanged", "error", "not_processed")


def bulk_result_schema() -> dict:
    line_error = {"$ref": "#/components/schemas/Error/properties/errors/items"}
    return {
        "type": "object",
        "properties": {
            "counts": {
                "type": "object",
                "properties": {kind: {"type": "integer", "minimum": 0} for kind in BULK_RESULTS},
                "required": list(BULK_RESULTS),
                "additionalProperties": False,
            },
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "line": {"type": "integer", "minimum": 1},
                        "reference": {"type": ["string", "null"]},
                        "result": {"enum": list(BULK_RESULTS)},
                        "version": {"type": "integer", "minimum": 1},
                        "errors": {"type": "array", "items": line_error},
                    },
                    "required": ["line", "reference", "result"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["counts", "results"],
        "additionalProperties": False,
    }


def plan_list_schema() -> dict:
    nullable_link = {"type": ["string", "null"]}
    return {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/PlanSummary"},
                        {"$ref": "#/components/schemas/PlanDeletion"},
                    ]
                },
                "description": "Plans; in the change feed also deleted plans",
            },
            "page": {"type": "integer", "minimum": 1, "description": "Pages only"},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0, "description": "Pages only"},
            "cursor": {
                "type": ["string", "null"],
                "description": "Changes only: keep it, and ask `?cursor=` next time",
            },
            "links": {
                "type": "object",
                "properties": {
                    "self": {"type": "string"},
                    "next": nullable_link,
                    "prev": nullable_link,
                },
                "required": ["self", "next"],
                "additionalProperties": False,
            },
        },
        "required": ["items", "per_page", "links"],
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
