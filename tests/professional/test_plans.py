"""The plan list and plan page: who sees what, the timeline, escaping, audit, headers."""

import io
import json

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, db
from tests.fixtures.words import milestone_ids_in, translated
from tests.professional.conftest import full_record, minimal_record, post


def url(reference: str, suffix: str = "", lang: str = "en") -> str:
    return f"/{lang}/professional/plans/{reference.replace('/', '~')}{suffix}"


def test_social_workers_list_only_their_own_plans(get_page, signed_in, make_user, store_plan):
    me = signed_in("social-worker")
    mine = store_plan(minimal_record(), owner=me)
    theirs = store_plan(minimal_record(), owner=make_user())
    page = get_page("/en/professional/plans")
    references = [a.get_text() for a in page.select("tbody th a")]
    assert mine["reference"] in references
    assert theirs["reference"] not in references
    assert page.select_one("a[href='/en/professional/plans/new']")
    assert page.select_one("a[href='/en/professional/plans/import']")


def test_the_list_shows_each_plans_essentials(get_page, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(), owner=me)
    page = get_page("/en/professional/plans")
    row = next(r for r in page.select("tbody tr") if plan["reference"] in r.get_text())
    cells = [" ".join(c.get_text().split()) for c in row.select("th, td")]
    # reference, child, social worker, due next (the first core group: 10 working days
    # after the ICPC on 2 March), started
    assert cells[:3] == [plan["reference"], "Ali", me.email]
    assert cells[3].startswith("Core group meeting, 16 Mar 2026")
    assert cells[4] == "2 Mar 2026"


@pytest.mark.parametrize("role", ["chair", "manager"])
def test_chairs_and_managers_see_every_plan(get_page, signed_in, make_user, store_plan, role):
    plan = store_plan(minimal_record(), owner=make_user())
    signed_in(role)
    page = get_page(f"/en/professional/plans?q={plan['reference']}")
    assert plan["reference"] in [a.get_text() for a in page.select("tbody th a")]
    get_page(url(plan["reference"]))
    get_page(url(plan["reference"], "/edit"))


def test_another_social_workers_plan_is_not_found(client, signed_in, make_user, store_plan):
    plan = store_plan(full_record(), owner=make_user())
    signed_in("social-worker")
    ref = plan["reference"]
    for path in ("", "/edit", "/export"):
        assert client.get(url(ref, path)).status_code == 404, path
    for path, data in (
        ("/edit", {"version": "1", "reference": ref}),
        ("/links", {"label": "Mother", "days": "30"}),
        ("/links/1/revoke", {}),
    ):
        assert post(client, url(ref, path), data).status_code == 404, path
    replace = post(
        client,
        "/en/professional/plans/import",
        {
            "plan_file": (io.BytesIO(json.dumps(full_record(ref)).encode()), "p.json"),
            "replace": "yes",
        },
        content_type="multipart/form-data",
    )
    assert replace.status_code == 422
    assert "You cannot replace the plan" in replace.get_data(as_text=True)
    # Not found looks the same as a plan that does not exist at all.
    assert client.get(url("NO-SUCH-PLAN")).status_code == 404


def test_the_plan_page_shows_record_timeline_and_links(app, get_page, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    page = get_page(url(plan["reference"]))
    main = page.select_one("main").get_text(" ")
    for text in (
        "Maja",
        "Sam Patel",
        "Anna Nowak",
        "Walk Maja to school each morning.",
        "If attendance does not improve",
        "Every 14 days",
        "Polish (Polski)",
    ):
        assert text in main, text
    timeline = page.select_one("#timeline").find_next("table")
    rows = [" ".join(r.get_text().split()) for r in timeline.select("tbody tr")]
    assert rows[0].startswith("Initial child protection conference")
    assert any(r.startswith("Review conference 1") and "Held" in r for r in rows)
    milestone = next(r for r in rows if r.startswith("Milestone: Line manager review"))
    assert "Done" in milestone and "Line Manager Review" in milestone  # the professional text
    assert milestone_ids_in(app, page.select_one("main").get_text()) == []
    assert timeline.select(".govuk-tag--green")
    assert page.select_one("form[action$='/links'] input#label")
    assert page.select_one("a[href$='/export']")
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.plan_id == plan["id"])
        ).all()
    assert "professional.view_plan" in actions


