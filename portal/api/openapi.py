"""The OpenAPI 3.1 description of /api/v1, built in code beside the views it describes.

The record schema is generated from the validator's own limits and from the profiles
and languages this portal offers, so the description is built once per app.
"""

from flask import Flask

from portal.api import bulk, schema
from portal.api.examples import examples
from portal.config import settings

JSON = "application/json"


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json_content(schema_name: str, example: str | None = None) -> dict:
    content = {"schema": _ref("schemas", schema_name)}
    if example:
        content["examples"] = {example: _ref("examples", example)}
    return {JSON: content}


def _response(
    description: str, schema_name: str, example: str | None = None, headers: tuple[str, ...] = ()
) -> dict:
    response = {"description": description, "content": _json_content(schema_name, example)}
    if headers:
        response["headers"] = {name: _ref("headers", name) for name in headers}
    return response


def _errors(*codes: int) -> dict:
    return {str(code): _ref("responses", f"Error{code}") for code in codes}


_ERROR_DESCRIPTIONS = {
    400: "The body or a query parameter could not be read (not JSON, repeated names, "
    "NaN, a bad page number or date), or a query parameter this address does not know "
    "(named in `error`).",
    401: "No API key, or a key that is not valid or has been revoked. The response carries "
    "`WWW-Authenticate: Bearer`.",
    403: "This API key may not do this (deleting plans needs a key made with `--may-delete`).",
    404: "There is no plan with this reference.",
    409: "A plan with this reference already exists (POST), the stored plan no longer "
    "passes its profile's checks (timeline), or the plan is for measurement only (GET: "
    "loaded from an Annex A list, its record holds stand-ins until completed; a PUT of "
    "the whole record completes it).",
    412: "If-Match names a version other than the current one. The response's ETag gives "
    "the current version.",
    413: "The body is larger than the portal's limit.",
    415: "The body is not sent as `application/json`.",
    428: "A PUT or DELETE without `If-Match`. Send the ETag you read, or `*` to replace "
    "or delete the plan whatever it holds now. The response's ETag gives the current version.",
    429: "Too many calls with this key (`PORTAL_API_RATE_LIMIT`, and for bulk imports "
    "`PORTAL_API_BULK_RATE_LIMIT`). `Retry-After` says when to try again.",
    422: "The record breaks one or more rules of the cp-plan/2 format; `errors` lists each "
    "one with a JSON pointer to the field. Nothing is stored.",
}


