"""A manager's caseload tools on the plan list: a social worker filter, and giving the
plans ticked on a page to one social worker at once."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.models import AuditEvent, Plan, User, db
from tests.dashboard.conftest import Portal, record

LIST = "/en/professional/plans"
ASSIGN = "/en/professional/plans/assign"


@pytest.fixture
def portal(make_app):
    return Portal(make_app())


def listed(page) -> list[str]:
    return [a.get_text() for a in page.select("tbody th a")]


def owners(portal) -> dict[str, str | None]:
    with portal.app.app_context():
        rows = db.session.execute(
            select(Plan.reference, User.email).outerjoin(User, User.id == Plan.social_worker_id)
        )
        return {row.reference: row.email for row in rows}


def email_of(portal, user_id: int) -> str:
    with portal.app.app_context():
        return db.session.get(User, user_id).email


def assign(portal, references, to: str, **back):
    page = BeautifulSoup(portal.get(LIST).get_data(as_text=True), "html.parser")
    token = page.select_one("input[name=csrf_token]")["value"]
    data = {"csrf_token": token, "assign_to": to, "plan": list(references), **back}
    return portal.client.post(ASSIGN, data=data)


@pytest.fixture
def caseload(portal):
    """Two workers, five plans: two each for Ana, one for Ben, two with nobody."""
    ana, ben = portal.add_user("social-worker"), portal.add_user("social-worker")
    portal.store(record("2026-01-05", reference="A-1"), ana)
    portal.store(record("2026-01-12", reference="A-2"), ana)
    portal.store(record("2026-01-19", reference="B-1"), ben)
    portal.store(record("2026-01-26", reference="U-1"))
    portal.store(record("2026-02-02", reference="U-2"))
    return ana, ben


def test_managers_filter_the_list_by_social_worker(portal, caseload):
    ana, ben = caseload
    portal.sign_in("manager")
    page = portal.page(LIST)
    options = [o["value"] for o in page.select("#worker option")]
    assert options[:2] == ["", "none"] and set(options[2:]) == {str(ana), str(ben)}
    assert listed(portal.page(f"{LIST}?worker={ana}")) == ["A-1", "A-2"]
    assert listed(portal.page(f"{LIST}?worker={ben}")) == ["B-1"]
    page = portal.page(f"{LIST}?worker=none")
    assert listed(page) == ["U-1", "U-2"]
    assert page.select_one("#worker option[selected]")["value"] == "none"
    # The filter joins the search and the other filters.
    assert listed(portal.page(f"{LIST}?worker={ana}&q=a-2")) == ["A-2"]
    assert listed(portal.page(f"{LIST}?worker={ana}&status=ended")) == []


def test_an_unknown_worker_is_refused_by_name(portal, caseload):
    portal.sign_in("manager")
    for value in ("999999", "x", "-1"):
        page = portal.page(f"{LIST}?worker={value}", status=400)
        summary = page.select_one(".govuk-error-summary").get_text()
        assert "Choose a social worker from the list" in summary
        assert page.select_one(".govuk-error-summary a")["href"] == "#worker"


def test_social_workers_have_no_worker_filter_or_assignment(portal, caseload):
    ana, _ben = caseload
    portal.sign_in(user_id=ana)
    page = portal.page(LIST)
    assert page.select_one("#worker") is None
    assert page.select_one("input[name=plan]") is None
    assert listed(portal.page(f"{LIST}?worker={ana}", status=400)) == []
    response = assign(portal, ["U-1"], str(ana))
    assert response.status_code == 403
    assert owners(portal)["U-1"] is None


def test_chairs_filter_but_do_not_assign_in_bulk(portal, caseload):
    ana, _ben = caseload
    portal.sign_in("chair")
    page = portal.page(LIST)
    assert page.select_one("#worker") is not None
    assert page.select_one("input[name=plan]") is None
    assert assign(portal, ["U-1"], str(ana)).status_code == 403


def test_a_manager_gives_ticked_plans_to_a_worker_in_one_go(portal, caseload):
    ana, ben = caseload
    manager = portal.sign_in("manager")
    page = portal.page(f"{LIST}?worker=none")
    ticks = [i["value"] for i in page.select("input[name=plan]")]
    assert ticks == ["U-1", "U-2"]
    response = assign(portal, ticks, str(ben), worker="none")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{LIST}?worker=none")
    assert owners(portal) == {
        "A-1": email_of(portal, ana),
        "A-2": email_of(portal, ana),
        "B-1": email_of(portal, ben),
        "U-1": email_of(portal, ben),
        "U-2": email_of(portal, ben),
    }
    page = portal.page(response.headers["Location"])
    assert f"2 plans are now assigned to {email_of(portal, ben)}." in page.get_text()
    assert listed(page) == []
    with portal.app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "plan.assign")
        ).all()
        assert len(events) == 2
        assert {e.actor for e in events} == {f"user:{manager}"}
        assert {e.detail for e in events} == {f"user:{ben}"}
    # And back to nobody.
    assert assign(portal, ["A-1"], "none").status_code == 302
    assert owners(portal)["A-1"] is None


@pytest.mark.parametrize(
    ("ticks", "to", "field", "message"),
    [
        ([], "WORKER", "plan", "Tick the plans to assign"),
        (["U-1"], "", "assign_to", "Choose a social worker from the list"),
        (["U-1"], "12345", "assign_to", "Choose a social worker from the list"),
    ],
)
def test_an_incomplete_assignment_is_named_and_changes_nothing(
    portal, caseload, ticks, to, field, message
):
    ana, _ben = caseload
    portal.sign_in("manager")
    to = str(ana) if to == "WORKER" else to
    response = assign(portal, ticks, to)
    assert response.status_code == 422
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = page.select_one(".govuk-error-summary")
    assert message in summary.get_text()
    assert summary.select_one("a")["href"] == f"#{field}"
    assert page.select_one(f"#{field}") is not None
    # What was ticked and chosen is kept.
    assert [i["value"] for i in page.select("input[name=plan][checked]")] == ticks
    assert owners(portal)["U-1"] is None


def test_an_inactive_worker_cannot_be_given_plans(portal, caseload):
    ana, _ben = caseload
    with portal.app.app_context():
        db.session.get(User, ana).active = False
        db.session.commit()
    portal.sign_in("manager")
    assert assign(portal, ["U-1"], str(ana)).status_code == 422
    assert owners(portal)["U-1"] is None


def test_every_plan_on_a_page_can_be_ticked_at_once(portal, caseload):
    ana, _ben = caseload
    portal.sign_in("manager")
    page = portal.page(f"{LIST}?worker=none")
    link = page.find("a", string="Tick every plan on this page")["href"]
    assert "tick=all" in link and "worker=none" in link
    ticked = portal.page(link.split("#")[0])
    assert [i["value"] for i in ticked.select("input[name=plan][checked]")] == ["U-1", "U-2"]
    assert assign(portal, ["U-1", "U-2"], str(ana)).status_code == 302
    assert owners(portal)["U-2"] == email_of(portal, ana)
