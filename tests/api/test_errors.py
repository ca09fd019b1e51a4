"""Errors outside the views: unknown addresses, failures, the audit log and rate limits."""

from sqlalchemy import select

from portal.models import AuditEvent, db
from tests.api.conftest import make_key
from tests.records.helpers import audit_rows, example, migrated_app

PLANS = "/api/v1/plans"


def imported(api):
    response = api.post(PLANS, example("england-new-plan"))
    assert response.status_code == 201
    return response


def test_unknown_addresses_and_methods_answer_in_json(api):
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.is_json
    wrong = api.client.patch(f"{PLANS}/EX-0001", headers=api.headers())
    assert wrong.status_code == 405 and wrong.is_json
    assert {"PUT", "DELETE"} <= set(wrong.headers["Allow"].split(", "))
    # The rest of the site keeps its HTML error pages.
    page = api.client.get("/en/nothing-here")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(api, monkeypatch, in_db):
    imported(api)

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("portal.api.views.compute_timeline", broken)
    response = api.get(f"{PLANS}/EX-0001/timeline")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert response.is_json and "secret internals" not in text and "Traceback" not in text
    assert audit_rows()[-1].detail == "GET 500"


def test_no_family_data_leaves_without_its_audit_row(api, monkeypatch, in_db):
    imported(api)

    def failing_audit(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("portal.api.auth.audit", failing_audit)
    response = api.get(f"{PLANS}/EX-0001")
    assert response.status_code == 500
    assert "EX-0001" not in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api.plan")) is None


def test_too_many_calls_get_a_json_429(tmp_path):
    app = migrated_app(tmp_path, RATELIMIT_ENABLED=True, PORTAL_API_RATE_LIMIT="2 per minute")
    headers = {"Authorization": f"Bearer {make_key(app)}"}
    client = app.test_client()
    statuses = [client.get(PLANS, headers=headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(PLANS, headers=headers)
    assert response.is_json and response.get_json()["error"]
    assert "Retry-After" in response.headers
