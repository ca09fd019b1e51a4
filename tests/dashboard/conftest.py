"""Fixtures for the dashboard: a fresh database per test, plans with chosen dates, sign-in."""

import copy
import dataclasses
import datetime as dt
import itertools

import pytest
from bs4 import BeautifulSoup

from portal import clock, create_app
from portal.models import User, db
from portal.records import create_plan
from portal.workspace.auth import create_user, set_password
from tests.conftest import migrated
from tests.conftest import test_settings as settings_for
from tests.fixtures.markers import postgres_param
from tests.fixtures.pages import check_page
from tests.fixtures.postgres import postgres_server  # noqa: F401  (a fixture)

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)

BASE_RECORD = {
    "format": "cp-plan/1",
    "profile": "england",
    "child": {"first_name": "Ali"},
    "categories": ["neglect"],
    "lead_social_worker": {"name": "Kim Lee", "phone": "0121 496 0000"},
}


def record(
    started: str,
    *,
    reference: str | None = None,
    ended: str | None = None,
    reason: str = "no_longer_at_risk",
    profile: str = "england",
    categories: tuple[str, ...] = ("neglect",),
    child: str = "Ali",
    reviews: tuple[tuple[str, str], ...] = (),
    meetings: tuple[tuple[str, str], ...] = (),
) -> dict:
    """A valid cp-plan/1 record. `reviews` and `meetings` are (date, status) pairs;
    held reviews continue the plan."""
    data = copy.deepcopy(BASE_RECORD)
    data["reference"] = reference or f"T-{next(_numbers):05d}"
    data["profile"] = profile
    data["categories"] = list(categories)
    data["child"] = {"first_name": child}
    data["conferences"] = [{"kind": "initial", "date": started, "status": "held"}] + [
        {"kind": "review", "date": day, "status": status}
        | ({"decision": "continue"} if status == "held" else {})
        for day, status in reviews
    ]
    data["core_group_meetings"] = [{"date": day, "status": status} for day, status in meetings]
    if ended:
        data["ended"] = {"date": ended, "reason": reason}
    return data


class Portal:
    """A fresh app with its own database, and a browser-like client."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def add_user(self, role: str) -> int:
        with self.app.app_context():
            user = create_user(f"{role}-{next(_numbers)}@example.org", role)
            set_password(user, PASSWORD)
            db.session.commit()
            return user.id

    def browser(self) -> "Portal":
        """Another browser on the same portal (its own cookies)."""
        return Portal(self.app)

    def sign_in(self, role: str = "manager", user_id: int | None = None) -> int:
        """Sign this browser in: as a new account of `role`, or as `user_id`."""
        user_id = user_id or self.add_user(role)
        with self.app.app_context():
            email = db.session.get(User, user_id).email
        page = self.client.get("/en/professional/sign-in")
        token = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
            "input[name=csrf_token]"
        )["value"]
        response = self.client.post(
            "/en/professional/sign-in",
            data={"email": email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302, response.status_code
        return user_id

    def store(self, data: dict, worker_id: int | None = None) -> str:
        with self.app.app_context():
            worker = db.session.get(User, worker_id) if worker_id else None
            plan = create_plan(
                data, self.app.extensions["profiles"], actor="test", social_worker=worker
            )
            return plan.reference

    def page(self, url: str, status: int = 200) -> BeautifulSoup:
        """Fetch a page and run every page's checks on it (get_page's rules), in the
        language its address names."""
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return check_page(response.get_data(as_text=True), url.strip("/").split("/")[0])

    def get(self, url: str):
        return self.client.get(url)


@pytest.fixture
def portal(make_app):
    return Portal(make_app())


@pytest.fixture
def fixed_today(monkeypatch):
    """Make "today" a chosen day for the dashboard's pages."""

    def fix(day: dt.date) -> None:
        monkeypatch.setattr(clock, "today", lambda: day)

    return fix


def withdraw(monkeypatch, app, profile_id: str, what: str) -> None:
    """Take a profile away (`what="profile"`) or only its milestones (`"milestones"`), as
    when a profile is withdrawn or rewritten after plans were saved under it: their stored
    next milestone is then an id the portal no longer knows."""
    profiles = app.extensions["profiles"]
    if what == "profile":
        monkeypatch.delitem(profiles, profile_id)
    else:
        changed = dataclasses.replace(profiles[profile_id], milestones=(), builtin_milestones=())
        monkeypatch.setitem(profiles, profile_id, changed)


