"""Importing a plan from JSON (file or pasted) and exporting it again."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.models import Plan, db
from portal.planning import validate_record
from portal.records import export_record
from tests.fixtures.words import translated
from tests.professional.conftest import full_record, minimal_record, post
from tests.records.test_format_v2 import BAD_V2

IMPORT = "/en/professional/plans/import"
IMPORT_PL = "/pl/professional/plans/import"


def upload(client, record_or_text, **fields):
    body = record_or_text if isinstance(record_or_text, str) else json.dumps(record_or_text)
    data = {"plan_file": (io.BytesIO(body.encode("utf-8")), "plan.json"), **fields}
    return post(client, IMPORT, data, content_type="multipart/form-data")


def summary_items(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [" ".join(li.get_text().split()) for li in soup.select(".govuk-error-summary li")]


def plan_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Plan))


def test_the_import_page(get_page, signed_in):
    signed_in("social-worker")
    page = get_page(IMPORT)
    form = page.select_one("main form")
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one("input#plan_file[type=file]")
    assert form.select_one("textarea#plan_json")
    assert "Replace the existing plan with this reference" in form.get_text()


def test_import_a_file(client, signed_in, stored):
    me = signed_in("social-worker")
    record = full_record()
    response = upload(client, record)
    assert response.status_code == 302
    assert response.location.endswith(record["reference"])
    plan = stored(record["reference"])
    assert export_record(plan) == record
    assert plan.social_worker_id == me.id


def test_import_pasted_json(client, signed_in, stored):
    signed_in("social-worker")
    record = minimal_record()
    response = post(client, IMPORT, {"plan_json": json.dumps(record)})
    assert response.status_code == 302
    stored_record = export_record(stored(record["reference"]))
    assert stored_record["child"] == {"first_name": "Ali", "date_of_birth": None}
    assert stored_record["language"] == "en" and stored_record["core_group"] == []


def test_bad_json_is_explained_and_nothing_is_stored(app, client, signed_in):
    signed_in("social-worker")
    before = plan_count(app)
    for body, expected in (
        ('{"format": "cp-plan/1",', "not valid JSON"),
        ('{"a": 1, "a": 2}', "repeats the field name"),
        ('{"a": NaN}', "NaN"),
        ("", "Choose a JSON file or paste the plan record"),
    ):
        response = post(client, IMPORT, {"plan_json": body})
        assert response.status_code == 422, body
        assert any(expected in item for item in summary_items(response)), body
    assert plan_count(app) == before


def test_an_invalid_record_lists_pointers_and_plain_messages(app, client, signed_in, stored):
    signed_in("social-worker")
    record = full_record()
    record["core_group"][1]["name"] = ""
    record["conferences"][1]["date"] = "2026-13-01"
    response = upload(client, record)
    assert response.status_code == 422
    items = summary_items(response)
    assert "/core_group/1/name: This cannot be empty" in items
    assert any(item.startswith("/conferences/1/date: Enter a real date") for item in items)
    assert stored(record["reference"]) is None
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("#plan_file-error")
    assert all(a["href"] == "#plan_file" for a in soup.select(".govuk-error-summary a"))


def test_a_duplicate_needs_the_replace_box(client, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    record = full_record()
    store_plan(record, owner=me)
    changed = dict(record, contingency="A new contingency plan.")
    response = upload(client, changed)
    assert response.status_code == 422
    assert any("already exists" in item for item in summary_items(response))
    assert stored(record["reference"]).record["contingency"] == record["contingency"]
    replaced = upload(client, changed, replace="yes")
    assert replaced.status_code == 302
    assert export_record(stored(record["reference"])) == changed


def test_export_is_the_stored_record(client, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    record = full_record(reference=None)
    plan = store_plan(record, owner=me)
    response = client.get(f"/en/professional/plans/{plan['reference']}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{plan["reference"]}.json"'
    assert json.loads(response.get_data(as_text=True)) == export_record(stored(plan["reference"]))
    assert json.loads(response.get_data(as_text=True)) == record
    assert response.headers["Cache-Control"] == "no-store"


def test_export_then_import_gives_the_same_plan(client, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    exported = client.get(f"/en/professional/plans/{plan['reference']}/export").get_data(
        as_text=True
    )
    copy = json.loads(exported)
    copy["reference"] += "-COPY"
    assert upload(client, json.dumps(copy)).status_code == 302
    assert export_record(stored(copy["reference"])) == copy


def test_slashes_in_a_reference_make_a_safe_file_name(client, signed_in, store_plan):
    me = signed_in("social-worker")
    store_plan(minimal_record(reference="ST/2026/81"), owner=me)
    response = client.get("/en/professional/plans/ST~2026~81/export")
    assert response.headers["Content-Disposition"] == 'attachment; filename="ST-2026-81.json"'


@pytest.mark.parametrize("case", list(BAD_V2))
def test_bad_v2_values_are_refused_in_the_readers_language(app, client, signed_in, case):
    """Each bad cp-plan/2 value of the format's "Done when" list, imported through the
    workspace in Polish: one line naming the field by its pointer, in Polish; nothing
    stored."""
    signed_in("social-worker")
    make, pointer, english = BAD_V2[case]
    data = make()
    (error,) = validate_record(data, app.extensions["profiles"])
    message = translated(app, "pl", error.template, **error.params)
    assert message != error.message  # there is a Polish translation
    assert error.message.startswith(english)
    before = plan_count(app)
    body = json.dumps(data, ensure_ascii=False)
    files = {"plan_file": (io.BytesIO(body.encode("utf-8")), "plan.json")}
    response = post(client, IMPORT_PL, files, content_type="multipart/form-data")
    assert response.status_code == 422
    assert summary_items(response) == [f"{pointer}: {message}"]
    assert plan_count(app) == before
