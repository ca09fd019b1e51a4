"""Public pages in a real browser: accessibility, keyboard, RTL, phones, no third parties."""

from urllib.parse import urlsplit

import pytest

LANGS = ["en", "ar", "bn"]
PAGES = [
    "/",
    "/parents/",
    "/parents/what-is-a-plan",
    "/young-people/what-is-a-plan",
    "/easy-read/what-is-a-plan",
    "/procedures/stoke-progress-reviews",
    "/glossary",
    "/online-safety",
]


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations(page, live_server, axe_check, lang):
    for path in PAGES:
        page.goto(f"{live_server}/{lang}{path}")
        axe_check(page, f"/{lang}{path}")


@pytest.mark.parametrize("lang", ["en", "ur", "bn"])
@pytest.mark.parametrize(("width", "height"), [(320, 640), (375, 800)])
def test_no_sideways_scrolling_on_phones(browser, live_server, screenshot, lang, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    for path in PAGES:
        page.goto(f"{live_server}/{lang}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/{lang}{path} scrolls sideways by {overflow}px at {width}px"
    page.goto(f"{live_server}/{lang}/parents/what-is-a-plan")
    screenshot(page, f"guide-{lang}-{width}")
    context.close()


def test_text_zoomed_to_200_percent_does_not_scroll_sideways(browser, live_server):
    context = browser.new_context(viewport={"width": 640, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/en/parents/what-is-a-plan")
    page.add_style_tag(content="html { font-size: 200% !important; }")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_right_to_left_layout_is_mirrored(page, live_server, lang):
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server}/{lang}/parents/what-is-a-plan")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    width = page.evaluate("window.innerWidth")
    name = page.locator(".portal-header__name").bounding_box()
    assert name["x"] + name["width"] > width / 2, "the portal name starts on the right"
    # Neighbours on the same row (the lists may wrap): the first sits right of the second.
    for selector in (".govuk-service-navigation__item", ".portal-languages__item"):
        first = page.locator(selector).nth(0).bounding_box()
        second = page.locator(selector).nth(1).bounding_box()
        assert abs(first["y"] - second["y"]) < 5, f"{selector}: not on one row"
        assert first["x"] > second["x"], f"{selector} runs right to left"


def assert_left_for_exit_destination(response) -> None:
    assert response.status == 303
    assert response.headers["location"] == "https://www.bbc.co.uk/weather"


def test_exit_control_is_first_and_works_with_shift_three_times(page, live_server):
    page.goto(f"{live_server}/en/parents/core-group")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Exit this page" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    box_shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or box_shadow != "none", "focus must be visible"
    with page.expect_response("**/exit") as exit_response:
        for _ in range(3):
            page.keyboard.press("Shift")
    assert_left_for_exit_destination(exit_response.value)


def test_exit_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/en/parents/core-group")
    with page.expect_response("**/exit") as exit_response:
        page.get_by_role("button", name="Exit this page").click()
    assert_left_for_exit_destination(exit_response.value)
    context.close()


def test_every_request_goes_to_the_portal_itself(page, live_server):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for lang in ("en", "ur"):
        for path in PAGES:
            page.goto(f"{live_server}/{lang}{path}")
    assert hosts == {urlsplit(live_server).netloc}


def test_bengali_renders_with_a_bengali_font(page, live_server):
    page.goto(f"{live_server}/bn/")
    # Measure a Bengali conjunct: with no Bengali font it falls back to boxes (tofu),
    # which are as wide as each code point; a real font forms one narrower glyph.
    widths = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
          c.font = '20px "Noto Sans Bengali", sans-serif';
          return [c.measureText('ক্ষ').width, c.measureText('ক').width * 3]; }"""
    )
    assert widths[0] < widths[1]
