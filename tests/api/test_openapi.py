"""The OpenAPI document matches the API: same routes, and real answers fit its schemas."""

import copy
import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

from tests.records.helpers import EXAMPLE_NAMES, example

PLANS = "/api/v1/plans"


@pytest.fixture
def document(api):
    response = api.client.get("/api/v1/openapi.json")  # no key needed
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def schema_validator(document: dict, schema: dict) -> Draft202012Validator:
    """A validator whose `#/components/...` references resolve inside the document."""
    root = {**schema, "components": document["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_for(document: dict, schema: dict, value) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message}"
        for e in schema_validator(document, schema).iter_errors(value)
    ]


def component(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)


def test_every_route_is_documented_and_every_documented_path_exists(api, document):
    routes = set()
    for rule in api.app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower(), rule.endpoint.removeprefix("api.")))
    documented = {
        (path, method, operation["operationId"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    }
    assert routes == documented
    assert document["servers"] == [{"url": "/api/v1"}]


def test_every_operation_but_the_description_needs_the_bearer_key(document):
    scheme = document["components"]["securitySchemes"]["bearerKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearerKey": []}]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            public = operation.get("security") == []
            assert public == (path == "/openapi.json"), (path, method)
            if not public:
                assert "401" in operation["responses"]


@pytest.mark.parametrize(
    ("example_name", "schema_name"),
    [
        ("PlanRecord", "PlanRecord"),
        ("Timeline", "Timeline"),
        ("PlanList", "PlanList"),
        ("ChangeFeed", "PlanList"),
        ("BulkResult", "BulkResult"),
        ("Invalid", "Error"),
        ("Unauthorized", "Error"),
    ],
)
def test_the_documented_examples_fit_their_schemas(document, example_name, schema_name):
    value = document["components"]["examples"][example_name]["value"]
    assert errors_for(document, component(schema_name), value) == []


def test_the_example_record_is_accepted_by_the_api(api, document):
    record = document["components"]["examples"]["PlanRecord"]["value"]
    response = api.post(PLANS, record)
    assert response.status_code == 201
    assert response.get_json() == record


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_spec_examples_fit_the_record_schema(document, name):
    assert errors_for(document, component("PlanRecord"), example(name)) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(format="cp-plan/3"),
        lambda d: d.update(reference="has space"),
        lambda d: d.update(profile="atlantis"),
        lambda d: d.update(language="xx"),
        lambda d: d.update(categories=[]),
        lambda d: d.update(unknown_field=1),
        lambda d: d["child"].update(first_name="   "),
        lambda d: d["conferences"][0].update(date="12/01/2026"),
        lambda d: d["conferences"][0].update(status="maybe"),
        lambda d: d.update(visits={"every_days": 0}),
        lambda d: d.update(concerns=["x" * 2001]),
        lambda d: d.update(
            core_group_meetings=[{"date": "2026-06-01", "status": "held", "time": "25:00"}]
        ),
        lambda d: d.pop("lead_social_worker"),
        lambda d: d.update(conferences=[]),
        lambda d: d.update(translations={"xx": {}}),
        lambda d: d.update(translations={"en": {}}),
    ],
)
def test_the_schema_and_the_validator_refuse_the_same_field_errors(api, document, change):
    data = example("england-new-plan")
    change(data)
    assert errors_for(document, component("PlanRecord"), data) != []
    assert api.post(PLANS, data).status_code == 422


def _documented_schema(document, path: str, method: str, status: int) -> dict:
    responses = document["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} {status} is not documented"
    response = responses[str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response["content"]["application/json"]["schema"]


def test_real_answers_fit_the_documented_schemas(api, document):
    """Call every operation for each of its outcomes and check each answer's shape."""
    stoke = example("stoke-fifteen-months")
    invalid = copy.deepcopy(stoke)
    invalid["conferences"][1]["date"] = "2026-13-01"
    moved = copy.deepcopy(stoke)
    moved["reference"] = "EX-9999"
    calls = [
        ("/plans", "post", lambda: api.post(PLANS, stoke), 201),
        ("/plans", "post", lambda: api.post(PLANS, stoke), 409),
        ("/plans", "post", lambda: api.post(PLANS, invalid), 422),
        (
            "/plans",
            "post",
            lambda: api.post(
                PLANS,
                "{",
            ),
            400,
        ),
        ("/plans", "post", lambda: api.post(PLANS, "{}", content_type="text/plain"), 415),
        ("/plans", "post", lambda: api.client.post(PLANS, json=stoke), 401),
        ("/plans", "get", lambda: api.get(PLANS), 200),
        ("/plans", "get", lambda: api.get(f"{PLANS}?per_page=500"), 400),
        ("/plans/{reference}", "get", lambda: api.get(f"{PLANS}/EX-0002"), 200),
        ("/plans/{reference}", "get", lambda: api.get(f"{PLANS}/NOPE"), 404),
        (
            "/plans/{reference}",
            "put",
            lambda: api.put(f"{PLANS}/EX-0002", stoke, headers={"If-Match": '"1"'}),
            200,
        ),
        (
            "/plans/{reference}",
            "put",
            lambda: api.put(f"{PLANS}/EX-0002", stoke, headers={"If-Match": '"9"'}),
            412,
        ),
        (
            "/plans/{reference}",
            "put",
            lambda: api.put(f"{PLANS}/EX-0002", moved, headers={"If-Match": "*"}),
            422,
        ),
        (
            "/plans/{reference}/timeline",
            "get",
            lambda: api.get(f"{PLANS}/EX-0002/timeline?today=2026-03-10"),
            200,
        ),
        (
            "/plans/{reference}/timeline",
            "get",
            lambda: api.get(f"{PLANS}/EX-0002/timeline?today=soon"),
            400,
        ),
        (
            "/plans/bulk",
            "post",
            lambda: api.post(
                f"{PLANS}/bulk",
                f"{json.dumps(stoke)}\n{{}}\n",
                content_type="application/x-ndjson",
            ),
            200,
        ),
        ("/plans/bulk", "post", lambda: api.post(f"{PLANS}/bulk", stoke), 415),
        ("/plans/{reference}", "delete", lambda: api.delete(f"{PLANS}/EX-0002"), 403),
        (
            "/plans/{reference}",
            "delete",
            lambda: api.delete(f"{PLANS}/EX-0002", key=api.deleting_key),
            428,
        ),
        (
            "/plans/{reference}",
            "delete",
            lambda: api.delete(f"{PLANS}/EX-0002", {"If-Match": "*"}, key=api.deleting_key),
            204,
        ),
        ("/plans", "get", lambda: api.get(f"{PLANS}?updated_since=2000-01-01T00:00:00Z"), 200),
    ]
    for path, method, call, status in calls:
        response = call()
        assert response.status_code == status, (path, method, response.get_json())
        if status == 204:
            assert "content" not in document["paths"][path][method]["responses"]["204"]
            continue
        schema = _documented_schema(document, path, method, status)
        problems = errors_for(document, schema, response.get_json())
        assert problems == [], (path, method, status, problems)


def test_the_record_schema_lists_this_portals_profiles_and_languages(api, document):
    record = document["components"]["schemas"]["PlanRecord"]["properties"]
    assert record["profile"]["enum"] == sorted(api.app.extensions["profiles"])
    assert record["language"]["enum"][:-1] == list(api.app.config["PORTAL_LANGUAGES"])
