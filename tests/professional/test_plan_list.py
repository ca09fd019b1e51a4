"""The plan list that scales: 50 a page, search, my plans / team / all, by what is due next.

Every test here has a database of its own, so totals and orders are exact. The search
and the order run on SQLite and on PostgreSQL, whose text comparison differs by locale.
"""

import datetime as dt
import itertools

import pytest
from sqlalchemy import select, text

from portal import create_app
from portal.models import AuditEvent, Plan, User, db
from portal.professional.plan_list import ListRequest, _candidates, conditions
from portal.records.plans import next_due, search_key
from tests.conftest import migrated
from tests.conftest import test_settings as settings_for
from tests.dashboard.conftest import Portal, record
from tests.fixtures.postgres import postgres_server  # noqa: F401  (a fixture)

LIST = "/en/professional/plans"
D = dt.date.fromisoformat
_databases = itertools.count(1)


@pytest.fixture
def portal(make_app):
    return Portal(make_app())


def listed(page) -> list[str]:
    return [a.get_text() for a in page.select("tbody th a")]


def set_team(portal: Portal, user_id: int, team: str | None) -> None:
    with portal.app.app_context():
        db.session.get(User, user_id).team = team
        db.session.commit()


# --- the stored columns ---------------------------------------------------------------


def test_next_due_is_the_earliest_real_due_date():
    columns = {
        "next_review_due": D("2026-06-02"),
        "next_core_group_due": D("2026-03-16"),
        "next_milestone_due": D("2026-03-01"),
        "next_milestone_conditional": False,
    }
    assert next_due(columns) == D("2026-03-01")
    # A conditional milestone waits on a review not held yet: its date is not due.
    assert next_due(columns | {"next_milestone_conditional": True}) == D("2026-03-16")
    assert next_due(dict.fromkeys(columns)) is None


def test_search_keys_fold_case_accents_and_spaces():
    assert search_key("Zoë") == search_key("ZOE") == "zoe"
    assert search_key("  Anna   Maria ") == "anna maria"
    assert search_key("Łucja") == "łucja"  # not a letter plus an accent: kept
    assert search_key("ST-2026-0412") == "st-2026-0412"


def test_a_save_stores_next_due_and_the_search_keys(portal):
    portal.store(record("2026-03-02", reference="Key-1", child="Zoë"))
    portal.store(record("2026-03-02", reference="Key-2", ended="2026-05-01"))
    with portal.app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.reference == "Key-1"))
        # The first core group falls 10 working days after the ICPC: due before the review.
        assert plan.next_core_group_due == D("2026-03-16")
        assert plan.next_due == D("2026-03-16")
        assert (plan.reference_key, plan.child_key) == ("key-1", "zoe")
        ended = db.session.scalar(select(Plan).where(Plan.reference == "Key-2"))
        assert ended.next_due is None


# --- paging, order, search, filters ---------------------------------------------------


def test_fifty_a_page_with_the_count_and_every_plan_once(portal):
    me = portal.sign_in("social-worker")
    start = D("2025-01-06")
    for number in range(120):
        day = (start + dt.timedelta(days=3 * number)).isoformat()
        portal.store(record(day, reference=f"PG-{number:03d}"), me)
    pages = [portal.page(f"{LIST}?page={n}") for n in (1, 2, 3)]
    assert [len(listed(p)) for p in pages] == [50, 50, 20]
    assert "120 plans" in pages[0].select_one("#results").get_text()
    assert "Showing 101 to 120 of 120." in pages[2].get_text()
    seen = [ref for p in pages for ref in listed(p)]
    assert sorted(seen) == [f"PG-{n:03d}" for n in range(120)]
    # The next page link of page 1 leads to page 2; there is no page 4.
    assert pages[0].select_one("a[rel=next]")["href"] == f"{LIST}?page=2"
    beyond = portal.page(f"{LIST}?page=4", status=400)
    assert "There are only 3 pages" in beyond.select_one(".govuk-error-summary").get_text()


def test_open_plans_come_in_the_order_things_fall_due(portal, monkeypatch):
    monkeypatch.setattr("portal.clock.today", lambda: D("2026-03-20"))
    me = portal.sign_in("social-worker")
    portal.store(record("2026-03-02", reference="DUE-MARCH"), me)  # core group 16 Mar
    portal.store(record("2026-01-05", reference="DUE-JAN"), me)  # core group 19 Jan
    # The first core group held: England sets no core group interval (the core group
    # agrees its own), so what falls due next is the first review, 3 months on.
    portal.store(record("2026-02-02", reference="DUE-FEB", meetings=(("2026-02-09", "held"),)), me)
    page = portal.page(LIST)
    assert listed(page) == ["DUE-JAN", "DUE-MARCH", "DUE-FEB"]
    cells = [" ".join(td.get_text().split()) for td in page.select("tbody tr")[0].select("td")]
    assert cells[2] == "Core group meeting, 19 Jan 2026 Overdue"
    last = " ".join(page.select("tbody tr")[2].select("td")[2].get_text().split())
    assert last == "Review conference, 2 May 2026"


