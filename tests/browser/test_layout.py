"""The site's frame on a desktop and in Urdu: nothing touches the window's edge or
overlaps, the section links sit on one row, buttons keep their words whole, and Urdu
is set in Nastaliq where the device has it."""

import pytest

DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_header_exit_button_and_navigation_on_a_desktop(browser, live_server, lang):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/")
    main = page.locator("main").bounding_box()
    name = page.locator(".portal-header__name").bounding_box()
    # The service name lines up with the page's content, not with the window's edge.
    if lang == "ur":
        assert abs((name["x"] + name["width"]) - (main["x"] + main["width"])) <= 1
    else:
        assert abs(name["x"] - main["x"]) <= 1, (name, main)
    # "Exit this page" sits above the blue header, not on it.
    exit_button = page.locator(".govuk-exit-this-page").bounding_box()
    header = page.locator(".portal-header").bounding_box()
    assert exit_button["y"] + exit_button["height"] <= header["y"] + 0.5
    if lang == "en":
        # Every section link on one row: "Search" is not left on a row of its own.
        tops = {
            round(box["y"])
            for box in (
                item.bounding_box()
                for item in page.locator(".govuk-service-navigation__item").all()
            )
        }
        assert len(tops) == 1, tops
    context.close()


def test_search_button_keeps_its_word_whole(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/en/")
    button = page.locator(".portal-search .govuk-button")
    line_height = button.evaluate("b => parseFloat(getComputedStyle(b).lineHeight)")
    inner = button.evaluate(
        "b => { const r = document.createRange(); r.selectNodeContents(b);"
        " return r.getClientRects().length; }"
    )
    assert inner == 1, "the button's text breaks over lines"
    assert button.bounding_box()["height"] < 3 * line_height
    context.close()


def test_urdu_text_asks_for_nastaliq_and_english_inside_it_does_not(page, live_server):
    page.goto(f"{live_server}/ur/parents/what-is-a-plan")
    for selector in (".govuk-body", ".govuk-heading-xl", ".govuk-service-navigation__link"):
        family = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
        assert family.startswith('"Noto Nastaliq Urdu"'), (selector, family)
    # The language switcher's "English" is marked lang="en" and gets the Latin stack.
    english = page.locator('.portal-languages a[lang="en"]')
    assert "Nastaliq" not in english.evaluate("e => getComputedStyle(e).fontFamily")
