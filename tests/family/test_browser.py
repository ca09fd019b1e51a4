"""The family pages in a real browser: axe (WCAG 2.2 AA), phones at 320 px, right to left.

Uses Debian's Chromium and never downloads one; skipped where it is not installed
(and an error in CI, like the other browser tests).
"""

import io
import os
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal import create_app
from tests.browser.conftest import (  # noqa: F401  (fixtures: Debian's Chromium, bypass CSP)
    CHROMIUM,
    SCREENSHOTS,
    axe_problems,
    browser_context_args,
    browser_type_launch_args,
    serving,
)
from tests.conftest import migrated
from tests.conftest import test_settings as settings_for_tests
from tests.family.plans import PLACE, held_reviews, initial, record
from tests.family.test_page_weight import long_plan

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        "Debian's chromium is not installed (make test installs it)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A council's copy: its name in the header and its numbers on the family's pages,
    as a real family would see them (and as tall as the header gets)."""
    return migrated(
        create_app(
            settings_for_tests(
                tmp_path_factory.mktemp("family-browser"),
                PORTAL_AUTHORITY_NAME="Westshire Borough Council",
                PORTAL_AUTHORITY_PHONE="0300 123 4567",
                PORTAL_OUT_OF_HOURS_PHONE="0300 123 9999",
            )
        )
    )


@pytest.fixture(scope="module")
def live_server(app):
    with serving(app) as address:
        yield address


@pytest.fixture
def chromium(browser):
    """pytest-playwright's browser (one Playwright per test session: a second one started
    here would clash with it), launched with Debian's Chromium by the fixtures below."""
    return browser


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


def sign_in_on_a_phone(chromium, live_server, token, passcode, lang):
    context = chromium.new_context(
        viewport={"width": 375, "height": 800}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/f/{token}")
    page.fill("#passcode", passcode)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/{lang}/my-plan")
    return context, page


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


def long_plan_to_print():
    """The page-weight test's two-year plan, with what a family needs on paper: the next
    core group meeting and review conference booked with time and place, and two open
    actions for the mother."""
    data = long_plan()
    data["conferences"].append(
        {
            "kind": "review",
            "date": "2026-09-01",
            "time": "13:30",
            "place": "Civic Centre, Room 4",
            "chair": "Lee Chairqz",
            "status": "scheduled",
        }
    )
    data["core_group_meetings"].append(
        {"date": "2026-05-14", "time": "14:30", "place": PLACE, "status": "scheduled"}
    )
    data["outcomes"][0]["actions"][:0] = [
        {
            "action": "Go to the parenting course at the family centre every week.",
            "who": "Anna Nowakqz",
            "by": "2026-06-18",
            "status": "open",
        },
        {
            "action": "Walk Zofiaxq to school each morning.",
            "who": "Anna Nowakqz",
            "by": "2026-07-29",
            "status": "open",
        },
    ]
    return data


def printed(page) -> tuple[int, list[str]]:
    """The page as Chromium prints it to A4: its page count, and each page's text with
    the spaces and line breaks taken out (addresses break over lines on paper)."""
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC: the "fi" in a name may come out as one ligature letter.
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in pdf.pages]
    return len(pdf.pages), ["".join(text.split()) for text in texts]