def test_ended_plans_are_listed_apart_latest_first(portal):
    me = portal.sign_in("social-worker")
    portal.store(record("2025-01-06", reference="OPEN-1"), me)
    portal.store(record("2025-01-06", reference="END-A", ended="2025-06-02"), me)
    portal.store(record("2025-01-06", reference="END-B", ended="2025-09-01"), me)
    assert listed(portal.page(LIST)) == ["OPEN-1"]
    ended = portal.page(f"{LIST}?status=ended")
    assert listed(ended) == ["END-B", "END-A"]
    assert "1 Sept 2025" in ended.select("tbody tr")[0].get_text() or "1 Sep 2025" in (
        ended.select("tbody tr")[0].get_text()
    )


def test_search_by_the_start_of_a_reference_or_a_childs_name(portal):
    me = portal.sign_in("social-worker")
    portal.store(record("2026-01-05", reference="ST-2026-0412", child="Zofia"), me)
    portal.store(record("2026-01-05", reference="ST-2025-0001", child="Amir"), me)
    portal.store(record("2026-01-05", reference="WS-7", child="Zoë"), me)
    portal.store(record("2026-01-05", reference="ZO-1", child="Kacper"), me)
    assert sorted(listed(portal.page(f"{LIST}?q=st-2026"))) == ["ST-2026-0412"]
    assert sorted(listed(portal.page(f"{LIST}?q=ST-20"))) == ["ST-2025-0001", "ST-2026-0412"]
    # "zo" starts a reference and two names, one with an accent the searcher need not type.
    assert sorted(listed(portal.page(f"{LIST}?q=zo"))) == ["ST-2026-0412", "WS-7", "ZO-1"]
    assert listed(portal.page(f"{LIST}?q=ZOE")) == ["WS-7"]
    # The middle of a name is not its start.
    none = portal.page(f"{LIST}?q=fia")
    assert listed(none) == []
    assert "No plans match “fia”" in none.select_one("#results").get_text()
    # Characters that mean something to SQL's LIKE are plain text here.
    assert listed(portal.page(f"{LIST}?q=%25")) == []
    assert listed(portal.page(f"{LIST}?q=_")) == []


def test_a_search_never_finds_a_plan_the_reader_may_not_see(portal):
    other = portal.add_user("social-worker")
    portal.store(record("2026-01-05", reference="HIDDEN-1", child="Zofia"), other)
    portal.sign_in("social-worker")
    page = portal.page(f"{LIST}?q=zofia")
    assert listed(page) == []
    assert portal.page(f"{LIST}?q=hidden") and listed(portal.page(f"{LIST}?q=hidden")) == []


def test_managers_choose_their_team_or_every_plan(portal):
    north_1, north_2, south = (portal.add_user("social-worker") for _ in range(3))
    for worker, team in ((north_1, "Team North"), (north_2, "Team North"), (south, "South")):
        set_team(portal, worker, team)
    portal.store(record("2026-01-05", reference="N-1"), north_1)
    portal.store(record("2026-01-12", reference="N-2"), north_2)
    portal.store(record("2026-01-19", reference="S-1"), south)
    portal.store(record("2026-01-26", reference="NOBODY-1"))
    manager = portal.add_user("manager")
    set_team(portal, manager, "Team North")
    portal.sign_in(user_id=manager)
    # A manager with a team lands on the team's plans.
    page = portal.page(LIST)
    assert listed(page) == ["N-1", "N-2"]
    options = [o["value"] for o in page.select("#show option")]
    assert options == ["team", "all"]
    assert page.select_one("#show option[selected]")["value"] == "team"
    assert listed(portal.page(f"{LIST}?show=all")) == ["N-1", "N-2", "S-1", "NOBODY-1"]
    assert listed(portal.page(f"{LIST}?show=team&q=s")) == []


