"""The plan form: every field, rows added and removed without JavaScript, errors, conflicts."""

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from portal.professional.plan_fields import is_date_field
from portal.records import export_record
from tests.fixtures.words import translated
from tests.professional.conftest import (
    date_boxes,
    form_fields,
    full_record,
    plan_form,
    post,
    unique,
)

NEW = "/en/professional/plans/new"


def edit_url(reference: str, lang: str = "en") -> str:
    return f"/{lang}/professional/plans/{reference.replace('/', '~')}/edit"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def fill(data: MultiDict, values: dict) -> None:
    """Type into fields: replaces what the field held (MultiDict.update would add)."""
    for name, value in values.items():
        data[name] = value


def filled_new_form(get_page, reference: str) -> MultiDict:
    """The new-plan form as a browser would send it, with the required fields filled in."""
    page = get_page(NEW)
    data = MultiDict(form_fields(page, plan_form(page)))
    fill(
        data,
        {
            "reference": reference,
            "profile": "england",
            "child-first_name": "Maja",
            "lead_social_worker-name": "Sam Patel",
            "lead_social_worker-email": "sam@example.org",
            **date_boxes("conferences-0-date", "2026-01-12"),
        },
    )
    data.add("categories", "neglect")
    return data


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


ENDED = {
    "categories": ["neglect", "emotional_abuse"],
    "visits": {"every_days": 10, "unannounced": False},
    # Normalised cp-plan/2: a transferred-in plan, every conference field given.
    "conferences": [
        {
            "kind": "transfer_in",
            "date": "2026-01-12",
            "status": "held",
            "time": "09:30",
            "place": "County Hall",
            "chair": "Kim Ashworth",
            "categories": ["neglect", "emotional_abuse"],
        },
        {
            "kind": "review",
            "date": "2026-03-01",
            "status": "cancelled",
            "time": None,
            "place": None,
            "chair": None,
        },
        {
            "kind": "review",
            "date": "2026-04-09",
            "status": "held",
            "decision": "end",
            "progress": "sufficient",
            "time": None,
            "place": "Online",
            "chair": None,
            "categories": [],
        },
    ],
    "on_plan_since": "2025-10-01",
    "previous_plans": 2,
    "visit_log": [
        {"date": "2025-12-01", "seen_alone": None},
        {"date": "2026-02-01", "seen_alone": False},
    ],
    "core_group_meetings": [
        {"date": "2026-01-22", "time": None, "place": None, "status": "held"},
        {"date": "2026-05-01", "time": "09:15", "place": "School", "status": "cancelled"},
    ],
    "milestones_done": [{"id": "eighteenth-birthday", "date": "2026-03-30"}],
    "ended": {"date": "2026-04-09", "reason": "no_longer_at_risk"},
}


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


def test_errors_are_summarised_linked_and_keep_the_input(client, get_page, signed_in, stored):
    signed_in("social-worker")
    reference = unique("BAD")
    data = filled_new_form(get_page, reference)
    fill(
        data,
        {
            "child-first_name": "",
            "conferences-0-date-month": "",  # day and year typed, the month forgotten
            "core_group-0-name": "Anna Nowak",  # a member without a role
            "concerns-0": "Typed text that must survive",
        },
    )
    response = post(client, NEW, data)
    assert response.status_code == 422
    soup = soup_of(response)
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    # In the order of the fields on the page, not the order the checks ran in.
    assert links == ["#child-first_name", "#core_group-0-role", "#conferences-0-date-month"]
    for href in ("#child-first_name", "#core_group-0-role", "#conferences-0-date"):
        assert soup.select_one(href) is not None, href
        assert soup.select_one(f"{href}-error") is not None, href
    summary = soup.select_one(".govuk-error-summary").get_text()
    assert "Core group member 1, Role" in summary
    assert "Date of conference 1 must include a month" in summary
    assert (
        soup.select_one("#conferences-0-date-error")
        .get_text(strip=True)
        .endswith("Date of conference 1 must include a month")
    )
    # What was typed stays in its boxes; only the empty month is marked wrong.
    assert soup.select_one("#conferences-0-date-day")["value"] == "12"
    assert soup.select_one("#conferences-0-date-year")["value"] == "2026"
    assert "govuk-input--error" in soup.select_one("#conferences-0-date-month")["class"]
    assert "govuk-input--error" not in soup.select_one("#conferences-0-date-day")["class"]
    assert soup.select_one("#concerns-0").get_text() == "Typed text that must survive"
    assert soup.select_one("#core_group-0-name")["value"] == "Anna Nowak"
    assert stored(reference) is None


def test_error_pointers_follow_rows_after_blank_ones_are_dropped(client, get_page, signed_in):
    signed_in("social-worker")
    data = filled_new_form(get_page, unique("ROW"))
    # Row 0 left blank, row 1 filled in without a role: the record's member 0.
    fill(data, {"core_group-1-name": "Jo Reed", "core_group-1-role": ""})
    soup = soup_of(post(client, NEW, data))
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert links == ["#core_group-0-role"]
    assert soup.select_one("#core_group-0-name")["value"] == "Jo Reed"


def test_a_duplicate_reference_is_an_error_on_the_reference(
    client, get_page, signed_in, store_plan
):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    data = filled_new_form(get_page, plan["reference"])
    response = post(client, NEW, data)
    assert response.status_code == 422
    soup = soup_of(response)
    assert [a["href"] for a in soup.select(".govuk-error-summary a")] == ["#reference"]
    assert "already exists" in soup.select_one("#reference-error").get_text()


