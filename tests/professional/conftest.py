"""Professional workspace fixtures: accounts, signing in, forms posted as a browser would."""

import copy
import itertools
import uuid

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from portal.models import Plan, User, db
from portal.records import create_plan
from portal.workspace.auth import create_user, set_password
from tests.planning.helpers import full_plan

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_numbers)}-{uuid.uuid4().hex[:6]}"


# The example of plan-format.md: every field of cp-plan/1 has a value.
FULL_RECORD = full_plan()


def full_record(reference: str | None = None, **changes) -> dict:
    record = copy.deepcopy(FULL_RECORD)
    record["reference"] = reference or unique("ST")
    record.update(changes)
    return record


def minimal_record(reference: str | None = None) -> dict:
    return {
        "format": "cp-plan/1",
        "reference": reference or unique("MIN"),
        "profile": "england",
        "child": {"first_name": "Ali"},
        "categories": ["neglect"],
        "lead_social_worker": {"name": "Kim Lee", "phone": "0121 496 0000"},
        "conferences": [{"kind": "initial", "date": "2026-03-02", "status": "held"}],
    }


@pytest.fixture
def make_user(app):
    """Create an account with a password: make_user("chair") -> User."""

    def make(role: str = "social-worker", password: str = PASSWORD, email: str | None = None):
        with app.app_context():
            user = create_user(email or f"{unique(role)}@example.org", role)
            if password:
                set_password(user, password)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def store_plan(app):
    """Store a record directly through the records service, owned by `owner`."""

    def store(record: dict, owner: User | None = None) -> dict:
        with app.app_context():
            worker = db.session.get(User, owner.id) if owner is not None else None
            plan = create_plan(
                record, app.extensions["profiles"], actor="test", social_worker=worker
            )
            return {"id": plan.id, "reference": plan.reference, "version": plan.version}

    return store


@pytest.fixture
def stored(app):
    """Read a plan back from the database: stored("REF") -> Plan (detached) or None."""

    def read(reference: str):
        with app.app_context():
            plan = db.session.scalar(db.select(Plan).where(Plan.reference == reference))
            if plan is not None:
                db.session.expunge(plan)
            return plan

    return read


def csrf_token(client) -> str:
    """The token a browser would find in any form of the workspace."""
    response = client.get("/en/professional/sign-in", follow_redirects=True)
    field = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(
        "input[name=csrf_token]"
    )
    return field["value"]


def post(client, url: str, data=None, **kwargs):
    """POST as the browser would: with the form's CSRF token."""
    # A MultiDict keeps repeated names (checkboxes); a dict keeps (file, name) uploads whole.
    data = MultiDict(data) if isinstance(data, MultiDict) else dict(data or {})
    if "csrf_token" not in data:
        data["csrf_token"] = csrf_token(client)
    return client.post(url, data=data, **kwargs)


def sign_in(client, user: User, password: str = PASSWORD):
    return post(client, "/en/professional/sign-in", {"email": user.email, "password": password})


@pytest.fixture
def signed_in(client, make_user):
    """The test client, signed in with a new account of the given role."""

    def sign(role: str = "social-worker") -> User:
        user = make_user(role)
        response = sign_in(client, user)
        assert response.status_code == 302, response.status_code
        return user

    return sign


def form_fields(soup, form) -> list[tuple[str, str]]:
    """What a browser sends for `form` with nothing changed, without any submit button."""
    pairs = []
    for element in form.select("input, textarea, select"):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            pairs.append((name, element.get_text()))
        elif element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            pairs.append((name, chosen.get("value", chosen.get_text()) if chosen else ""))
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                pairs.append((name, element.get("value", "on")))
        elif element.get("type") not in ("submit", "button", "file"):
            pairs.append((name, element.get("value", "")))
    return pairs


def date_boxes(name: str, iso: str) -> dict[str, str]:
    """A date typed into its three boxes (day, month, year), as a person types it."""
    year, month, day = iso.split("-")
    return {
        f"{name}-day": day.lstrip("0"),
        f"{name}-month": month.lstrip("0"),
        f"{name}-year": year,
    }


def plan_form(soup):
    """The plan form on a new/edit page."""
    return next(f for f in soup.select("main form") if f.select_one("[name=reference]"))


# --- the plan form, as its tests fill it in -------------------------------------------

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


# Changes to full_record(): a plan transferred in, now ended.
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