def references(soup: BeautifulSoup) -> list[str]:
    """The plan references listed in the dashboard's table, in order."""
    return [a.get_text(strip=True) for a in soup.select("main table tbody th[scope=row] a")]


# --- one small portal, shared by a module's read-only tests -------------------------
#
# Counted on DAY (2026-06-15). Hand-worked facts, used by the list and measures tests:
#
#   plan      started     ended       band on DAY  overdue on DAY          worker
#   DASH-A    2024-06-15  -           24-plus      nothing                  W1
#   DASH-B    2024-06-16  -           21-24        review, group, milestone W2 (west-sussex)
#   DASH-C    2025-09-01  -           9-15         review                   none
#   DASH-G    2025-10-01  -           3-9          nothing                  W2 (west-sussex)
#   DASH-D    2026-05-01  -           under-3      core group (due 18 May)  W1
#   DASH-E1   2025-01-01  2026-01-01  ended 12 months, no longer at risk
#   DASH-E2   2024-01-10  2026-02-10  ended 25 months, moved area
#   DASH-E3   2025-04-01  2025-06-15  ended exactly 12 months before DAY: outside the year
#   DASH-E4   2025-03-01  2025-06-16  ended 3 months, looked after
#   DASH-F    2026-06-20  -           starts after DAY: not open yet

DAY = dt.date(2026, 6, 15)


def dataset_plans(w1: int, w2: int) -> list[tuple[dict, int | None]]:
    return [
        (
            record(
                "2024-06-15",
                reference="DASH-A",
                reviews=(
                    ("2024-09-10", "held"),
                    ("2025-03-10", "held"),
                    ("2025-09-10", "held"),
                    ("2026-03-10", "held"),
                ),
                meetings=(("2026-06-01", "held"),),
            ),
            w1,
        ),
        (
            record(
                "2024-06-16",
                reference="DASH-B",
                profile="west-sussex",
                categories=("emotional_abuse",),
                child="Bea",
            ),
            w2,
        ),
        (
            record(
                "2025-09-01",
                reference="DASH-C",
                categories=("physical_abuse",),
                child="Cal",
                reviews=(("2025-12-01", "held"),),
                meetings=(("2026-06-10", "held"),),
            ),
            None,
        ),
        (
            record(
                "2025-10-01",
                reference="DASH-G",
                profile="west-sussex",
                child="Gus",
                reviews=(("2026-01-01", "held"),),
                meetings=(("2026-06-01", "held"),),
            ),
            w2,
        ),
        (
            record(
                "2026-05-01",
                reference="DASH-D",
                categories=("sexual_abuse", "neglect"),
                child="Dee",
            ),
            w1,
        ),
        (record("2025-01-01", reference="DASH-E1", ended="2026-01-01"), None),
        (record("2024-01-10", reference="DASH-E2", ended="2026-02-10", reason="moved_area"), None),
        (record("2025-04-01", reference="DASH-E3", ended="2025-06-15"), None),
        (
            record("2025-03-01", reference="DASH-E4", ended="2025-06-16", reason="looked_after"),
            None,
        ),
        (record("2026-06-20", reference="DASH-F"), None),
    ]


class Dataset:
    def __init__(self, portal: Portal, w1: int, w2: int):
        self.portal, self.w1, self.w2 = portal, w1, w2

    def viewer(self, role: str = "manager", user_id: int | None = None) -> Portal:
        browser = self.portal.browser()
        browser.sign_in(role, user_id)
        return browser


_databases = itertools.count(1)


def build_dataset(instance_dir, **overrides) -> "Dataset":
    app = migrated(create_app(settings_for(instance_dir, **overrides)))
    portal = Portal(app)
    w1, w2 = portal.add_user("social-worker"), portal.add_user("social-worker")
    for data, worker in dataset_plans(w1, w2):
        portal.store(data, worker)
    return Dataset(portal, w1, w2)


@pytest.fixture(scope="module", params=["sqlite", postgres_param()])
def dataset(request, tmp_path_factory):
    """The data set above, on SQLite and on a throwaway PostgreSQL server: the same
    queries must give the same answers on both."""
    overrides = {}
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        name = f"dashboard_{next(_databases)}"
        server.execute(f"CREATE DATABASE {name}")
        overrides["DATABASE_URL"] = server.url(name)
    built = build_dataset(tmp_path_factory.mktemp("dashboard"), **overrides)
    yield built
    with built.portal.app.app_context():
        db.engine.dispose()