def test_a_second_edit_from_the_same_version_conflicts(
    app, client, get_page, signed_in, store_plan, stored
):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    page = get_page(edit_url(plan["reference"]))
    first = MultiDict(form_fields(page, plan_form(page)))
    second = MultiDict(first)
    first["child-first_name"] = "Maria"
    second["child-first_name"] = "Marta"
    assert post(client, edit_url(plan["reference"]), first).status_code == 302
    response = post(client, edit_url(plan["reference"]), second)
    assert response.status_code == 409
    soup = soup_of(response)
    assert "Someone else saved this plan while you were editing it" in soup.get_text()
    assert soup.select_one("#child-first_name")["value"] == "Marta"  # the input is kept
    saved = stored(plan["reference"])
    assert saved.record["child"]["first_name"] == "Maria"
    assert saved.version == plan["version"] + 1


def test_an_edit_can_change_the_reference(client, get_page, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    page = get_page(edit_url(plan["reference"]))
    data = MultiDict(form_fields(page, plan_form(page)))
    data["reference"] = plan["reference"] + "-B"
    response = post(client, edit_url(plan["reference"]), data)
    assert response.status_code == 302
    assert response.location.endswith(plan["reference"] + "-B")
    assert stored(plan["reference"]) is None and stored(plan["reference"] + "-B") is not None


def test_a_manager_assigns_the_social_worker_when_creating(
    client, get_page, signed_in, make_user, stored
):
    worker = make_user("social-worker")
    signed_in("manager")
    reference = unique("MGR")
    data = filled_new_form(get_page, reference)
    data["social_worker"] = "not a user"
    response = post(client, NEW, data)
    assert response.status_code == 422
    assert soup_of(response).select_one("#social_worker-error")
    data["social_worker"] = str(worker.id)
    assert post(client, NEW, data).status_code == 302
    assert stored(reference).social_worker_id == worker.id


def test_the_edit_form_needs_a_version(client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    assert post(client, edit_url(plan["reference"]), {"reference": "X"}).status_code == 400


@pytest.mark.parametrize(
    ("values", "field_id", "template", "params"),
    [
        (
            {"previous_plans": "-1"},
            "previous_plans",
            "previous_plans: enter a whole number from %(min)s to %(max)s",
            {"min": 0, "max": 99},
        ),
        (
            {"conferences-0-kind": "transfer_in", **date_boxes("on_plan_since", "2026-02-01")},
            "on_plan_since",
            "on_plan_since must be on or before the transfer-in conference on %(start)s",
            {"start": "2026-01-12"},
        ),
        (
            date_boxes("on_plan_since", "2025-06-01"),
            "on_plan_since",
            "on_plan_since is only for a plan transferred in from another authority: remove it",
            {},
        ),
    ],
    ids=["negative-previous-plans", "on-plan-since-after-transfer", "on-plan-since-no-transfer"],
)
def test_bad_v2_values_are_named_at_their_field_in_the_readers_language(
    app, client, get_page, signed_in, stored, values, field_id, template, params
):
    signed_in("social-worker")
    reference = unique("V2")
    data = filled_new_form(get_page, reference)
    fill(data, values)
    response = post(client, NEW.replace("/en/", "/pl/"), data)
    assert response.status_code == 422
    soup = soup_of(response)
    first_box = f"#{field_id}-day" if is_date_field(field_id) else f"#{field_id}"
    assert [a["href"] for a in soup.select(".govuk-error-summary a")] == [first_box]
    message = translated(app, "pl", template, **params)
    assert message != template % params
    assert message in soup.select_one(f"#{field_id}-error").get_text()
    assert stored(reference) is None


@pytest.mark.parametrize(
    ("field_id", "typed", "wrong", "message"),
    [
        (
            "visit_log-1-date",
            ("30", "2", "2026"),
            ("day", "month", "year"),  # an impossible date: the whole date is marked
            "Date of visit 2 must be a real date",
        ),
        (
            "outcomes-0-actions-0-by",
            ("1", "", "2026"),
            ("month",),
            "Due date of outcome 1, action 1 must include a month",
        ),
        (
            "core_group_meetings-0-date",
            ("5", "3", "26"),
            ("year",),
            "Date of core group meeting 1: the year must be 4 numbers, like 2026",
        ),
        # An optional date: left blank it would be saved as "none", typed wrongly it is refused.
        (
            "child-date_of_birth",
            ("", "", "2019"),
            ("day", "month"),
            "Child's date of birth must include a day",
        ),
    ],
)
def test_a_date_typed_wrongly_is_refused_linked_to_its_box_and_kept(
    client, get_page, signed_in, store_plan, stored, field_id, typed, wrong, message
):
    me = signed_in("social-worker")
    original = full_record(**ENDED)
    plan = store_plan(original, owner=me)
    page = get_page(edit_url(plan["reference"]))
    data = MultiDict(form_fields(page, plan_form(page)))
    fill(data, {f"{field_id}-{p}": v for p, v in zip(("day", "month", "year"), typed, strict=True)})
    data["concerns-0"] = "Changed, but not saved"
    response = post(client, edit_url(plan["reference"]), data)
    assert response.status_code == 422
    soup = soup_of(response)
    summary = soup.select_one(".govuk-error-summary")
    assert [a.get_text(strip=True) for a in summary.select("a")] == [message]
    assert [a["href"] for a in summary.select("a")] == [f"#{field_id}-{wrong[0]}"]
    assert message in soup.select_one(f"#{field_id}-error").get_text()
    for part, value in zip(("day", "month", "year"), typed, strict=True):
        box = soup.select_one(f"#{field_id}-{part}")
        assert box["value"] == value
        assert ("govuk-input--error" in box["class"]) == (part in wrong)
    assert soup.select_one("#concerns-0").get_text() == "Changed, but not saved"
    saved = stored(plan["reference"])
    assert saved.version == plan["version"]  # nothing half-stored
    assert export_record(saved) == original


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
