"""The family's plan on a phone at 375 by 800: the first screen, the timeline, numbers, Urdu."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures: Debian's Chromium, bypass CSP)
    CHROMIUM,
    SCREENSHOTS,
    axe_problems,
    browser_context_args,
    browser_type_launch_args,
)
from tests.family.browser_setup import (  # noqa: F401  (fixtures: app, live_server, chromium)
    council_app,
    council_live_server,
    debian_chromium,
    long_plan_to_print,
    sign_in_on_a_phone,
)
from tests.family.plans import PLACE, initial, record

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        "Debian's chromium is not installed (make test installs it)", allow_module_level=True
    )


def plan_for_the_first_screen():
    return record(
        conferences=[initial("2026-10-01")],
        core_group_meetings=[
            {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"}
        ],
        outcomes=[
            {
                "goal": "Zofiaxq goes to school every day.",
                "actions": [
                    {
                        "action": "Go to the parenting course at the family centre every week.",
                        "who": "Anna Nowakqz",
                        "by": "2026-12-18",
                        "status": "open",
                    },
                    {
                        "action": "Walk Zofiaxq to school each morning.",
                        "who": "Anna Nowakqz",
                        "by": "2027-01-29",
                        "status": "open",
                    },
                ],
            }
        ],
    )


@pytest.mark.parametrize("lang", ["en", "pl", "ur", "bn"])
def test_the_first_screen_answers_the_four_questions(
    chromium, live_server, save_plan, make_link, today, lang
):
    """At 375 by 800, without scrolling: the next meeting's date, time and place, the
    social worker's phone link and the family's first open action are all in view."""
    today("2026-11-20")
    _, token, passcode = make_link(save_plan(plan_for_the_first_screen()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        assert page.evaluate("window.scrollY") == 0
        # What a parent sees first (test-artifacts/screenshots/), for people to look at.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"family-first-screen-{lang}-375.png"))
        meeting = page.locator("#whats-next .portal-next-meeting").first
        must_show = {
            "date": meeting.locator("dd").nth(0),
            "time": meeting.locator("dd").nth(1),
            "place": meeting.locator("dd").nth(2),
            "add to calendar": meeting.locator("a[href$='core-group-1.ics']"),
            "social worker's phone": page.locator(
                "[aria-labelledby=who-to-call-title] a[href='tel:01782000000']"
            ),
            "out-of-hours phone": page.locator(
                "[aria-labelledby=who-to-call-title] a[href='tel:03001239999']"
            ),
            "first action": page.locator(".portal-my-actions li").first,
        }
        assert "parenting course" in must_show["first action"].inner_text()
        assert PLACE in must_show["place"].inner_text()
        # The council's settings are all in use: its name in the header, its number to
        # check a link is genuine, its out-of-hours number under the social worker's.
        assert "Westshire Borough Council" in page.locator("header").inner_text()
        assert page.locator("a[href='tel:03001234567']").count() == 1
        # Urdu's Nastaliq lines are nearly twice as tall: there the family's actions and
        # the first one's first line start on the first screen; it ends just below it.
        if lang == "ur":
            must_show["your actions"] = page.locator("#my-actions-title")
            first_action = must_show.pop("first action").bounding_box()
            assert first_action["y"] < 800 - 30, "the first action starts below the screen"
            assert first_action["y"] + first_action["height"] <= 1000
        for name, locator in must_show.items():
            box = locator.bounding_box()
            assert box is not None and box["width"] > 0, name
            assert box["y"] >= 0 and box["y"] + box["height"] <= 800, (
                f"/{lang}: {name} is at {box['y'] + box['height']:.0f}px, below the first screen"
            )
        problems = axe_problems(page, f"/{lang}/my-plan at 375")
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_timeline_opens_at_you_are_here(
    chromium, live_server, save_plan, make_link, today, lang
):
    """At 375 by 800: going to the timeline shows "You are here" at once, and straight
    after it what is late (the chair's one-year check and the 18-month quality check,
    both due and not recorded), with the past folded into one line above that opens
    from the keyboard, without JavaScript."""
    today("2026-05-01")
    _, token, passcode = make_link(save_plan(long_plan_to_print()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        page.goto(f"{live_server}/{lang}/my-plan#timeline")
        in_view = page.locator("details.portal-timeline-earlier ~ ol.portal-timeline > li")
        assert in_view.first.get_attribute("id") == "you-are-here"
        here = page.locator("#you-are-here").bounding_box()
        assert here["y"] >= 0 and here["y"] + here["height"] <= 800, here
        late = [in_view.nth(1), in_view.nth(2)]
        for item in late:
            assert "portal-timeline__item--late" in item.get_attribute("class")
        first_late = late[0].locator(".portal-timeline__title").bounding_box()
        assert first_late["y"] + first_late["height"] <= 800, "what is late starts below"
        assert "portal-timeline__item--late" not in in_view.nth(3).get_attribute("class")
        earlier = page.locator("details.portal-timeline-earlier")
        assert earlier.locator(".portal-timeline__item").first.is_hidden()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"family-timeline-{lang}-375.png"))
        earlier.locator("summary").focus()
        page.keyboard.press("Enter")
        assert earlier.locator(".portal-timeline__item").first.is_visible()
        # Two years less the two late checks, which are not folded into the past.
        assert earlier.locator(".portal-timeline__item").count() == 22
        earlier.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"family-timeline-opened-{lang}-375.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/{lang}/my-plan scrolls sideways by {overflow}px"
        problems = axe_problems(page, f"/{lang}/my-plan with the past opened")
        assert not problems, problems
    finally:
        context.close()


# Whatever comes before it on the line (a long name, a long translation), a phone number
# moves to the next line whole: "01782 / 000 000" cannot be read or tapped as one.
PHONE_LINKS_ON_ONE_LINE = """() => {
    const broken = [];
    for (const link of document.querySelectorAll("main a[href^='tel:']")) {
        const filler = document.createTextNode("");
        link.before(filler);
        for (let n = 0; n <= 60; n++) {
            filler.data = "x".repeat(n) + " ";
            if (link.getClientRects().length !== 1) {
                broken.push(link.textContent + " after " + n + " letters");
                break;
            }
        }
        filler.remove();
    }
    return broken;
}"""


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_phone_numbers_never_break_across_lines(
    chromium, live_server, save_plan, make_link, today, lang
):
    today("2026-11-20")
    _, token, passcode = make_link(save_plan(plan_for_the_first_screen()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        for path in ("my-plan", "my-plan/young-person"):
            page.goto(f"{live_server}/{lang}/{path}")
            assert page.locator("main a[href^='tel:']").count() >= 1, path
            assert page.evaluate(PHONE_LINKS_ON_ONE_LINE) == [], f"/{lang}/{path}"
    finally:
        context.close()


# Line height against font size for each element a selector finds (its first three).
LINE_HEIGHTS = """(selector) => [...document.querySelectorAll(selector)].slice(0, 3).map(e => {
    const style = getComputedStyle(e);
    return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
})"""


def test_urdu_letters_have_room_in_warnings_buttons_tags_and_headings(
    chromium, live_server, save_plan, make_link, today
):
    """Nastaliq's tall strokes: the bold warning's lines must not run into each other,
    buttons and tags (boxes one line tall) must not clip them, headings must not touch."""
    today("2026-11-20")
    _, token, passcode = make_link(save_plan(plan_for_the_first_screen()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, "ur")
    try:
        assert min(page.evaluate(LINE_HEIGHTS, "main .govuk-tag")) >= 1.8
        page.locator("form[action$='/calendar/subscribe'] button").click()
        page.locator(".govuk-warning-text").wait_for()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "family-calendar-ur-375.png"), full_page=True)
        for selector in (".govuk-warning-text__text", "main .govuk-button", "h1"):
            heights = page.evaluate(LINE_HEIGHTS, selector)
            assert heights and min(heights) >= 1.8, (selector, heights)
    finally:
        context.close()
