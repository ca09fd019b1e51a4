"""Staff rate limits count what may save: "Add another" is not a save, and a refused save
gives the form back with everything typed."""

import time

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from portal.models import Plan, db
from portal.workspace.auth import create_user
from tests.professional.conftest import csrf_token, date_boxes, form_fields, plan_form, unique

NEW = "/en/professional/plans/new"


@pytest.fixture
def limited(make_app):
    """An app with the limits on, 20 saves and 120 redraws (the defaults' numbers), and a
    client signed in as a social worker without spending a post on signing in. The
    windows are a day, not a minute: the limiter's windows start on the clock's minute,
    and a slow run must not see its count restart halfway."""
    app = make_app(
        RATELIMIT_ENABLED=True,
        PORTAL_FORM_RATE_LIMIT="20 per day",
        PORTAL_REDRAW_RATE_LIMIT="120 per day",
    )
    return app, signed_in_social_worker(app)


def signed_in_social_worker(app):
    """A client with a social worker's session, as signing in would leave it, without
    spending a counted post on signing in."""
    with app.app_context():
        user = create_user(f"{unique('sw')}@example.org", "social-worker")
        db.session.commit()
        user_id, generation = user.id, user.session_generation
    client = app.test_client()
    now = int(time.time())
    with client.session_transaction() as session:
        session["user_id"] = user_id
        session["generation"] = generation
        session["signed_in_at"] = now
        session["seen_at"] = now
    return client


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def new_plan_data(client, reference: str) -> MultiDict:
    page = soup_of(client.get(NEW))
    data = MultiDict(form_fields(page, plan_form(page)))
    for name, value in {
        "reference": reference,
        "profile": "england",
        "child-first_name": "Maja",
        "lead_social_worker-name": "Sam Patel",
        "lead_social_worker-email": "sam@example.org",
        **date_boxes("conferences-0-date", "2026-01-12"),
        "csrf_token": csrf_token(client),
    }.items():
        data[name] = value
    data.add("categories", "neglect")
    return data


def references(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(db.select(Plan.reference)))


def test_thirty_add_another_presses_then_twenty_saves_then_the_21st_is_refused_kept(limited):
    app, client = limited
    data = new_plan_data(client, "RL-ADD")
    for press in range(30):
        data["add"] = "core_group"
        response = client.post(NEW, data=data)
        assert response.status_code == 200, f"Add another number {press + 1} was refused"
        data = MultiDict(form_fields(soup_of(response), plan_form(soup_of(response))))
    rows = soup_of(response).select("input[name^='core_group-'][name$='-name']")
    assert len(rows) == 31  # the blank row shown at first, and one more a press
    assert references(app) == set()

    saved = []
    for number in range(20):
        reference = f"RL-{number:02d}"
        response = client.post(NEW, data=new_plan_data(client, reference))
        assert response.status_code == 302, f"save {number + 1}: {response.status_code}"
        saved.append(reference)
    assert references(app) == set(saved)

    typed = new_plan_data(client, "RL-KEPT")
    typed["child-first_name"] = "Zofia"
    typed["core_group-0-name"] = "Anna Nowak"
    typed["core_group-0-role"] = "Mother"
    refused = client.post(NEW, data=typed)
    assert refused.status_code == 429
    assert refused.headers.get("Retry-After")
    page = soup_of(refused)
    assert "Your changes have not been saved yet" in page.select_one("#limited").get_text()
    assert "Everything you typed is kept below" in page.get_text()
    assert page.select_one("#reference")["value"] == "RL-KEPT"
    assert page.select_one("#child-first_name")["value"] == "Zofia"
    assert page.select_one("#core_group-0-name")["value"] == "Anna Nowak"
    assert page.select_one("#categories").has_attr("checked")
    assert "RL-KEPT" not in references(app)  # nothing half-stored

    # Adding a row is still possible while saves are held back.
    typed["add"] = "core_group"
    assert client.post(NEW, data=typed).status_code == 200


def test_a_refused_edit_keeps_the_plan_version_and_the_text(limited):
    app, client = limited
    created = client.post(NEW, data=new_plan_data(client, "RL-EDIT"))
    assert created.status_code == 302
    edit = "/en/professional/plans/RL-EDIT/edit"
    for _ in range(19):
        page = soup_of(client.get(edit))
        data = MultiDict(form_fields(page, plan_form(page)))
        response = client.post(edit, data=data)
        assert response.status_code == 302
    page = soup_of(client.get(edit))
    data = MultiDict(form_fields(page, plan_form(page)))
    data["child-first_name"] = "Changed"
    refused = client.post(edit, data=data)
    assert refused.status_code == 429
    kept = soup_of(refused)
    assert kept.select_one("#child-first_name")["value"] == "Changed"
    assert kept.select_one("input[name=version]")["value"] == data["version"]
    with app.app_context():
        plan = db.session.scalar(db.select(Plan).where(Plan.reference == "RL-EDIT"))
        assert plan.record["child"]["first_name"] == "Maja"


def test_saves_on_every_page_share_one_count_and_refusals_say_nothing_was_saved(limited):
    _app, client = limited
    assert client.post(NEW, data=new_plan_data(client, "RL-O0")).status_code == 302
    token = csrf_token(client)
    for _ in range(19):  # family links: another page, the same count
        shared = client.post(
            "/en/professional/plans/RL-O0/links",
            data={"label": "Mother", "days": "30", "csrf_token": token},
        )
        assert shared.status_code == 200
    response = client.post(
        "/en/professional/plans/RL-O0/links",
        data={"label": "Mother", "days": "30", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 429
    text = soup_of(response).get_text()
    assert "Please wait and try again" in text
    assert "Nothing was saved" in text


def test_add_another_has_a_ceiling_of_its_own(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PORTAL_REDRAW_RATE_LIMIT="5 per day")
    client = signed_in_social_worker(app)
    data = new_plan_data(client, "RL-CEIL")
    data["add"] = "core_group"
    statuses = [client.post(NEW, data=data).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # Saves are counted apart, so the ceiling on redraws does not stop a save.
    del data["add"]
    assert client.post(NEW, data=data).status_code == 302


def test_a_refused_task_form_keeps_what_was_typed(limited):
    app, client = limited
    assert client.post(NEW, data=new_plan_data(client, "RL-TASK")).status_code == 302
    visit = "/en/professional/plans/RL-TASK/record/visit"

    def typed_visit(day: str) -> MultiDict:
        page = soup_of(client.get(visit))
        data = MultiDict(form_fields(page, page.select_one("main form")))
        for name, value in {"date-day": day, "date-month": "2", "date-year": "2026"}.items():
            data[name] = value
        data["seen_alone"] = "yes"
        return data

    for day in range(1, 20):
        response = client.post(visit, data=typed_visit(str(day)))
        assert response.status_code == 302, f"visit {day}: {response.status_code}"
    refused = client.post(visit, data=typed_visit("27"))
    assert refused.status_code == 429
    page = soup_of(refused)
    assert "Everything you typed is kept below" in page.get_text()
    assert page.select_one("#date-day")["value"] == "27"
    assert page.select_one("#seen_alone").has_attr("checked")
    with app.app_context():
        plan = db.session.scalar(db.select(Plan).where(Plan.reference == "RL-TASK"))
        assert len(plan.record["visit_log"]) == 19
        assert "2026-02-27" not in {v["date"] for v in plan.record["visit_log"]}
