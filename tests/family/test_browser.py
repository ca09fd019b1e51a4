"""The family pages in a real browser: axe (WCAG 2.2 AA), phones at 320 px, right to left.

Uses Debian's Chromium and never downloads one; skipped where it is not installed
(and an error in CI, like the other browser tests). The first screen on a phone is
tested in test_browser_phone.py, the printed plan in test_browser_print.py.
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures: Debian's Chromium, bypass CSP)
    CHROMIUM,
    axe_problems,
    browser_context_args,
    browser_type_launch_args,
)
from tests.family.browser_setup import (  # noqa: F401  (fixtures: app, live_server, chromium)
    council_app,
    council_live_server,
    debian_chromium,
)
from tests.family.plans import PLACE, held_reviews, initial, record

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        "Debian's chromium is not installed (make test installs it)", allow_module_level=True
    )


def plan_with_everything():
    return record(
        "twenty-one-month-policy",
        conferences=[
            initial("2026-01-12"),
            *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
        ],
        core_group_meetings=[
            {"date": "2026-01-22", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2027-04-30", "time": "14:30", "place": PLACE, "status": "scheduled"},
        ],
    )


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_family_pages_in_a_browser(chromium, live_server, save_plan, make_link, today, lang):
    today("2027-04-15")
    plan_id = save_plan(plan_with_everything())
    _, token, passcode = make_link(plan_id)
    # axe is injected as a script, which the portal's CSP would (rightly) refuse.
    context = chromium.new_context(
        viewport={"width": 320, "height": 640}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server}/{lang}/f/{token}")
        assert not axe_problems(page, f"/{lang}/f/…")
        page.fill("#passcode", "1")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.locator(".govuk-error-summary").wait_for()
        assert not axe_problems(page, f"/{lang}/f/… with an error")

        page.fill("#passcode", passcode)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server}/{lang}/my-plan")
        for path in ("my-plan", "my-plan/young-person"):
            page.goto(f"{live_server}/{lang}/{path}")
            problems = axe_problems(page, f"/{lang}/{path}")
            assert not problems, problems
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"/{lang}/{path} scrolls sideways by {overflow}px"

        # The timeline's line sits at the start of each line of text: left, or right in Urdu.
        page.goto(f"{live_server}/{lang}/my-plan")
        in_view = ".portal-timeline:not(.portal-timeline-earlier .portal-timeline) > li"
        item = page.locator(in_view).first.bounding_box()
        title = page.locator(f"{in_view} .portal-timeline__title").first.bounding_box()
        if lang == "ur":
            assert item["x"] + item["width"] > title["x"] + title["width"]
        else:
            assert item["x"] < title["x"]

        # Printing leaves out the navigation, the forms and the calendar links.
        page.emulate_media(media="print")
        for selector in (
            ".govuk-service-navigation",
            ".portal-languages",
            "form[action$='/sign-out']",
            "a[href$='.ics']",
        ):
            assert not page.locator(selector).first.is_visible(), selector
        # Paper gives what lies ahead; "You are here" is left out (page 1 has the date
        # it was printed on).
        assert page.locator(f"{in_view}.portal-timeline__item--ahead").first.is_visible()
        assert not page.locator("#you-are-here").is_visible()
    finally:
        context.close()
