"""Hostile input against the API, generated from its own OpenAPI document.

Whatever arrives — any shape, type, size or encoding the schema allows or breaks — the
API answers without a server error or a traceback, and a refused request stores nothing.
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from portal.models import AuditEvent, Plan, db
from tests.api.conftest import make_key
from tests.records.helpers import migrated_app

EXAMPLE = "tests/planning/examples/stoke-fifteen-months.plan.json"


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx, value) -> bytes:
    """The bulk import's body is documented as text: send whatever text was drawn."""
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else b""


@pytest.fixture(scope="module")
def fuzz_app(app, tmp_path_factory):
    fuzz = migrated_app(tmp_path_factory.mktemp("fuzz"))
    from portal.config import ROOT
    from portal.records import create_plan

    with fuzz.app_context():
        # One real plan, so that addresses with a reference sometimes find something.
        create_plan(
            json.loads((ROOT / EXAMPLE).read_text()), fuzz.extensions["profiles"], actor="test"
        )
    return fuzz


@pytest.fixture(scope="module")
def fuzz_key(fuzz_app):
    return make_key(fuzz_app)


@pytest.fixture(scope="module")
def operations(fuzz_app):
    """Every operation in the served OpenAPI document (each one is fuzzed below)."""
    api_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    found = [result.ok() for result in api_schema.get_all_operations()]
    assert len(found) >= 5
    return found


def header(response, name: str) -> str:
    """schemathesis keeps each header as a list of values."""
    for key, values in response.headers.items():
        if key.lower() == name:
            return values[0] if isinstance(values, list) else values
    return ""


def stored(app) -> tuple[int, list]:
    with app.app_context():
        plans = db.session.scalar(select(func.count()).select_from(Plan))
        versions = list(db.session.execute(select(Plan.reference, Plan.version)).all())
        db.session.remove()
        return plans, versions


def test_api_survives_anything(operations, fuzz_app, fuzz_key):
    # schemathesis builds the cases from the document; hypothesis drives them here
    # (schemathesis's own pytest plugin does not support this pytest release).
    for operation in operations:

        @settings(
            max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {fuzz_key}"}
            before = stored(fuzz_app)
            response = case.call()
            label = (case.method, case.formatted_path, response.text[:300])
            assert response.status_code < 500, label
            assert "Traceback" not in response.text, label
            assert header(response, "content-type").startswith("application/json"), label
            if response.status_code >= 400:
                assert stored(fuzz_app) == before, "a refused request must store nothing"

        check()


def test_audit_rows_never_hold_request_bodies(fuzz_app):
    with fuzz_app.app_context():
        details = db.session.scalars(select(AuditEvent.detail)).all()
    assert all(detail is None or len(detail) <= 200 for detail in details)
    assert not any(detail and "{" in detail for detail in details)
