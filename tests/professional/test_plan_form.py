"""The plan form: every field, rows added and removed without JavaScript, saved, round-tripped."""

import pytest
from werkzeug.datastructures import MultiDict

from portal.records import export_record
from tests.fixtures.words import translated
from tests.professional.conftest import (
    ENDED,
    NEW,
    edit_url,
    fill,
    filled_new_form,
    form_fields,
    full_record,
    plan_form,
    post,
    soup_of,
    unique,
)


def test_the_new_form_has_every_field_of_the_format(get_page, signed_in):
    signed_in("social-worker")
    page = get_page(NEW)
    form = plan_form(page)
    ids = {element["id"] for element in form.select("input[id], textarea[id], select[id]")}
    expected = {
        "reference",
        "profile",
        "language",
        "child-first_name",
        "child-date_of_birth-day",
        "child-date_of_birth-month",
        "child-date_of_birth-year",
        "categories",
        "lead_social_worker-name",
        "lead_social_worker-phone",
        "lead_social_worker-email",
        "core_group-0-name",
        "core_group-0-role",
        "core_group-0-agency",
        "core_group-0-family",
        "concerns-0",
        "child_needs-0",
        "parent_needs-0",
        "strengths-0",
        "outcomes-0-goal",
        "outcomes-0-actions-0-action",
        "outcomes-0-actions-0-who",
        "outcomes-0-actions-0-by-day",
        "outcomes-0-actions-0-by-month",
        "outcomes-0-actions-0-by-year",
        "outcomes-0-actions-0-status",
        "assessments-0",
        "contingency",
        "visits-every_days",
        "visits-unannounced",
        "conferences-0-kind",
        "conferences-0-date-day",
        "conferences-0-date-month",
        "conferences-0-date-year",
        "conferences-0-status",
        "conferences-0-decision",
        "core_group_meetings-0-date-day",
        "core_group_meetings-0-date-month",
        "core_group_meetings-0-date-year",
        "core_group_meetings-0-time",
        "core_group_meetings-0-place",
        "core_group_meetings-0-status",
        "milestones_done-0-id",
        "milestones_done-0-date-day",
        "milestones_done-0-date-month",
        "milestones_done-0-date-year",
        "ended-date-day",
        "ended-date-month",
        "ended-date-year",
        "ended-reason",
    }
    assert expected <= ids, expected - ids
    # Every field has a label, and the first submit button (the one Enter presses) saves.
    for element in form.select("input[id]:not([type=hidden]), textarea[id], select[id]"):
        assert form.select_one(f"label[for='{element['id']}']"), element["id"]
    first_button = form.select_one("button[type=submit]")
    assert not first_button.has_attr("name")
    add_values = {b["value"] for b in form.select("button[name=add]")}
    assert {
        "core_group",
        "concerns",
        "outcomes",
        "outcomes-0-actions",
        "conferences",
        "core_group_meetings",
        "milestones_done",
    } <= add_values


def test_add_another_shows_one_more_row_and_saves_nothing(client, get_page, signed_in, stored):
    signed_in("social-worker")
    reference = unique("ADD")
    data = filled_new_form(get_page, reference)
    data["core_group-0-name"] = "Anna Nowak"
    data["add"] = "core_group"
    response = post(client, NEW, data)
    assert response.status_code == 200
    soup = soup_of(response)
    names = [i["value"] for i in soup.select("input[name$='-name'][name^='core_group-']")]
    assert names == ["Anna Nowak", "", ""]
    assert soup.select_one("#reference")["value"] == reference  # the typed input is kept
    assert soup.select_one("#categories").has_attr("checked")
    assert stored(reference) is None

    # Add an action to the first outcome: the outcome gets a second blank action row.
    data = MultiDict(form_fields(soup, plan_form(soup)))
    data["add"] = "outcomes-0-actions"
    soup = soup_of(post(client, NEW, data))
    assert soup.select_one("#outcomes-0-actions-1-action") is not None
    assert soup.select_one("#outcomes-0-actions-2-action") is None
    assert stored(reference) is None