def _operations() -> dict:
    reference = _ref("parameters", "reference")
    return {
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI 3.1 document",
                        "content": {JSON: {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        "/plans": {
            "get": {
                "operationId": "plans",
                "summary": "List plans, in the order they were added, or the changes since a time",
                "description": "With `updated_since` or `cursor`: the plans changed since, "
                "oldest change first, `per_page` at a time; follow `links.next`, and keep "
                "`cursor` for the next sync. Unknown query parameters are refused (400).",
                "parameters": [
                    _ref("parameters", "page"),
                    _ref("parameters", "per_page"),
                    _ref("parameters", "updated_since"),
                    _ref("parameters", "cursor"),
                ],
                "responses": {
                    "200": {
                        "description": "A page of plans, or of changes (with deletions)",
                        "content": {
                            JSON: {
                                "schema": _ref("schemas", "PlanList"),
                                "examples": {
                                    "PlanList": _ref("examples", "PlanList"),
                                    "ChangeFeed": _ref("examples", "ChangeFeed"),
                                },
                            }
                        },
                    },
                    **_errors(400, 401),
                },
            },
            "post": {
                "operationId": "import_plan",
                "summary": "Import a new plan record",
                "requestBody": {
                    "required": True,
                    "content": _json_content("PlanRecord", "PlanRecord"),
                },
                "responses": {
                    "201": _response(
                        "Stored: the normalised record",
                        "PlanRecord",
                        "PlanRecord",
                        ("ETag", "Location"),
                    ),
                    **_errors(400, 401, 409, 413, 415, 422),
                },
            },
        },
        "/plans/bulk": {
            "post": {
                "operationId": "bulk_import",
                "parameters": [_ref("parameters", "existing")],
                "summary": "Import or replace many plan records (NDJSON, one a line)",
                "description": "Each line is one cp-plan/2 record, stored or refused on its "
                "own, whole. A new reference is created. A line for a plan that exists is "
                "`unchanged` if it says the same; if it differs it is an error with "
                "`existing=keep` (the default) and replaces the plan, last writer wins, with "
                f"`existing=replace`. At most {bulk.MAX_RECORDS} lines and "
                f"{bulk.MAX_BYTES // (1024 * 1024)} MB a request; a line over "
                f"{bulk.MAX_LINE_BYTES // (1024 * 1024)} MB is refused. The answer has a "
                "result for every line; lines not reached within "
                f"{bulk.TIME_BUDGET_SECONDS:g} s are `not_processed` (nothing stored: send "
                "them again). Counted in `PORTAL_API_BULK_RATE_LIMIT` as well.",
                "requestBody": {
                    "required": True,
                    "content": {
                        bulk.NDJSON_TYPES[0]: {
                            "schema": {
                                "type": "string",
                                "description": "cp-plan/2 records, one JSON object a line",
                            }
                        }
                    },
                },
                "responses": {
                    "200": _response("A result for every line", "BulkResult", "BulkResult"),
                    **_errors(400, 401, 413, 415, 429),
                },
            },
        },
        "/plans/{reference}": {
            "parameters": [reference],
            "get": {
                "operationId": "plan",
                "summary": "One plan record, as stored (normalised cp-plan/2)",
                "responses": {
                    "200": _response("The record", "PlanRecord", "PlanRecord", ("ETag",)),
                    **_errors(401, 404, 409),
                },
            },
            "put": {
                "operationId": "replace_plan",
                "summary": "Replace a plan record",
                "description": "The body's `reference` must be the one in the address (else "
                "422). `If-Match` is required (else 428): the ETag you read, to be refused "
                "(412) rather than overwrite someone else's change, or `*`.",
                "parameters": [_ref("parameters", "If-Match")],
                "requestBody": {
                    "required": True,
                    "content": _json_content("PlanRecord", "PlanRecord"),
                },
                "responses": {
                    "200": _response(
                        "Stored: the normalised record", "PlanRecord", "PlanRecord", ("ETag",)
                    ),
                    **_errors(400, 401, 404, 412, 413, 415, 422, 428),
                },
            },
            "delete": {
                "operationId": "delete_plan",
                "summary": "Delete a plan and its family links",
                "description": "Only for keys made with `--may-delete` (else 403). "
                "`If-Match` is required (else 428): the ETag you read (412 if the plan "
                "changed since), or `*`. The deletion is audited (reference and key), "
                "and the change feed then lists the plan with `deleted: true`.",
                "parameters": [_ref("parameters", "If-Match")],
                "responses": {
                    "204": {"description": "Deleted"},
                    **_errors(400, 401, 403, 404, 412, 428),
                },
            },
        },
        "/plans/{reference}/timeline": {
            "parameters": [reference],
            "get": {
                "operationId": "timeline",
                "summary": "The plan's timeline (timeline rules, version 1)",
                "parameters": [_ref("parameters", "today")],
                "responses": {
                    "200": _response("The timeline", "Timeline", "Timeline"),
                    **_errors(400, 401, 404, 409),
                },
            },
        },
    }


def _parameters() -> dict:
    return {
        "reference": {
            "name": "reference",
            "in": "path",
            "required": True,
            "description": "The plan's case reference. A reference containing `/` is sent "
            "with its slashes as they are.",
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9/-]{1,40}$"},
        },
        "page": {
            "name": "page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        "per_page": {
            "name": "per_page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        },
        "today": {
            "name": "today",
            "in": "query",
            "required": False,
            "description": "The day to compute the timeline for (default: today in England)",
            "schema": {"type": "string", "format": "date", "pattern": schema.DATE_PATTERN},
        },
        "updated_since": {
            "name": "updated_since",
            "in": "query",
            "required": False,
            "description": "Only plans changed at or after this time, e.g. 2026-12-01T09:00:00Z",
            "schema": {"type": "string", "format": "date-time"},
        },
        "cursor": {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "Where the last page of changes ended (`cursor` or `links.next`)",
            "schema": {"type": "string"},
        },
        "existing": {
            "name": "existing",
            "in": "query",
            "required": False,
            "description": "What a line does to a plan that exists and differs: `keep` "
            "refuses the line, `replace` replaces the plan",
            "schema": {"enum": list(bulk.EXISTING_MODES), "default": "keep"},
        },
        "If-Match": {
            "name": "If-Match",
            "in": "header",
            "required": True,
            "description": 'The ETag of the version you edited, like "3", or `*`',
            "schema": {"type": "string"},
        },
    }


def build_document(profiles: dict, languages: list[str]) -> dict:
    example_values = examples(profiles)
    error_responses = {
        f"Error{code}": {
            "description": text,
            "content": _json_content("Error", {401: "Unauthorized", 422: "Invalid"}.get(code)),
            **(
                {"headers": {"WWW-Authenticate": _ref("headers", "WWW-Authenticate")}}
                if code == 401
                else {}
            ),
        }
        for code, text in _ERROR_DESCRIPTIONS.items()
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Family plan portal API",
            "version": "1",
            "description": "Import (one at a time or in bulk), read, replace and delete "
            "child protection plan records (cp-plan/2; cp-plan/1 is still read), list what "
            "changed and what was deleted since a time, and read their timelines. JSON "
            "(and NDJSON for bulk imports) only. "
            "Every call except this description needs an API key and is written to the "
            "audit log.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerKey": []}],
        "paths": _operations(),
        "components": {
            "securitySchemes": {
                "bearerKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key made with `flask apikeys create`",
                }
            },
            "schemas": {
                "PlanRecord": schema.plan_record_schema(sorted(profiles), languages),
                "PlanSummary": schema.plan_summary_schema(),
                "PlanDeletion": schema.plan_deletion_schema(),
                "BulkResult": schema.bulk_result_schema(),
                "PlanList": schema.plan_list_schema(),
                "Timeline": schema.timeline_schema(),
                "Error": schema.error_schema(),
            },
            "parameters": _parameters(),
            "headers": {
                "ETag": {
                    "description": 'The plan\'s version, like "3"',
                    "schema": {"type": "string"},
                },
                "Location": {"description": "The new plan's address", "schema": {"type": "string"}},
                "WWW-Authenticate": {"schema": {"type": "string"}},
            },
            "responses": error_responses,
            "examples": {name: {"value": value} for name, value in example_values.items()},
        },
    }


def openapi_document(app: Flask) -> dict:
    """The document for this app, built on first use."""
    document = app.extensions.get("api_openapi")
    if document is None:
        document = build_document(app.extensions["profiles"], list(settings(app).languages))
        app.extensions["api_openapi"] = document
    return document