def test_a_manager_without_a_team_and_a_social_worker_have_one_list(portal):
    worker = portal.add_user("social-worker")
    portal.store(record("2026-01-05", reference="W-1"), worker)
    portal.store(record("2026-01-12", reference="U-1"))
    manager = portal.browser()
    manager.sign_in("manager")
    page = manager.page(LIST)
    assert listed(page) == ["W-1", "U-1"]
    assert page.select_one("#show") is None
    portal.sign_in(user_id=worker)
    page = portal.page(LIST)
    assert listed(page) == ["W-1"]
    assert page.select_one("#show") is None
    # Asking for more than they may see is refused by name, not quietly widened.
    refused = portal.page(f"{LIST}?show=all", status=400)
    summary = refused.select_one(".govuk-error-summary")
    assert "Choose which plans to show from the list" in summary.get_text()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("status=closed", "status", "Choose open or ended plans"),
        ("page=two", None, "The page number must be a whole number, like 2"),
        ("q=" + "x" * 101, "q", "Enter 100 characters or fewer"),
    ],
)
def test_bad_input_is_named(portal, query, field, message):
    portal.sign_in("manager")
    page = portal.page(f"{LIST}?{query}", status=400)
    summary = page.select_one(".govuk-error-summary")
    assert message in summary.get_text()
    if field:
        assert summary.select_one("a")["href"] == f"#{field}"
        assert message in page.select_one(f"#{field}-error").get_text()
    assert listed(page) == []


def test_the_list_is_audited_with_counts_only(portal):
    me = portal.sign_in("social-worker")
    portal.store(record("2026-01-05", reference="AUD-1", child="Zofia"), me)
    portal.page(f"{LIST}?q=zof")
    with portal.app.app_context():
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "professional.list_plans")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert event.detail == "plans:1 of 1"
    assert event.actor == f"user:{me}"


# --- the database reads indexes, never the plans' rows ---------------------------------


def _plan_of(portal: Portal, statement) -> str:
    with portal.app.app_context():
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return "\n".join(row[-1] for row in rows)


def test_sqlite_answers_every_list_from_an_index(portal):
    manager_id = portal.add_user("manager")
    worker_id = portal.add_user("social-worker")
    with portal.app.app_context():
        manager = db.session.get(User, manager_id)
        worker = db.session.get(User, worker_id)
        cases = {
            "all": (manager, ListRequest(show="all")),
            "ended": (manager, ListRequest(show="all", status="ended")),
            "mine": (worker, ListRequest(show="mine")),
            "search": (manager, ListRequest(show="all", q="zo")),
        }
        statements = {}
        for name, (user, request) in cases.items():
            if request.q:
                statements[name] = select(_candidates(user, request).subquery().c.id)
            else:
                statements[name] = select(Plan.id).where(*conditions(user, request))
    for name, statement in statements.items():
        plan = _plan_of(portal, statement)
        # A row of `plans` holds the whole record: reading rows to filter would read them all.
        assert "USING COVERING INDEX" in plan, (name, plan)
        assert "SCAN plans\n" not in plan + "\n", (name, plan)


# --- the same answers on PostgreSQL ---------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def both(request, tmp_path_factory):
    overrides = {}
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        name = f"plan_list_{next(_databases)}"
        server.execute(f"CREATE DATABASE {name}")
        overrides["DATABASE_URL"] = server.url(name)
    app = migrated(create_app(settings_for(tmp_path_factory.mktemp("plan-list"), **overrides)))
    portal = Portal(app)
    worker = portal.add_user("social-worker")
    for number, (child, reference) in enumerate(
        [("Zofia", "ST-2026-1"), ("Zoë", "ST-2026-2"), ("Żaneta", "WS-1"), ("Amir", "ZO-9")]
    ):
        portal.store(record(f"2026-0{number + 1}-05", reference=reference, child=child), worker)
    for number in range(55):
        portal.store(record("2025-11-03", reference=f"BULK-{number:02d}", child="Mia"), worker)
    portal.store(record("2025-01-06", reference="ST-OLD", child="Zofia", ended="2025-04-01"))
    portal.sign_in("manager")
    yield portal
    with app.app_context():
        db.engine.dispose()


def test_both_databases_search_and_order_alike(both):
    assert listed(both.page(f"{LIST}?q=zo")) == ["ST-2026-1", "ST-2026-2", "ZO-9"]
    assert listed(both.page(f"{LIST}?q=%C5%BCan")) == ["WS-1"]  # "żan"
    assert listed(both.page(f"{LIST}?q=zan")) == ["WS-1"]
    assert listed(both.page(f"{LIST}?q=st&status=ended")) == ["ST-OLD"]
    first = both.page(LIST)
    assert "59 plans" in first.select_one("#results").get_text()
    assert listed(first)[:1] == ["BULK-00"]  # started in November: its review is due first
    assert len(listed(both.page(f"{LIST}?page=2"))) == 9
    assert len(listed(both.page(f"{LIST}?q=mi&page=2"))) == 5
