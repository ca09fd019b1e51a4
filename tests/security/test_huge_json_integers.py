"""Review finding 9: a JSON integer over 4,300 digits gave a 500.

Python's json refuses to convert such a literal with ValueError, which the readers did
not catch, on the API (POST and PUT) and the web import. Every JSON reader now refuses
a number longer than any plan holds, with a plain message: 400 on the API, the import
page's error list (422) on the web, a message on the CLI.
"""

import json

from portal.models import ApiKey, Plan, db
from portal.records import hash_token, new_token
from tests.professional.conftest import full_record, post

HUGE = "1" + "0" * 5000
BODY = '{"format": "cp-plan/1", "reference": "HUGE-1", "visits": {"every_days": ' + HUGE + "}}"


def _key(app) -> str:
    key = new_token()
    with app.app_context():
        db.session.add(ApiKey(name="huge", key_hash=hash_token(key)))
        db.session.commit()
    return key


def _plans(app) -> int:
    with app.app_context():
        return db.session.query(Plan).count()


def test_huge_json_integers_api_post_and_put_are_400(app, client, store_plan):
    key = _key(app)
    plan = store_plan(full_record())
    # `If-Match: *`: a PUT without it is refused (428) before its body is read.
    headers = {
        "Authorization": f"Bearer {key}",
        "Content-Type": "application/json",
        "If-Match": "*",
    }
    before = _plans(app)
    for method, url in (
        ("post", "/api/v1/plans"),
        ("put", f"/api/v1/plans/{plan['reference']}"),
    ):
        response = getattr(client, method)(url, data=BODY, headers=headers)
        assert response.status_code == 400, (method, response.status_code)
        assert "more than 20 digits" in response.get_json()["error"]
    assert _plans(app) == before


def test_huge_json_integers_web_import_is_explained(app, client, signed_in):
    signed_in("social-worker")
    before = _plans(app)
    response = post(client, "/en/professional/plans/import", {"plan_json": BODY})
    assert response.status_code == 422
    assert "more than 20 digits" in response.get_data(as_text=True)
    assert _plans(app) == before


def test_huge_json_integers_cli_import_is_explained(app, runner, tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(BODY, encoding="utf-8")
    result = runner.invoke(args=["plans", "import", str(path)])
    assert result.exit_code == 1
    assert "more than 20 digits" in result.stderr
    assert "Traceback" not in result.output


def test_huge_json_integers_ordinary_numbers_still_read(app, client):
    key = _key(app)
    record = full_record()
    record["visits"] = {"every_days": 10}
    response = client.post(
        "/api/v1/plans",
        data=json.dumps(record),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
