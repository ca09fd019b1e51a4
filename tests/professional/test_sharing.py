"""Family links (shown once, stored only as hashes, revocable) and sharing guides."""

import re

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.models import FamilyLink, db
from portal.records import create_plan, find_link, hash_token
from portal.records.secrets import normalise_passcode, verify_secret
from portal.workspace.auth import create_user, set_password
from tests.professional.conftest import PASSWORD, full_record, minimal_record, post


def plan_url(reference: str, suffix: str = "") -> str:
    return f"/en/professional/plans/{reference}{suffix}"


def links_of(app, plan_id: int) -> list[FamilyLink]:
    with app.app_context():
        links = db.session.scalars(select(FamilyLink).where(FamilyLink.plan_id == plan_id)).all()
        for link in links:
            db.session.expunge(link)
        return links


def share(client, reference: str, label="Mother", days="90"):
    return post(client, plan_url(reference, "/links"), {"label": label, "days": days})


def test_sharing_shows_link_passcode_and_qr_once(app, client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    response = share(client, plan["reference"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    url = soup.select_one("#family-link")["value"]
    base = re.escape(app.config["PORTAL_BASE_URL"])
    match = re.fullmatch(base + r"/f/([A-Za-z0-9_-]{40,})", url)
    assert match, url
    token = match.group(1)
    passcode = soup.select_one("#passcode").get_text()
    assert re.fullmatch(r"[0-9]{4} [0-9]{4}", passcode)
    assert "Give the passcode separately, for example by phone." in soup.get_text()
    svg = soup.select_one("main figure svg")
    assert svg is not None and svg.select("path") and not svg.has_attr("style")

    [link] = links_of(app, plan["id"])
    assert link.label == "Mother" and link.created_by_id == me.id
    assert link.token_hash == hash_token(token)
    assert verify_secret(link.passcode_hash, normalise_passcode(passcode))
    # Neither the token nor the passcode is stored as it is, anywhere in the row.
    with app.app_context():
        row = db.session.execute(select(FamilyLink.__table__).where(FamilyLink.id == link.id)).one()
        with_link = db.session.get(FamilyLink, link.id)
        assert find_link(token).id == with_link.id
    values = " ".join(str(v) for v in row)
    assert token not in values and normalise_passcode(passcode) not in values
    # The plan page lists the link, but never shows its address again.
    page = client.get(plan_url(plan["reference"])).get_data(as_text=True)
    assert "Mother" in page and token not in page


def test_share_form_errors(app, client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(), owner=me)
    for label, days, field in (
        ("", "90", "label"),
        ("Father", "0", "days"),
        ("Father", "366", "days"),
        ("Father", "ten", "days"),
        ("x" * 101, "30", "label"),
    ):
        response = share(client, plan["reference"], label, days)
        assert response.status_code == 422
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert [a["href"] for a in soup.select(".govuk-error-summary a")] == [f"#{field}"]
        assert soup.select_one(f"#{field}-error")
    assert links_of(app, plan["id"]) == []


def test_the_default_and_maximum_expiry(app, client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(), owner=me)
    page = BeautifulSoup(
        client.get(plan_url(plan["reference"])).get_data(as_text=True), "html.parser"
    )
    assert page.select_one("#days")["value"] == "90"
    assert share(client, plan["reference"], "Young person", "365").status_code == 200
    [link] = links_of(app, plan["id"])
    assert round((link.expires_at - link.created_at).total_seconds() / 86400) == 365


def test_revoke_a_link(app, client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(), owner=me)
    share(client, plan["reference"])
    [link] = links_of(app, plan["id"])
    page = BeautifulSoup(
        client.get(plan_url(plan["reference"])).get_data(as_text=True), "html.parser"
    )
    action = plan_url(plan["reference"], f"/links/{link.id}/revoke")
    assert page.select_one(f"form[action='{action}']")
    response = post(client, action)
    assert response.status_code == 302
    [link] = links_of(app, plan["id"])
    assert link.revoked_at is not None
    page = BeautifulSoup(
        client.get(plan_url(plan["reference"])).get_data(as_text=True), "html.parser"
    )
    assert page.select_one(f"form[action='{action}']") is None
    assert "Revoked" in page.select_one("#family-links").find_next("table").get_text()


def test_a_link_of_another_plan_cannot_be_revoked_through_this_one(
    app, client, signed_in, store_plan
):
    me = signed_in("social-worker")
    mine = store_plan(minimal_record(), owner=me)
    other = store_plan(minimal_record(), owner=me)
    share(client, other["reference"])
    [link] = links_of(app, other["id"])
    response = post(client, plan_url(mine["reference"], f"/links/{link.id}/revoke"))
    assert response.status_code == 404
    huge = post(client, plan_url(mine["reference"], f"/links/{'9' * 30}/revoke"))
    assert huge.status_code == 404
    assert links_of(app, other["id"])[0].revoked_at is None


def test_share_a_guide_in_another_language(app, get_page, signed_in):
    signed_in("social-worker")
    page = get_page("/en/professional/share-guide")
    options = [o["value"] for o in page.select("select#guide option") if o["value"]]
    assert "parents/what-is-a-plan" in options
    page = get_page("/en/professional/share-guide?guide=parents/what-is-a-plan&language=pl")
    expected = app.config["PORTAL_BASE_URL"] + "/pl/parents/what-is-a-plan"
    assert page.select_one("#guide-link")["value"] == expected
    assert page.select_one("main figure svg path")
    assert page.select_one("select#language option[selected]")["value"] == "pl"


def test_share_a_guide_rejects_unknown_choices(get_page, signed_in):
    signed_in("social-worker")
    page = get_page("/en/professional/share-guide?guide=parents/nothing&language=xx", status=422)
    assert [a["href"] for a in page.select(".govuk-error-summary a")] == ["#guide", "#language"]
    assert page.select_one("#guide-link") is None


def test_the_plan_page_offers_guides_in_the_familys_language(get_page, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)  # the family reads Polish
    page = get_page(plan_url(plan["reference"]))
    form = page.select_one("form[action='/en/professional/share-guide']")
    assert form["method"] == "get"
    assert form.select_one("select#language option[selected]")["value"] == "pl"


def test_links_use_the_configured_address_not_the_request_host(make_app):
    app = make_app(PORTAL_BASE_URL="https://portal.example.org/")
    with app.app_context():
        user = create_user("sw@example.org", "social-worker")
        set_password(user, PASSWORD)
        create_plan(
            minimal_record("HOST-1"), app.extensions["profiles"], actor="test", social_worker=user
        )
        email = user.email
    client = app.test_client()
    post(client, "/en/professional/sign-in", {"email": email, "password": PASSWORD})
    response = share(client, "HOST-1")
    url = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("#family-link")[
        "value"
    ]
    assert url.startswith("https://portal.example.org/f/")
    assert "localhost" not in response.get_data(as_text=True)
