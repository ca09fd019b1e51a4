"""Every kind of page, in a real browser, in several languages: axe finds no WCAG 2.2 AA
problem, nothing scrolls sideways on a 320 or 375 pixel phone, and nothing is loaded
from anywhere but the portal. Screenshots of the key pages go to test-artifacts/.

One browser context walks all the pages of a language, in the order a person would
meet them, so each page is loaded once and every check runs on that one load.
"""

import pytest
from flask import url_for

from portal import clock
from tests.browser.checks import (
    RequestLog,
    codes_drawn_backwards,
    overlapping_text,
    phone_problems,
    sideways_overflow,
)
from tests.browser.conftest import AXE, axe_problems
from tests.browser.portal_data import (
    FAMILY_TODAY,
    PASSWORD,
    family_login,
    family_states,
    make_professional,
    store_plan,
)
from tests.family.plans import record

AXE_LANGS = {"en", "ar", "bn"}
RTL_LANGS = {"ar", "ur"}
SCREENSHOT_LANGS = {"en", "ur", "bn"}
PUBLIC_PAGES = [
    ("home", "/", "home"),
    ("parents section", "/parents/", None),
    ("young people section", "/young-people/", None),
    ("easy read section", "/easy-read/", None),
    ("professionals section", "/professionals/", None),
    ("procedures section", "/procedures/", None),
    ("guide", "/parents/what-is-a-plan", "guide"),
    ("young people's guide", "/young-people/what-is-a-plan", None),
    ("Easy Read guide", "/easy-read/what-is-a-plan", None),
    ("procedure", "/procedures/stoke-progress-reviews", None),
    ("site page", "/online-safety", None),
    ("privacy notice", "/privacy", None),
    ("cookies", "/cookies", None),
    ("feedback", "/feedback", None),
    ("glossary", "/glossary", None),
    ("offline page", "/offline", None),
]


@pytest.fixture(scope="module")
def cast(app):
    """A social worker, their plans in each state a family can meet, and links to them."""
    worker = make_professional(app)
    logins = {
        state: family_login(app, store_plan(app, data, owner=worker))
        for state, data in family_states().items()
    }
    shared = store_plan(app, record(), owner=worker)
    admin = make_professional(app, "admin")
    return {"worker": worker, "admin": admin, "family": logins, "shared": shared}


class Walk:
    """One language's walk through the portal, collecting every problem found."""

    def __init__(self, page, live_server, lang, screenshot):
        self.page, self.base, self.lang, self.take = page, live_server, lang, screenshot
        self.problems: list[str] = []
        self.checked: list[str] = []

    def url(self, path: str) -> str:
        return f"{self.base}/{self.lang}{path}"

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.url(path))
        assert response.status == status, f"{path}: {response.status}"

    def check(self, label: str, shot: str | None = None) -> None:
        label = f"/{self.lang} {label}"
        self.checked.append(label)
        self.page.set_viewport_size({"width": 320, "height": 640})
        if self.lang in AXE_LANGS:
            self.problems.extend(axe_problems(self.page, label))
        if shot and self.lang in SCREENSHOT_LANGS:
            self.take(self.page, f"{shot}-{self.lang}-320")
        self.problems.extend(phone_problems(self.page, label))
        if self.lang in RTL_LANGS:
            self.problems.extend(
                f"{label}: drawn backwards: {code}" for code in codes_drawn_backwards(self.page)
            )
        self.page.set_viewport_size({"width": 320, "height": 640})

    def submit(self, button: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).first.click()


def walk_public_pages(walk: Walk) -> None:
    for label, path, shot in PUBLIC_PAGES:
        walk.goto(path)
        walk.check(label, shot)
    # Search for a word of the guide's own title, so there are results to show.
    walk.goto("/parents/what-is-a-plan")
    word = max(walk.page.locator("h1").inner_text().split(), key=len)
    walk.goto(f"/search?q={word}")
    assert walk.page.locator(".portal-search-results li").count() > 0, word
    walk.check("search results")
    walk.goto("/no-such-page", status=404)
    walk.check("page not found")


def sign_in_family(walk: Walk, login, check: bool = False) -> None:
    page = walk.page
    walk.goto(f"/f/{login.token}")
    if check:
        walk.check("passcode", "passcode")
        page.fill("#passcode", "1")
        walk.submit(page.locator("form button[type=submit]").inner_text().strip())
        assert page.locator(".govuk-error-summary").is_visible()
        walk.check("passcode with an error")
    page.fill("#passcode", login.passcode)
    with page.expect_navigation(url=walk.url("/my-plan")):
        page.keyboard.press("Enter")


def walk_family_pages(walk: Walk, logins: dict) -> None:
    page = walk.page
    sign_in_family(walk, logins["new"], check=True)
    walk.check("family plan, new", "plan")
    walk.goto("/my-plan/young-person")
    walk.check("young person's view", "young-person")
    walk.goto("/my-plan")
    walk.submit(page.locator("form[action$='/subscribe'] button").inner_text().strip())
    walk.check("calendar subscription")
    for state in ("overdue", "ended"):
        sign_in_family(walk, logins[state])
        walk.check(f"family plan, {state}")
    walk.goto("/my-plan/young-person")
    walk.check("young person's view, ended")
    walk.goto("/my-plan")
    walk.submit(page.locator("form[action$='/sign-out'] button").inner_text().strip())
    walk.check("signed out")
    walk.goto("/my-plan/session-ended")
    walk.check("session ended")