def test_the_timeline_names_each_milestone_in_the_readers_language(
    app, get_page, signed_in, store_plan
):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)  # Stoke-on-Trent, with an 18th birthday
    page = get_page(url(plan["reference"], lang="pl"))
    timeline = page.select_one("#timeline").find_next("table")
    shown = [
        strong.get_text(strip=True)
        for strong in timeline.select("tbody td > strong:not(.govuk-tag)")
    ]
    names = ["Line manager review", "Senior manager review", "18th birthday"]
    expected = [
        translated(app, "pl", "Milestone: %(name)s", name=translated(app, "pl", name))
        for name in names
    ]
    assert shown == expected
    assert expected[0] != "Milestone: Line manager review"  # the Polish catalog names it
    assert milestone_ids_in(app, page.select_one("main").get_text()) == []


def test_professional_text_is_escaped(get_page, signed_in, store_plan):
    me = signed_in("social-worker")
    record = full_record(concerns=["<script>alert(1)</script> & <b>bold</b>"])
    plan = store_plan(record, owner=me)
    page = get_page(url(plan["reference"]))
    assert not page.select("main b")
    assert "<script>alert(1)</script> & <b>bold</b>" in page.select_one("main").get_text()


def test_references_with_slashes_have_their_own_address(get_page, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(reference="ST/2026/77"), owner=me)
    page = get_page("/en/professional/plans/ST~2026~77")
    assert "ST/2026/77" in page.select_one("h1").get_text()
    assert plan["reference"] == "ST/2026/77"


def test_managers_change_the_social_worker(client, signed_in, make_user, store_plan, stored):
    first, second = make_user(), make_user()
    plan = store_plan(minimal_record(), owner=first)
    signed_in("manager")
    response = post(client, url(plan["reference"], "/social-worker"), {"social_worker": second.id})
    assert response.status_code == 302
    assert stored(plan["reference"]).social_worker_id == second.id
    for value in ("999999", "9" * 40, "x"):
        bad = post(client, url(plan["reference"], "/social-worker"), {"social_worker": value})
        assert bad.status_code == 400, value


def test_social_workers_cannot_reassign(client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(), owner=me)
    assert post(client, url(plan["reference"], "/social-worker"), {}).status_code == 403


def test_every_workspace_page_is_never_cached(client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(minimal_record(), owner=me)
    for path in (
        "/en/professional/plans",
        url(plan["reference"]),
        url(plan["reference"], "/edit"),
        "/en/professional/plans/new",
        "/en/professional/plans/import",
        "/en/professional/share-guide",
        url(plan["reference"], "/export"),
        url("NO-SUCH-PLAN"),
    ):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert "noindex" in response.headers["X-Robots-Tag"], path


def test_open_actions_past_their_date_are_flagged_overdue(
    get_page, signed_in, store_plan, monkeypatch
):
    import datetime as dt

    me = signed_in("social-worker")
    record = full_record()
    record["outcomes"] = [
        {
            "goal": "Maja goes to school every day",
            "actions": [
                {
                    "action": "Late, still open",
                    "who": "Mother",
                    "by": "2026-05-01",
                    "status": "open",
                },
                {"action": "Late but done", "who": "School", "by": "2026-05-01", "status": "done"},
                {"action": "Due today", "who": "Father", "by": "2026-06-15", "status": "open"},
                {"action": "No date", "who": "Father", "by": None, "status": "open"},
            ],
        }
    ]
    plan = store_plan(record, owner=me)
    monkeypatch.setattr("portal.clock.today", lambda: dt.date(2026, 6, 15))
    page = get_page(url(plan["reference"]))
    flagged = {
        row.select_one("td").get_text(strip=True): "Overdue" in row.get_text()
        for row in page.select("main table tbody tr")
        if row.select_one("td")
        and row.select_one("td").get_text(strip=True)
        in (
            "Late, still open",
            "Late but done",
            "Due today",
            "No date",
        )
    }
    assert flagged == {
        "Late, still open": True,
        "Late but done": False,
        "Due today": False,
        "No date": False,
    }