@pytest.mark.parametrize("lang", ["en", "pl", "ro", "ur", "ar", "bn", "pt"])
def test_the_printed_plan_has_a_one_page_summary_and_at_most_four_pages(
    app, chromium, live_server, save_plan, make_link, today, lang
):
    today("2026-05-01")
    _, token, passcode = make_link(save_plan(long_plan_to_print()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        page.emulate_media(media="print")
        pages, texts = printed(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"family-print-{lang}.pdf").write_bytes(page.pdf(format="A4"))
        assert pages <= 4, f"/{lang}/my-plan prints on {pages} A4 pages"
        # Small enough to fit, never too small to read: no printed text below 9pt (12px).
        smallest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('main :is(p, li, dt, dd, h2, h3)')]"
            ".filter(e => e.getClientRects().length)"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 12, f"/{lang}: printed text at {smallest * 0.75:.1f}pt"
        first = texts[0]
        on_page_one = {
            "the council": "WestshireBoroughCouncil",
            "the child's first name": "Zofiaxq",
            "the next meeting's place": "Familycentre,Room2",
            "the conference's place": "CivicCentre,Room4",
            "the social worker's number": "01782000000",
            "the out-of-hours number": "03001239999",
            "the first action": "Gototheparentingcourse",
        }
        if lang == "en":
            on_page_one |= {
                "the printed date": "Printedon1May2026",
                "the next meeting's time": "2:30pm",
                "the conference's time": "1:30pm",
            }
        for name, text in on_page_one.items():
            assert text in first, f"{name} is not on page 1"
        # The rest of the plan starts on page 2, at full width, with full addresses.
        rest = "".join(texts[1:])
        assert "Goal0" in rest and "Goal0" not in first
        base = app.config["PORTAL_BASE_URL"]
        assert f"{base}/{lang}/parents/".replace(" ", "") in rest
        width = page.evaluate(
            "document.querySelector('.govuk-grid-column-two-thirds').offsetWidth"
            " / document.querySelector('main').offsetWidth"
        )
        assert width > 0.95, "the plan prints at full width"
        # No navigation, languages, forms or calendar links on paper.
        for selector in (
            ".govuk-service-navigation",
            ".portal-languages",
            "nav[aria-labelledby=plan-contents-title]",
            "form",
            "a[href$='.ics']",
            ".govuk-exit-this-page",
        ):
            assert not page.locator(selector).first.is_visible(), selector
        # What is late prints short: date, what and status on one line, and what the
        # date gone by means; its meaning is left to the screen.
        late = page.locator(".portal-timeline__item--late").first
        date, title = (
            late.locator(c).bounding_box()
            for c in (".portal-timeline__date", ".portal-timeline__title")
        )
        # (the title starts on the date's last line, not below it)
        assert title["y"] < date["y"] + date["height"] - 1, "a late item's title runs on"
        # The first is the one-year check: it prints in the past tense, then that the
        # family does not go to it (nothing looks ahead to what has gone by).
        printed_lines = late.locator(".portal-timeline__detail:visible")
        assert [printed_lines.nth(i).inner_text() for i in range(printed_lines.count())] == [
            said(
                app,
                lang,
                "This check was due when your plan reached %(num)d month.",
                "This check was due when your plan reached %(num)d months.",
                12,
            ),
            said(app, lang, "Families do not go to this check. You do not need to do anything."),
        ]
        # Its guide prints once: the second late check's is the same page, left out.
        guides = page.locator(".portal-timeline__item--late .portal-timeline__links li")
        assert [guides.nth(i).is_visible() for i in range(guides.count())] == [True, False]
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


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_paper_prints_addresses_left_to_right_and_no_fold_it_cannot_open(
    app, chromium, live_server, save_plan, make_link, today, lang
):
    """On right-to-left paper a printed address keeps its order and its brackets (an
    isolated, left-to-right run after its link); the folded past prints as a line
    saying where its events are, with no triangle that cannot open."""
    today("2026-05-01")
    _, token, passcode = make_link(save_plan(long_plan_to_print()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        page.emulate_media(media="print")
        address_runs = page.evaluate(
            "[...document.querySelectorAll('main a[href^=\"http\"]')].map(a => {"
            " const after = getComputedStyle(a, '::after');"
            " return [after.direction, after.unicodeBidi]; })"
        )
        assert address_runs and set(map(tuple, address_runs)) == {("ltr", "isolate")}
        earlier = page.locator("details.portal-timeline-earlier")
        assert earlier.is_hidden()
        paper = page.locator(".portal-timeline-earlier__paper")
        assert paper.is_visible()
        count = earlier.locator(".portal-timeline__item").count()
        assert paper.inner_text().strip() == said(
            app,
            lang,
            "%(num)d earlier event is on the website.",
            "%(num)d earlier events are on the website.",
            count,
        )
        # Opened before printing, its line is a heading: no triangle, no line to open it.
        page.evaluate("document.querySelector('details.portal-timeline-earlier').open = true")
        assert earlier.is_visible() and paper.is_hidden()
        marker = page.evaluate(
            "getComputedStyle(document.querySelector("
            "'.portal-timeline-earlier summary'), '::before').display"
        )
        assert marker == "none"
    finally:
        context.close()


def said(app, lang, message, plural=None, num=1) -> str:
    """A message as the catalog says it in `lang` (with `plural`, the form for `num`)."""
    from flask_babel import force_locale, gettext, ngettext

    from portal.languages import locale_for

    with app.test_request_context(f"/{lang}/"), force_locale(locale_for(lang)):
        return gettext(message) if plural is None else ngettext(message, plural, num)


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
