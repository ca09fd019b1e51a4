"""Plans for measurement only (loaded from an Annex A list) in the workspace: marked in
the plan list, refused a family link and an export, completed with the plan form."""

import io

import pytest
from werkzeug.datastructures import MultiDict

from portal.exchange.annex_a_import import read_annex_a, store_rows
from portal.models import ApiKey, FamilyLink, db
from portal.records import MeasurementOnly, create_family_link, get_plan, hash_token, new_token
from portal.records.stand_ins import STAND_IN_EMAIL
from tests.professional.conftest import form_fields, plan_form, post, unique

HEADER = (
    "Child Unique ID,Child Protection Plan Start Date,Initial Category of Abuse,"
    "Latest Category of Abuse,Date of latest review conference,Allocated Worker\r\n"
)


@pytest.fixture
def measured(app):
    """A plan loaded from a one-row Annex A list; its reference."""
    reference = unique("0MO")  # sorts first by reference
    source = io.StringIO(HEADER + f"{reference},06/01/2025,a) Neglect,e) Multiple,03/07/2025,\r\n")
    with app.app_context():
        profiles = app.extensions["profiles"]
        result = read_annex_a(source, profiles, "england")
        assert not result.problems, result.problems
        store_rows(result.rows, profiles, actor="test")
    return reference


def plan_url(reference: str, lang: str = "en", tail: str = "") -> str:
    return f"/{lang}/professional/plans/{reference}{tail}"


def test_the_plan_list_and_page_mark_it(get_page, signed_in, measured):
    signed_in("manager")
    page = get_page(f"/en/professional/plans?q={measured}")
    row = next(
        tr for tr in page.select("tbody tr") if tr.select_one("th").get_text(strip=True) == measured
    )
    assert "For measurement only" in row.get_text()
    complete = row.select_one("a[href$='/edit']")
    assert complete.get_text(" ", strip=True).startswith("Complete this record")
    plan = get_page(plan_url(measured))
    notice = plan.select_one("#measurement-only")
    assert "loaded from an Annex A list" in notice.get_text()
    assert plan.select_one("form[action$='/links']") is None  # no share form to fill
    assert "cannot make a family link" in plan.select_one("#share-refused").get_text()
    assert plan.select_one("a[href$='/export']") is None
    # The stand-ins are not shown as if they were a name and an address.
    assert plan.select_one(".govuk-caption-l").get_text(strip=True) == "Not recorded"
    assert STAND_IN_EMAIL not in plan.select_one("main").get_text()
    dashboard = get_page("/en/professional/dashboard/?sort=reference&order=asc")
    listed = next(
        th for th in dashboard.select("tbody th") if th.select_one("a").get_text() == measured
    )
    assert listed.select_one(".govuk-tag").get_text() == "For measurement only"
    assert listed.get_text(" ", strip=True).count(measured) == 1  # no stand-in name


def test_every_door_refuses_a_family_link(app, client, signed_in, measured):
    signed_in("manager")
    response = post(client, plan_url(measured, tail="/links"), {"label": "Mother", "days": "30"})
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "You cannot make a family link for this plan yet: it is for measurement only" in text
    assert post(client, plan_url(measured, tail="/export")).status_code == 405
    assert client.get(plan_url(measured, tail="/export")).status_code == 409
    result = app.test_cli_runner().invoke(args=["plans", "share", measured, "--for", "Mother"])
    assert result.exit_code != 0
    assert "for measurement only" in result.output
    with app.app_context():
        with pytest.raises(MeasurementOnly):
            create_family_link(get_plan(measured), "Mother", 30, actor="test")
        assert (
            db.session.query(FamilyLink).join(FamilyLink.plan).filter_by(reference=measured).count()
            == 0
        )
        key = new_token()
        db.session.add(ApiKey(name="test", key_hash=hash_token(key)))
        db.session.commit()
    api = client.get(f"/api/v1/plans/{measured}", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 409
    assert "for measurement only" in api.get_json()["error"]


def test_a_task_form_save_keeps_the_mark_and_the_plan_form_completes_it(
    app, client, get_page, signed_in, measured
):
    signed_in("manager")
    page = get_page(plan_url(measured, tail="/edit"))
    assert page.select_one("#child-first_name")["value"] == ""  # the stand-in is not offered
    assert page.select_one("#lead_social_worker-email").get("value", "") == ""
    sent = MultiDict(form_fields(page, plan_form(page)))
    response = post(client, plan_url(measured, tail="/edit"), sent)
    assert response.status_code == 422  # the form names what is missing
    assert b"child-first_name-error" in response.data
    with app.app_context():
        assert get_plan(measured).measurement_only
    sent["child-first_name"] = "Maja"
    sent["lead_social_worker-name"] = "Sam Patel"
    sent["lead_social_worker-email"] = "sam.patel@example.org"
    response = post(client, plan_url(measured, tail="/edit"), sent)
    assert response.status_code == 302, response.data[:2000]
    with app.app_context():
        plan = get_plan(measured)
        assert not plan.measurement_only
        assert plan.record["lead_social_worker"]["email"] != STAND_IN_EMAIL
        link = create_family_link(plan, "Mother", 30, actor="test")
        assert link.passcode


def test_an_ended_plans_form_asks_why_it_ended(app, client, get_page, signed_in):
    reference = unique("0ME")
    source = io.StringIO(
        "Child Unique ID,Child Protection Plan Start Date,Initial Category of Abuse,"
        f"Latest Category of Abuse,Child Protection Plan End Date\r\n"
        f"{reference},06/01/2025,NEG,NEG,01/03/2026\r\n"
    )
    with app.app_context():
        profiles = app.extensions["profiles"]
        store_rows(read_annex_a(source, profiles, "england").rows, profiles, actor="test")
    signed_in("manager")
    page = get_page(plan_url(reference, tail="/edit"))
    reason = page.select_one("#ended-reason")
    assert reason.select_one("option[selected]") is None or (
        reason.select_one("option[selected]").get("value", "") == ""
    )
    sent = MultiDict(form_fields(page, plan_form(page)))
    sent["child-first_name"] = "Maja"
    sent["lead_social_worker-name"] = "Sam Patel"
    sent["lead_social_worker-email"] = "sam.patel@example.org"
    response = post(client, plan_url(reference, tail="/edit"), sent)
    assert response.status_code == 422
    assert b"ended-reason-error" in response.data
    sent["ended-reason"] = "no_longer_at_risk"
    assert post(client, plan_url(reference, tail="/edit"), sent).status_code == 302
    with app.app_context():
        assert not get_plan(reference).measurement_only
        assert get_plan(reference).end_reason == "no_longer_at_risk"
