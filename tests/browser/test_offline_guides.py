"""Offline guides: the service worker keeps the public guides a reader opened, never a
family's plan, and "Exit this page" still leaves at once without a connection."""

import re
import time

from tests.browser.portal_data import family_login, store_plan
from tests.family.plans import record

KEPT_URLS = """async () => {
  const cache = await caches.open('portal-public-pages-v1');
  return (await cache.keys()).map((request) => new URL(request.url).pathname);
}"""
CACHE_NAMES = "async () => await caches.keys()"
NEVER_KEPT = ("/my-plan", "/f/", "/professional", "/api", "/calendar", "/exit")


def _kept(page) -> list[str]:
    return page.evaluate(KEPT_URLS)


def _wait_until_kept(page, path: str) -> None:
    """Kept in the background after the page loads: wait for it (evaluate awaits the
    promise; wait_for_function would take the promise itself as true)."""
    deadline = time.monotonic() + 15
    while path not in _kept(page):
        assert time.monotonic() < deadline, f"{path} was not kept: {_kept(page)}"
        time.sleep(0.1)


def test_offline_guides_keep_public_pages_only(browser, app, live_server):
    guides = [p.slug for p in app.extensions["content"].section_pages("en", "parents")[:3]]
    seen, also_seen, unseen = (f"/en/parents/{slug}" for slug in guides)
    plan = store_plan(app, record(start="2026-11-16"))
    login = family_login(app, plan)
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(live_server + seen)
        assert page.evaluate("navigator.serviceWorker.ready.then((r) => !!r.active)")
        _wait_until_kept(page, seen)
        first_title = page.title()

        # A family member signs in on the same phone and reads the plan.
        page.goto(f"{live_server}/en/f/{login.token}")
        page.fill("#passcode", login.passcode)
        page.locator("main form button").first.click()
        page.wait_for_url(re.compile(r"/en/my-plan$"))
        child_name = record(start="2026-11-16")["child"]["first_name"]
        assert child_name in page.locator("main").inner_text()

        page.goto(live_server + also_seen)
        _wait_until_kept(page, also_seen)
        second_title = page.title()
        for basics in ("/en/", "/en/easy-read/", "/en/glossary", "/en/offline"):
            _wait_until_kept(page, basics)
        kept = _kept(page)
        assert not [path for path in kept if any(part in path for part in NEVER_KEPT)], kept

        # Online, "Exit this page" still goes through the portal (the worker passes it on),
        # which ends the family session on its way to the neutral site.
        with page.expect_request(app.config["EXIT_URL"]):
            page.locator(".govuk-exit-this-page__button").first.click()
        page.goto(live_server + "/en/my-plan")
        assert page.url.endswith("/en/my-plan/session-ended")

        context.set_offline(True)
        page.goto(live_server + seen)
        assert page.title() == first_title
        page.goto(live_server + also_seen)
        assert page.title() == second_title
        page.goto(live_server + "/en/glossary")
        assert page.locator("h1").inner_text() == "Glossary"

        page.goto(live_server + unseen)
        assert page.locator("h1").inner_text() == "You are offline"
        # The plan seen a minute ago is not there: only the offline page.
        page.goto(live_server + "/en/my-plan")
        assert page.locator("h1").inner_text() == "You are offline"
        assert child_name not in page.content()

        # "Exit this page" leaves at once for the neutral site, with no connection too.
        page.goto(live_server + seen)
        with page.expect_request(app.config["EXIT_URL"]):
            page.locator(".govuk-exit-this-page__button").first.click()

        context.set_offline(False)
        page.goto(live_server + seen)
        kept = _kept(page)
        assert page.evaluate(CACHE_NAMES) == ["portal-public-pages-v1"]
        assert seen in kept and also_seen in kept and unseen not in kept
        assert not [path for path in kept if any(part in path for part in NEVER_KEPT)], kept
    finally:
        context.close()


def test_a_family_reading_only_their_plan_gets_the_offline_page_in_their_language(
    browser, app, live_server
):
    plan = store_plan(app, record(start="2026-11-16"))
    login = family_login(app, plan)
    context = browser.new_context(locale="ur-PK", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/ur/f/{login.token}")
        assert page.evaluate("navigator.serviceWorker.ready.then((r) => !!r.active)")
        _wait_until_kept(page, "/ur/offline")
        page.fill("#passcode", login.passcode)
        page.locator("main form button").first.click()
        page.wait_for_url(re.compile(r"/ur/my-plan$"))
        assert record(start="2026-11-16")["child"]["first_name"] in page.content()

        context.set_offline(True)
        page.reload()
        assert page.locator("h1").inner_text() == "آپ آف لائن ہیں"
        assert record(start="2026-11-16")["child"]["first_name"] not in page.content()
        # Only the offline pages (and the built stylesheet and script they use).
        pages = sorted(path for path in _kept(page) if not path.startswith("/static/"))
        assert pages == ["/en/offline", "/ur/offline"]
    finally:
        context.close()