def sign_in_professional(walk: Walk, user) -> None:
    page = walk.page
    walk.goto("/professional/sign-in")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    walk.submit(page.locator("main form button[type=submit]").inner_text().strip())


def walk_professional_pages(walk: Walk, cast: dict, dashboard: str | None) -> None:
    page = walk.page
    walk.goto("/professional/sign-in")
    walk.check("sign-in", "sign-in")
    walk.submit(page.locator("main form button[type=submit]").inner_text().strip())
    assert page.locator(".govuk-error-summary").is_visible()
    walk.check("sign-in with errors")
    sign_in_professional(walk, cast["worker"])
    walk.goto("/professional/plans")
    walk.check("plan list")
    walk.goto("/professional/plans/new")
    walk.check("plan form", "plan-form")
    walk.submit(page.locator("main form button[type=submit]").first.inner_text().strip())
    assert page.locator(".govuk-error-summary").is_visible()
    walk.check("plan form with errors")
    walk.goto(f"/professional/plans/{cast['shared']}")
    walk.check("plan page")
    share = page.locator("form[action$='/links']")
    share.locator("#label").fill("")
    walk.submit(share.locator("button").inner_text().strip())
    assert page.locator(".govuk-error-summary").is_visible()
    walk.check("plan page with a share error")
    share.locator("#label").fill("Father")
    share.locator("#days").fill("30")
    walk.submit(share.locator("button").inner_text().strip())
    assert page.locator("#passcode").is_visible()
    walk.check("link and passcode")
    walk.goto("/professional/share-guide")
    walk.check("share a guide")
    walk.goto("/professional/plans/import")
    walk.check("import a plan")
    if dashboard:
        assert walk.page.goto(walk.base + dashboard).status == 200
        walk.check("dashboard")


def walk_admin_pages(walk: Walk, cast: dict) -> None:
    page = walk.page
    page.context.clear_cookies()
    sign_in_professional(walk, cast["admin"])
    walk.goto("/professional/users")
    walk.check("users")
    walk.submit(page.locator("form[action$='/setup-link'] button").first.inner_text().strip())
    assert page.locator("#setup-link").is_visible()
    walk.check("new set-up link")


@pytest.mark.parametrize("lang", ["en", "ar", "bn", "ur"])
def test_every_page_type(browser, app, live_server, cast, screenshot, monkeypatch, lang):
    monkeypatch.setattr(clock, "today", lambda: FAMILY_TODAY)
    # The dashboard is checked where the app has one (it came later than the other
    # pages); without it the walk skips that page.
    dashboard = None
    if "dashboard.index" in app.view_functions:
        with app.test_request_context():
            dashboard = url_for("dashboard.index", lang=lang)
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, bypass_csp=True, locale="en-GB"
    )
    context.add_init_script(path=str(AXE))
    requests = RequestLog(context)
    walk = Walk(context.new_page(), live_server, lang, screenshot)
    try:
        walk_public_pages(walk)
        walk_family_pages(walk, cast["family"])
        walk_professional_pages(walk, cast, dashboard)
        walk_admin_pages(walk, cast)
    finally:
        context.close()
    assert not walk.problems, "\n".join(walk.problems)
    assert not requests.elsewhere(live_server)
    assert len(walk.checked) == 40 + bool(dashboard)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_plan_page_with_text_at_200_percent(browser, live_server, cast, monkeypatch, lang):
    """Text made twice as big (a browser's text size setting, or zoom at 1280 pixels):
    nothing scrolls sideways, overlaps or is cut off, and every section is still there."""
    monkeypatch.setattr(clock, "today", lambda: FAMILY_TODAY)
    # The larger text is a style added to the page, which the portal's CSP would refuse.
    context = browser.new_context(
        viewport={"width": 640, "height": 800}, locale="en-GB", bypass_csp=True
    )
    page = context.new_page()
    try:
        walk = Walk(page, live_server, lang, screenshot=None)
        sign_in_family(walk, cast["family"]["overdue"])
        assert not overlapping_text(page)
        sections = page.locator("main h2").count()
        text_height = page.evaluate("document.querySelector('main').scrollHeight")
        page.add_style_tag(content="html { font-size: 200% !important; }")
        assert page.evaluate("document.querySelector('main').scrollHeight") > 1.5 * text_height
        assert sideways_overflow(page) <= 0
        assert not overlapping_text(page)
        visible = page.locator("main h2:visible").count()
        assert visible == sections > 4
        earlier = page.locator(".portal-timeline-earlier summary")
        if earlier.count():
            earlier.click()  # the past events, folded into one line that opens
        timeline_tags = page.locator(".portal-timeline .govuk-tag")
        for i in range(timeline_tags.count()):
            assert timeline_tags.nth(i).is_visible()
    finally:
        context.close()
