"""Saving with the plan form: edit conflicts, a changed reference, the version, who is assigned."""

from werkzeug.datastructures import MultiDict

from tests.professional.conftest import (
    NEW,
    edit_url,
    filled_new_form,
    form_fields,
    full_record,
    plan_form,
    post,
    soup_of,
    unique,
)


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
