"""Accounts, plans and family links for the browser tests, stored in the session's
test database through the same services the portal uses (the live server serves
that same app, so the browser sees them at once)."""

import datetime as dt
import uuid
from dataclasses import dataclass

from portal.models import Plan, User, db
from portal.records import create_family_link, create_plan
from portal.workspace.auth import create_user, set_password
from tests.family.plans import PLACE, held_reviews, initial, record

PASSWORD = "correct horse battery staple"

# A fixed "today" for the family pages (their clock is monkeypatched), and the plans
# that show a family each state of the plan page on that day.
FAMILY_TODAY = dt.date(2026, 11, 20)


def family_states() -> dict[str, dict]:
    return {
        # Started a few days ago: nothing booked yet, everything still ahead.
        "new": record(start="2026-11-16"),
        # A review and a core group meeting are late; one meeting is booked with a place.
        "overdue": record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=[
                {"date": "2026-01-22", "time": "10:00", "place": PLACE, "status": "held"},
                {"date": "2026-03-01", "time": None, "place": None, "status": "held"},
            ],
        ),
        # Ended by the second review: no more meetings.
        "ended": record(
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", last_decision="end"),
            ],
            ended={"date": "2026-10-09", "reason": "no_longer_at_risk"},
        ),
    }


@dataclass(frozen=True)
class FamilyLogin:
    token: str
    passcode: str


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_professional(app, role: str = "social-worker") -> User:
    """A signed-up account with PASSWORD; detached, so it can be read after the context."""
    with app.app_context():
        user = create_user(f"{unique(role)}@example.org", role)
        set_password(user, PASSWORD)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def store_plan(app, data: dict, owner: User | None = None, reference: str | None = None) -> str:
    """Store a whole record through the records service; returns its reference."""
    data = {**data, "reference": reference or unique("BR")}
    with app.app_context():
        worker = db.session.get(User, owner.id) if owner is not None else None
        plan = create_plan(data, app.extensions["profiles"], actor="test", social_worker=worker)
        return plan.reference


def family_login(app, reference: str, label: str = "Mother") -> FamilyLogin:
    """A new private link and passcode for a stored plan."""
    with app.app_context():
        plan = db.session.scalar(db.select(Plan).where(Plan.reference == reference))
        new = create_family_link(plan, label, 30, actor="test")
        return FamilyLogin(new.token, new.passcode)


def sign_in_professional_at(page, live_server: str, user: User) -> None:
    """Sign a professional in through the sign-in page (English), as a person would."""
    page.goto(f"{live_server}/en/professional/sign-in")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    click_and_wait(page, "main button[type=submit]")


def click_and_wait(page, selector: str) -> None:
    """Click what loads a new page, and wait for that page: a click does not wait for the
    navigation it starts, so reading the page straight after can read the old one."""
    with page.expect_navigation():
        page.click(selector)
