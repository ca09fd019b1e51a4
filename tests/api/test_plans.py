"""/api/v1/plans: import, list, read, replace and timeline, with their errors."""

import copy
import json
import re

import pytest

from portal.models import ApiKey, db
from portal.planning import parse_record, record_to_dict
from portal.records import get_plan, replace_plan
from tests.api.conftest import make_key
from tests.records.helpers import (
    EXAMPLE_NAMES,
    EXAMPLES,
    audit_rows,
    example,
    migrated_app,
    row_counts,
)

PLANS = "/api/v1/plans"


def normalised(api, data):
    return record_to_dict(parse_record(data, api.app.extensions["profiles"]))


def imported(api, name="england-new-plan"):
    response = api.post(PLANS, example(name))
    assert response.status_code == 201, response.get_json()
    return response


# --- authentication --------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-key"},
        {"Authorization": "Bearer " + "x" * 500},
    ],
    ids=["none", "basic", "empty", "unknown", "overlong"],
)
def test_calls_without_a_valid_key_are_refused(api, headers, in_db):
    for response in (
        api.client.get(PLANS, headers=headers),
        api.client.post(PLANS, json=example("england-new-plan"), headers=headers),
    ):
        assert response.status_code == 401
        assert response.is_json and "error" in response.get_json()
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert row_counts()["plans"] == 0
    assert audit_rows() == []


def test_a_revoked_key_is_refused(api, in_db):
    db.session.get(ApiKey, api.key_id).revoked_at = db.func.now()
    db.session.commit()
    response = api.get(PLANS)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_each_call_is_audited_and_marks_the_key_used(api, in_db):
    assert db.session.get(ApiKey, api.key_id).last_used_at is None
    imported(api)
    api.get(f"{PLANS}/EX-0001")
    api.get(f"{PLANS}/NOPE")
    db.session.remove()
    assert db.session.get(ApiKey, api.key_id).last_used_at is not None
    rows = [(r.actor, r.action, r.detail) for r in audit_rows()]
    actor = f"api-key:{api.key_id}"
    assert rows == [
        (actor, "plan.create", None),
        (actor, "api.import_plan", "POST 201"),
        (actor, "api.plan", "GET 200"),
        (actor, "api.plan", "GET 404"),
    ]
    plan_id = get_plan("EX-0001").id
    assert [r.plan_id for r in audit_rows()] == [plan_id, plan_id, plan_id, None]


def test_the_api_needs_no_csrf_token_and_sets_no_cookie(api):
    assert api.app.config.get("WTF_CSRF_ENABLED", True)
    response = imported(api)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


# --- POST /plans -----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_import_stores_the_normalised_record(api, name, in_db):
    response = imported(api, name)
    reference = example(name)["reference"]
    assert response.headers["Location"] == f"{PLANS}/{reference}"
    assert response.headers["ETag"] == '"1"'
    assert response.get_json() == normalised(api, example(name))
    assert get_plan(reference).record == normalised(api, example(name))


def test_import_of_an_existing_reference_is_a_conflict(api, in_db):
    imported(api)
    before = row_counts()["plans"]
    response = api.post(PLANS, example("england-new-plan"))
    assert response.status_code == 409
    assert "PUT" in response.get_json()["error"]
    assert row_counts()["plans"] == before


def test_an_invalid_record_gets_422_naming_each_field(api, in_db):
    data = example("stoke-fifteen-months")
    data["conferences"][2]["date"] = "2026-02-30"
    data["categories"] = []
    response = api.post(PLANS, data)
    assert response.status_code == 422
    body = response.get_json()
    pointers = {error["pointer"] for error in body["errors"]}
    assert {"/conferences/2/date", "/categories"} <= pointers
    assert all(error["message"] for error in body["errors"])
    assert row_counts()["plans"] == 0


def test_a_language_the_portal_does_not_offer_is_refused(api_app, tmp_path):
    app = migrated_app(tmp_path, PORTAL_LANGUAGES=("en", "pl"))
    key = make_key(app)
    data = example("greenwich-ended")  # language "pt"
    response = app.test_client().post(PLANS, json=data, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert [e["pointer"] for e in response.get_json()["errors"]] == ["/language"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"a": 1, "a": 2}', "application/json", 400),
        ('{"a": NaN}', "application/json", 400),
        (b"\xff\xfe{}", "application/json", 400),
        ("", "application/json", 400),
        ("[" * 100_000 + "]" * 100_000, "application/json", 400),
        ("reference=EX-1", "application/x-www-form-urlencoded", 415),
        ("{}", "text/plain", 415),
    ],
    ids=["syntax", "repeated-name", "nan", "not-utf8", "empty", "too-deep", "form", "text"],
)
def test_unreadable_bodies_get_a_json_error(api, body, content_type, status, in_db):
    response = api.post(PLANS, body, content_type=content_type)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]
    assert "Traceback" not in response.get_data(as_text=True)
    assert row_counts()["plans"] == 0


