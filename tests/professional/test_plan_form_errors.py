"""Plan form errors: summarised in page order, linked to their boxes, translated, input kept."""

import pytest
from werkzeug.datastructures import MultiDict

from portal.professional.plan_fields import is_date_field
from portal.records import export_record
from tests.fixtures.words import translated
from tests.professional.conftest import (
    ENDED,
    NEW,
    date_boxes,
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
