"""POST /plans/bulk: NDJSON, one record a line, each stored or refused whole, a result
per line; size limits; its own rate limit per key."""

import copy
import io
import json
import re
import time

from sqlalchemy import func, select

from portal.api import bulk
from portal.models import Plan, db
from portal.planning.format.vocabulary import MAX_REFERENCE, REFERENCE_PATTERN
from portal.records import get_plan
from tests.api.conftest import make_key
from tests.api.test_plans import PLANS, example, imported
from tests.records.helpers import EXAMPLE_NAMES, migrated_app

BULK = f"{PLANS}/bulk"
NDJSON = "application/x-ndjson"


def ndjson(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_each_line_gets_its_result_and_a_bad_line_stores_nothing_of_itself(api, in_db):
    imported(api, "england-new-plan")  # EX-0001, version 1
    same = example("england-new-plan")
    changed = example("stoke-fifteen-months")
    imported(api, "stoke-fifteen-months")
    changed["child"]["first_name"] = "Renamed"
    bad = copy.deepcopy(example("greenwich-ended"))
    bad["conferences"][0]["date"] = "2026-02-31"
    new = example("west-sussex-transfer-in")
    body = ndjson(same, changed, bad, '{"reference": "X", "reference": "Y"}', "[1, 2", new)
    response = api.post(f"{BULK}?existing=replace", body, content_type=NDJSON)
    assert response.status_code == 200
    answer = response.get_json()
    results = answer["results"]
    assert [(r["line"], r["reference"], r["result"]) for r in results] == [
        (1, "EX-0001", "unchanged"),
        (2, "EX-0002", "updated"),
        (3, bad["reference"], "error"),
        (4, None, "error"),
        (5, None, "error"),
        (6, new["reference"], "created"),
    ]
    assert results[1]["version"] == 2 and results[0]["version"] == 1
    assert results[2]["errors"][0]["pointer"] == "/conferences/0/date"
    assert "repeats a field name" in results[3]["errors"][0]["message"]
    assert "not valid JSON" in results[4]["errors"][0]["message"]
    assert answer["counts"] == {
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "error": 3,
        "not_processed": 0,
    }
    assert get_plan(bad["reference"]) is None
    assert get_plan("EX-0002").record["child"]["first_name"] == "Renamed"


def test_a_line_s_reference_is_found_exactly_when_the_format_allows_it():
    """The reference found in a line without reading it (to look its plan up) and the
    length a usable reference may have are the plan format's, not copies of them."""
    assert bulk.MAX_REFERENCE == MAX_REFERENCE
    for reference in (
        "A" * MAX_REFERENCE,
        "A" * (MAX_REFERENCE + 1),
        "ST/2026-0001",
        "has space",
        "",
    ):
        found = bulk.REFERENCE_RE.search(json.dumps({"reference": reference}).encode())
        allowed = re.search(REFERENCE_PATTERN, reference) is not None
        assert (found is not None) == allowed, reference
        assert found is None or found.group(1).decode() == reference


def test_a_line_without_a_usable_reference_is_refused_with_its_errors(api, in_db):
    too_long = example("england-new-plan")
    too_long["reference"] = "X" * 41
    not_text = {**example("england-new-plan"), "reference": 7}
    missing = {k: v for k, v in example("england-new-plan").items() if k != "reference"}
    for mode in ("keep", "replace"):
        body = ndjson(too_long, not_text, missing, "[1]")
        answer = api.post(f"{BULK}?existing={mode}", body, content_type=NDJSON).get_json()
        assert [(r["reference"], r["result"]) for r in answer["results"]] == [(None, "error")] * 4
        for result in answer["results"][:3]:
            assert "/reference" in [e["pointer"] for e in result["errors"]]
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0


def test_the_whole_load_round_trips(api, in_db):
    records = [example(name) for name in EXAMPLE_NAMES]
    response = api.post(BULK, ndjson(*records), content_type=NDJSON)
    assert response.get_json()["counts"]["created"] == 4
    for record in records:
        assert api.get(f"{PLANS}/{record['reference']}").status_code == 200
    again = api.post(BULK, ndjson(*records), content_type=NDJSON).get_json()
    assert again["counts"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 4,
        "error": 0,
        "not_processed": 0,
    }
    # The same reference twice in one load: made, then replaced.
    twice = example("england-new-plan")
    twice["reference"] = "EX-0100"
    renamed = {**twice, "child": {**twice["child"], "first_name": "Second"}}
    answer = api.post(
        f"{BULK}?existing=replace", ndjson(twice, renamed), content_type=NDJSON
    ).get_json()
    assert [r["result"] for r in answer["results"]] == ["created", "updated"]
    assert answer["results"][1]["version"] == 2


def test_by_default_a_load_never_overwrites_a_plan_that_differs(api, in_db):
    imported(api, "england-new-plan")
    imported(api, "stoke-fifteen-months")
    edited = example("stoke-fifteen-months")
    edited["child"]["first_name"] = "Overwritten"
    body = ndjson(example("england-new-plan"), edited)
    answer = api.post(BULK, body, content_type=NDJSON).get_json()
    assert [r["result"] for r in answer["results"]] == ["unchanged", "error"]
    assert "existing=replace" in answer["results"][1]["errors"][0]["message"]
    assert get_plan("EX-0002").version == 1
    refused = api.post(f"{BULK}?existing=overwrite", body, content_type=NDJSON)
    assert refused.status_code == 400 and "`existing`" in refused.get_json()["error"]
    assert api.post(f"{BULK}?mode=x", body, content_type=NDJSON).status_code == 400


def test_the_limits_are_enforced_before_anything_is_stored(api, in_db, monkeypatch):
    record = example("england-new-plan")
    wrong_type = api.post(BULK, ndjson(record))  # application/json
    assert wrong_type.status_code == 415 and "x-ndjson" in wrong_type.get_json()["error"]
    assert api.post(BULK, "\n", content_type=NDJSON).status_code == 400
    monkeypatch.setattr("portal.api.bulk.MAX_RECORDS", 2)
    too_many = api.post(BULK, ndjson(record, record, record), content_type=NDJSON)
    assert too_many.status_code == 413 and "at most 2 records" in too_many.get_json()["error"]
    monkeypatch.setattr("portal.api.bulk.MAX_BYTES", 100)
    too_big = api.post(BULK, ndjson(record), content_type=NDJSON)
    assert too_big.status_code == 413
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0
    monkeypatch.setattr("portal.api.bulk.MAX_BYTES", 10**6)
    monkeypatch.setattr("portal.api.bulk.MAX_LINE_BYTES", 100)
    long_line = api.post(BULK, ndjson(record), content_type=NDJSON).get_json()
    assert long_line["results"][0]["result"] == "error"
    assert "longer than 100 bytes" in long_line["results"][0]["errors"][0]["message"]


def _chunked(api, body: bytes):
    """A body sent without Content-Length, as `Transfer-Encoding: chunked` sends it."""
    return api.client.post(
        BULK,
        input_stream=io.BytesIO(body),
        headers=api.headers({"Transfer-Encoding": "chunked"}),
        content_type=NDJSON,
        # What a server that reads chunked bodies (gunicorn) tells the app.
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_body_over_the_limit_is_refused_whole(api, in_db, monkeypatch):
    # It was cut at the limit: the first lines stored and the later ones silently dropped.
    first = ndjson(example("england-new-plan")).encode()
    second = ndjson(example("stoke-fifteen-months")).encode()
    monkeypatch.setattr("portal.api.bulk.MAX_BYTES", len(first) + 1)
    over = _chunked(api, first + second)
    assert over.status_code == 413 and over.is_json
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0
    # Exactly at the limit, nothing more to read: taken.
    monkeypatch.setattr("portal.api.bulk.MAX_BYTES", len(first))
    exact = _chunked(api, first)
    assert exact.status_code == 200 and exact.get_json()["counts"]["created"] == 1


def test_a_record_with_very_many_wrong_fields_is_answered_quickly(api, in_db):
    record = example("england-new-plan")
    record["translations"] = {f"k{i}": 1 for i in range(20_000)}
    started = time.perf_counter()
    answer = api.post(BULK, ndjson(record), content_type=NDJSON).get_json()
    assert time.perf_counter() - started < 3  # was minutes: past the worker timeout
    errors = answer["results"][0]["errors"]
    assert len(errors) == 101 and errors[-1]["message"].startswith("…and 19900 more")


def test_lines_left_when_the_time_budget_runs_out_are_not_processed(api, in_db, monkeypatch):
    # A slow request must still be answered, with a result for every line, before the
    # worker timeout: it was killed, and the caller never learnt which lines were stored.
    monkeypatch.setattr("portal.api.bulk.TIME_BUDGET_SECONDS", 0)
    first, second, third = (example(name) for name in EXAMPLE_NAMES[:3])
    answer = api.post(BULK, ndjson(first, second, third), content_type=NDJSON).get_json()
    assert [(r["reference"], r["result"]) for r in answer["results"]] == [
        (first["reference"], "created"),
        (second["reference"], "not_processed"),
        (third["reference"], "not_processed"),
    ]
    assert "Send this line again" in answer["results"][1]["errors"][0]["message"]
    assert answer["counts"]["not_processed"] == 2 and answer["counts"]["created"] == 1
    assert get_plan(first["reference"]) is not None
    assert get_plan(second["reference"]) is None and get_plan(third["reference"]) is None


def test_a_body_larger_than_a_single_record_may_be_is_accepted(api, in_db):
    """The bulk door takes more than the app's 1 MB limit for one record."""
    records = []
    for number in range(300):
        record = example("england-new-plan")
        record["reference"] = f"BULK-{number:04d}"
        record["concerns"] = ["A long paragraph about what worried the conference. " * 30] * 3
        records.append(record)
    body = ndjson(*records)
    assert len(body.encode()) > 1024 * 1024
    answer = api.post(BULK, body, content_type=NDJSON).get_json()
    assert answer["counts"]["created"] == 300


def test_bulk_imports_have_their_own_limit_per_key(tmp_path):
    app = migrated_app(tmp_path, RATELIMIT_ENABLED=True, PORTAL_API_BULK_RATE_LIMIT="1 per minute")
    headers = {"Authorization": f"Bearer {make_key(app)}", "Content-Type": NDJSON}
    client = app.test_client()
    body = ndjson(example("england-new-plan"))
    statuses = [client.post(BULK, data=body, headers=headers).status_code for _ in range(2)]
    assert statuses == [200, 429]
    # Other calls with the same key are still allowed.
    assert client.get(PLANS, headers=headers).status_code == 200