def test_a_body_over_the_size_limit_gets_413(api, in_db):
    limit = api.app.config["MAX_CONTENT_LENGTH"]
    data = example("england-new-plan")
    data["concerns"] = ["x"] * limit
    response = api.post(PLANS, data)
    assert response.status_code == 413
    assert response.is_json and response.get_json()["error"]


# --- GET /plans ------------------------------------------------------------------------


def test_the_list_is_paginated(api):
    for name in EXAMPLE_NAMES:
        imported(api, name)
    first = api.get(f"{PLANS}?per_page=2").get_json()
    assert [item["reference"] for item in first["items"]] == ["EX-0001", "EX-0002"]
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 4)
    assert first["links"]["prev"] is None
    second = api.get(first["links"]["next"]).get_json()
    assert [item["reference"] for item in second["items"]] == ["EX-0003", "EX-0004"]
    assert second["links"]["next"] is None
    assert second["items"][0] == {
        "reference": "EX-0003",
        "profile": "greenwich",
        "language": "pt",
        "started": "2025-10-06",
        "ended": "2026-07-06",
        "version": 1,
        "updated_at": second["items"][0]["updated_at"],
        "deleted": False,
        "links": {"self": f"{PLANS}/EX-0003", "timeline": f"{PLANS}/EX-0003/timeline"},
    }
    beyond = api.get(f"{PLANS}?page=9").get_json()
    assert beyond["items"] == [] and beyond["total"] == 4


@pytest.mark.parametrize(
    "query", ["per_page=101", "per_page=0", "page=0", "page=x", "per_page=-1", "page=١"]
)
def test_bad_page_parameters_get_400(api, query):
    response = api.get(f"{PLANS}?{query}")
    assert response.status_code == 400
    assert "page" in response.get_json()["error"]


def test_per_page_allows_up_to_100(api):
    assert api.get(f"{PLANS}?per_page=100").get_json()["per_page"] == 100


# --- GET and PUT /plans/<reference> ----------------------------------------------------


def test_get_returns_the_record_with_its_version(api):
    imported(api, "stoke-fifteen-months")
    response = api.get(f"{PLANS}/EX-0002")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.get_json() == normalised(api, example("stoke-fifteen-months"))
    expected = normalised(api, example("stoke-fifteen-months"))
    assert list(json.loads(response.get_data())) == list(expected)


def test_an_unknown_plan_is_404_json(api):
    for response in (
        api.get(f"{PLANS}/NOPE-1"),
        api.get(f"{PLANS}/NOPE-1/timeline"),
        api.put(f"{PLANS}/NOPE-1", example("england-new-plan")),
    ):
        assert response.status_code == 404
        assert response.is_json