def test_create_a_plan_with_the_form(client, get_page, signed_in, stored):
    me = signed_in("social-worker")
    reference = unique("NEW")
    data = filled_new_form(get_page, reference)
    fill(
        data,
        {
            "core_group-0-name": "Anna Nowak",
            "core_group-0-role": "Mother",
            "core_group-0-family": "yes",
            "concerns-0": "Maja has often\r\nmissed school.",
            "visits-every_days": "14",
        },
    )
    response = post(client, NEW, data)
    assert response.status_code == 302, soup_of(response).select_one("main").get_text()
    plan = stored(reference)
    assert plan.social_worker_id == me.id
    record = export_record(plan)
    assert record["core_group"] == [
        {"name": "Anna Nowak", "role": "Mother", "agency": None, "family": True}
    ]
    assert record["concerns"] == ["Maja has often\nmissed school."]
    assert record["visits"] == {"every_days": 14, "unannounced": None}
    # Blank rows were ignored.
    assert record["child_needs"] == [] and record["outcomes"] == []
    assert record["core_group_meetings"] == [] and record["milestones_done"] == []


@pytest.mark.parametrize("changes", [{}, ENDED], ids=["open", "ended"])
def test_every_field_round_trips_form_record_form(
    client, get_page, signed_in, store_plan, stored, changes
):
    me = signed_in("social-worker")
    original = full_record(**changes)
    plan = store_plan(original, owner=me)
    page = get_page(edit_url(plan["reference"]))
    sent = form_fields(page, plan_form(page))
    assert ("version", str(plan["version"])) in sent
    response = post(client, edit_url(plan["reference"]), MultiDict(sent))
    assert response.status_code == 302, soup_of(response).select_one("main").get_text()
    saved = stored(plan["reference"])
    assert export_record(saved) == original
    assert saved.version == plan["version"]  # nothing changed, so nothing was written
    # ... and the form shown again holds exactly what was sent.
    again = get_page(edit_url(plan["reference"]))
    hidden = ("version", "csrf_token")  # the CSRF token carries a timestamp
    resent = [p for p in form_fields(again, plan_form(again)) if p[0] not in hidden]
    assert resent == [p for p in sent if p[0] not in hidden]


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_milestones_done_are_chosen_by_name(app, get_page, signed_in, store_plan, lang):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)  # Stoke-on-Trent, line manager review done
    page = get_page(edit_url(plan["reference"], lang))
    select = page.select_one("select#milestones_done-0-id")
    options = [(o["value"], o.get_text(strip=True)) for o in select.select("option")]
    assert options == [
        ("", translated(app, lang, "Choose")),
        ("line-manager-review", translated(app, lang, "Line manager review")),
        ("senior-manager-review", translated(app, lang, "Senior manager review")),
        ("eighteenth-birthday", translated(app, lang, "18th birthday")),
    ]
    if lang != "en":
        assert options[1][1] != "Line manager review"  # the catalog names it
    assert select.select_one("option[selected]")["value"] == "line-manager-review"


def test_remove_boxes_drop_rows(client, get_page, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    page = get_page(edit_url(plan["reference"]))
    data = MultiDict(form_fields(page, plan_form(page)))
    data["core_group-0-remove"] = "1"
    data["outcomes-0-actions-1-remove"] = "1"
    response = post(client, edit_url(plan["reference"]), data)
    assert response.status_code == 302
    record = export_record(stored(plan["reference"]))
    assert [m["name"] for m in record["core_group"]] == ["Jo Reed"]
    assert [a["who"] for a in record["outcomes"][0]["actions"]] == ["Anna Nowak"]


def test_add_another_keeps_the_date_boxes_as_typed(client, get_page, signed_in, stored):
    signed_in("social-worker")
    reference = unique("ADDDATE")
    data = filled_new_form(get_page, reference)
    fill(data, {"visit_log-0-date-day": "31", "visit_log-0-date-month": "Feb"})
    data["add"] = "visit_log"
    soup = soup_of(post(client, NEW, data))
    assert soup.select_one("#visit_log-0-date-day")["value"] == "31"
    assert soup.select_one("#visit_log-0-date-month")["value"] == "Feb"
    assert soup.select_one("#visit_log-1-date-day")["value"] == ""
    assert soup.select_one("#visit_log-2-date-day") is not None  # the row added
    assert soup.select_one(".govuk-error-summary") is None  # no checks until saving
    assert stored(reference) is None
