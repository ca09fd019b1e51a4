"""Family view fixtures: plans saved through the records service, links, a signed-in
family member, and a fixed "today" (the family view's clock is monkeypatched)."""

import datetime as dt
import re
import uuid
from urllib.parse import urlsplit

import pytest

from portal import clock
from portal.models import FamilyLink, Plan, db
from portal.records import create_family_link, create_plan

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture
def today(monkeypatch):
    """Fix the family view's today (Europe/London date): `today("2026-11-20")`."""

    def fix(value: str) -> dt.date:
        day = dt.date.fromisoformat(value)
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return fix


@pytest.fixture
def now(monkeypatch):
    """Move the family view's clock (UTC) by `now(minutes=16)` from the real time."""
    start = clock.now()

    def move(**delta) -> dt.datetime:
        moment = start + dt.timedelta(**delta)
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return move


@pytest.fixture
def save_plan(app):
    """Store a record with the records service (under a fresh reference, so one record
    can be stored once per test); returns the plan's id."""

    def save(data: dict) -> int:
        data = {**data, "reference": f"FV-{uuid.uuid4().hex[:12]}"}
        with app.app_context():
            plan = create_plan(data, app.extensions["profiles"], actor="test")
            return plan.id

    return save


@pytest.fixture
def make_link(app):
    """A new family link for a plan: returns (link id, token, passcode)."""

    def make(plan_id: int, days: int = 30, label: str = "Mother"):
        with app.app_context():
            new = create_family_link(db.session.get(Plan, plan_id), label, days, actor="test")
            return new.link.id, new.token, new.passcode

    return make


@pytest.fixture
def enter_passcode(client):
    """Open a link's passcode page and submit a passcode; returns the POST response."""

    def enter(token: str, passcode: str, lang: str = "en"):
        page = client.get(f"/{lang}/f/{token}")
        assert page.status_code == 200
        return client.post(
            f"/{lang}/f/{token}",
            data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": passcode},
        )

    return enter


@pytest.fixture
def sign_in(save_plan, make_link, enter_passcode):
    """Store `data`, make a link and sign in with it; returns (plan id, link id)."""

    def sign(data: dict, lang: str = "en"):
        plan_id = save_plan(data)
        link_id, token, passcode = make_link(plan_id)
        response = enter_passcode(token, passcode, lang)
        assert response.status_code == 303
        assert response.headers["Location"] == f"/{lang}/my-plan"
        return plan_id, link_id

    return sign


@pytest.fixture
def link_row(app):
    """Change a stored link: `link_row(link_id, revoked_at=...)`."""

    def change(link_id: int, **values):
        with app.app_context():
            link = db.session.get(FamilyLink, link_id)
            for key, value in values.items():
                setattr(link, key, value)
            db.session.commit()

    return change


class Words:
    """What a page should say in a language: the message through gettext in that locale,
    with dates formatted as the reader's locale formats them, so that the tests stay
    true when the catalogs are translated."""

    def __init__(self, app):
        self.app = app

    def _in(self, lang, render):
        from flask_babel import force_locale

        from portal.languages import locale_for

        with self.app.test_request_context(f"/{lang}/"), force_locale(locale_for(lang)):
            return " ".join(render().split())

    def __call__(self, lang: str, message: str, **values) -> str:
        from flask_babel import format_date, gettext

        def render():
            formatted = {
                key: format_date(value, "long") if isinstance(value, dt.date) else value
                for key, value in values.items()
            }
            return gettext(message, **formatted)

        return self._in(lang, render)

    def date(self, lang: str, value: str) -> str:
        from flask_babel import format_date

        return self._in(lang, lambda: format_date(dt.date.fromisoformat(value), "long"))

    def plural(self, lang: str, singular: str, plural: str, num: int) -> str:
        from flask_babel import ngettext

        return self._in(lang, lambda: ngettext(singular, plural, num))

    def weekday_date(self, lang: str, value: str) -> str:
        """A date with its weekday, as the timeline writes it in that language."""
        from portal.names import weekday_date

        return self._in(lang, lambda: weekday_date(dt.date.fromisoformat(value)))

    def duration(self, lang: str, months: int, days: int) -> str:
        from portal.names import duration

        return self._in(lang, lambda: duration(months, days))

    def plan_age(self, lang: str, months: int, days: int) -> str:
        """A plan's age as the family pages give it: whole months, days in the first."""
        return self.duration(lang, months, 0) if months else self.duration(lang, 0, days)


@pytest.fixture
def words(app):
    return Words(app)


def path_of(href: str) -> str:
    """A link's path and fragment: guide links on family pages are full addresses."""
    parts = urlsplit(href)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def page_text(soup) -> str:
    """The visible text of a page's main content, with whitespace collapsed."""
    return " ".join(soup.select_one("main").get_text(" ").split())


def page_text_of(element) -> str:
    """The visible text of one element, with whitespace collapsed."""
    return " ".join(element.get_text(" ").split())


def section(soup, section_id: str):
    """A wrapper holding an h2 and everything up to the next h2."""
    from bs4 import BeautifulSoup

    found = soup.select_one(f"#{section_id}")
    if found.name != "h2":  # a section of its own, such as the first screen's card
        return found
    heading = found
    parts = []
    for sibling in heading.next_siblings:
        if getattr(sibling, "name", None) == "h2":
            break
        parts.append(str(sibling))
    return BeautifulSoup("<div>" + "".join(parts) + "</div>", "html.parser").div