def test_put_with_the_current_version_replaces_the_record(api, in_db):
    imported(api)
    changed = example("england-new-plan")
    changed["categories"] = ["physical_abuse"]
    response = api.put(f"{PLANS}/EX-0001", changed, headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == '"2"'
    assert response.get_json()["categories"] == ["physical_abuse"]
    assert get_plan("EX-0001").version == 2


@pytest.mark.parametrize("if_match", ['"0", "1"', "*"])
def test_put_accepts_any_if_match_naming_the_current_version(api, if_match):
    imported(api)
    changed = example("england-new-plan")
    changed["categories"] = ["physical_abuse"]
    response = api.put(f"{PLANS}/EX-0001", changed, headers={"If-Match": if_match})
    assert response.status_code == 200


def test_put_without_if_match_is_refused_with_428_and_star_replaces_unconditionally(api):
    imported(api)
    changed = example("england-new-plan")
    changed["categories"] = ["sexual_abuse"]
    before = api.get(f"{PLANS}/EX-0001").get_json()
    refused = api.put(f"{PLANS}/EX-0001", changed)
    assert refused.status_code == 428
    assert refused.headers["ETag"] == '"1"'
    assert "If-Match" in refused.get_json()["error"]
    assert api.get(f"{PLANS}/EX-0001").get_json() == before
    assert api.put(f"{PLANS}/EX-0001", changed, headers={"If-Match": "*"}).status_code == 200
    assert api.get(f"{PLANS}/EX-0001").get_json()["categories"] == ["sexual_abuse"]


@pytest.mark.parametrize("if_match", ['"7"', 'W/"1"', '"2", "3"', "nonsense"])
def test_put_with_another_version_is_refused_with_412(api, if_match, in_db):
    imported(api)
    changed = example("england-new-plan")
    changed["categories"] = ["physical_abuse"]
    response = api.put(f"{PLANS}/EX-0001", changed, headers={"If-Match": if_match})
    assert response.status_code == 412
    assert response.is_json
    db.session.remove()
    assert get_plan("EX-0001").record == normalised(api, example("england-new-plan"))


def test_a_lost_update_is_refused(api):
    imported(api)
    first, second = example("england-new-plan"), example("england-new-plan")
    first["categories"] = ["physical_abuse"]
    second["categories"] = ["emotional_abuse"]
    assert api.put(f"{PLANS}/EX-0001", first, headers={"If-Match": '"1"'}).status_code == 200
    late = api.put(f"{PLANS}/EX-0001", second, headers={"If-Match": '"1"'})
    assert late.status_code == 412
    assert late.headers["ETag"] == '"2"'


def test_put_must_keep_the_reference_of_its_address(api, in_db):
    imported(api)
    imported(api, "stoke-fifteen-months")
    moved = example("stoke-fifteen-months")
    response = api.put(f"{PLANS}/EX-0001", moved, headers={"If-Match": '"1"'})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "/reference"
    assert get_plan("EX-0001").profile == "england"
    assert get_plan("EX-0002").version == 1


def test_put_of_an_invalid_record_changes_nothing(api, in_db):
    imported(api)
    broken = example("england-new-plan")
    broken["conferences"][0]["status"] = "scheduled"
    response = api.put(f"{PLANS}/EX-0001", broken, headers={"If-Match": '"1"'})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "/conferences/0/status"
    assert get_plan("EX-0001").version == 1


def test_references_with_slashes_work_everywhere(api):
    data = example("england-new-plan")
    data["reference"] = "ST/2026/0001"
    response = api.post(PLANS, data)
    assert response.headers["Location"] == f"{PLANS}/ST/2026/0001"
    assert api.get(f"{PLANS}/ST/2026/0001").get_json()["reference"] == "ST/2026/0001"
    assert api.get(f"{PLANS}/ST/2026/0001/timeline").get_json()["reference"] == "ST/2026/0001"
    assert api.put(f"{PLANS}/ST/2026/0001", data, headers={"If-Match": "*"}).status_code == 200


# --- GET /plans/<reference>/timeline ---------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_timeline_is_exactly_the_specified_json(api, name):
    imported(api, name)
    expected_file = next(EXAMPLES.glob(f"{name}.timeline-*.json"))
    today = re.search(r"timeline-([0-9-]{10})", expected_file.name).group(1)
    response = api.get(f"{PLANS}/{example(name)['reference']}/timeline?today={today}")
    assert response.status_code == 200
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert response.get_json() == expected
    assert list(json.loads(response.get_data())) == list(expected)


def test_the_timeline_defaults_to_today(api):
    imported(api)
    body = api.get(f"{PLANS}/EX-0001/timeline").get_json()
    assert body["today"] and body["started"] == "2026-05-11"


@pytest.mark.parametrize("today", ["2026-02-30", "20260101", "tomorrow", ""])
def test_a_bad_day_gets_400(api, today):
    imported(api)
    response = api.get(f"{PLANS}/EX-0001/timeline?today={today}")
    assert response.status_code == 400
    assert "today" in response.get_json()["error"]


def test_a_plan_changed_elsewhere_is_seen_at_once(api, in_db):
    """Nothing is cached between calls: a change made by another door shows up."""
    imported(api)
    data = copy.deepcopy(get_plan("EX-0001").record)
    data["strengths"] = ["Recorded through the professional pages."]
    replace_plan(data, api.app.extensions["profiles"], actor="user:1")
    assert api.get(f"{PLANS}/EX-0001").get_json()["strengths"] == data["strengths"]
