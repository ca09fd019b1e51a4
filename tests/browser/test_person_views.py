"""Each person's view in Chromium at phone size: Easy Read with pictures, and a young
person's link, on screen and printed, in English and a right-to-left language."""

import pytest

from portal import clock
from portal.models import Plan, db
from portal.records import create_family_link
from tests.browser.checks import sideways_overflow
from tests.browser.portal_data import FAMILY_TODAY, store_plan
from tests.family.plans import CONCERN, PLACE, held_reviews, initial, record

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 800}
CONCERN_WORDS = "missed meals"


def open_link(app, page, live_server, lang, view="family", hidden=frozenset()):
    reference = store_plan(
        app,
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=[
                {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"}
            ],
        ),
    )
    with app.app_context():
        plan = db.session.scalar(db.select(Plan).where(Plan.reference == reference))
        new = create_family_link(plan, "Someone", 30, actor="test", view=view, hidden=hidden)
    page.goto(f"{live_server}/{lang}/f/{new.token}")
    page.fill("#passcode", new.passcode)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", ["en", "bn", "ur"])
def test_an_easy_read_page_on_a_phone(browser, live_server, axe_check, screenshot, lang):
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    page.goto(f"{live_server}/{lang}/easy-read/what-is-a-plan")
    axe_check(page, f"{lang} easy read")
    assert sideways_overflow(page) <= 0
    lines = page.locator(".portal-picture-line")
    assert lines.count() > 30
    sizes = page.eval_on_selector_all(
        ".portal-picture-line__text",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert min(sizes) >= 19
    # Every picture loads from our own address.
    assert page.evaluate(
        "[...document.querySelectorAll('.portal-picture-line img')]"
        ".every(i => i.complete && i.naturalWidth > 0 && new URL(i.src).origin === location.origin)"
    )
    screenshot(page, f"person-easy-read-{lang}-375")
    page.locator("#what-is-a-plan").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot.folder / f"person-easy-read-{lang}-375-part.png"))
    page.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_a_young_persons_link_on_screen_and_printed(
    browser, app, live_server, axe_check, screenshot, monkeypatch, lang
):
    monkeypatch.setattr(clock, "today", lambda: FAMILY_TODAY)
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    open_link(app, page, live_server, lang, view="young-person")
    assert page.url.endswith(f"/{lang}/my-plan/young-person")
    axe_check(page, f"{lang} young person's view")
    assert sideways_overflow(page) <= 0
    screenshot(page, f"person-young-person-{lang}-375")
    page.screenshot(path=str(screenshot.folder / f"person-young-person-{lang}-375-first.png"))
    page.goto(f"{live_server}/{lang}/my-plan")
    assert page.url.endswith(f"/{lang}/my-plan/young-person")
    page.emulate_media(media="print")
    printed = page.locator("body").inner_text()
    assert CONCERN_WORDS not in printed and "qzparent" not in printed
    assert "qzcontingency" not in printed and "Anna Nowakqz" not in printed
    assert CONCERN not in page.content()
    page.close()


def test_a_link_hiding_places_prints_no_place(browser, app, live_server, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: FAMILY_TODAY)
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    open_link(app, page, live_server, "en", hidden=frozenset({"places"}))
    page.emulate_media(media="print")
    printed = page.locator("body").inner_text()
    assert CONCERN_WORDS in printed
    assert PLACE not in printed
    page.close()
