"""Each person's view in Chromium at phone size: Easy Read with pictures, and a young
person's link, on screen and printed, in English and a right-to-left language."""

import pytest

from portal import clock
from portal.config import ROOT
from portal.models import Plan, db
from portal.records import create_family_link
from tests.browser.checks import sideways_overflow
from tests.browser.conftest import serving
from tests.browser.portal_data import FAMILY_TODAY, click_and_wait, store_plan
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
    assert lines.count() >= 10
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


# An Easy Read page is read in one go (docs/content.md): its text, from the title to the
# last Next/Back link, at most this tall on a 375 px phone, in every language.
EASY_READ_HEIGHT = 3000
EASY_READ_SLUGS = sorted(p.stem for p in (ROOT / "content" / "en" / "easy-read").glob("*.md"))


def easy_read_heights(page, address, slugs):
    heights = {}
    for lang in ("en", "pl", "ro", "ur", "ar", "bn", "pt"):
        for slug in slugs:
            page.goto(f"{address}/{lang}/easy-read/{slug}")
            heights[f"{lang}/{slug}"] = page.evaluate(
                "Math.round(document.querySelector('.portal-easy-read').getBoundingClientRect().height)"
            )
    return heights


def test_every_easy_read_page_is_short_in_every_language(browser, live_server, make_app):
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    heights = easy_read_heights(page, live_server, EASY_READ_SLUGS)
    # The council's own rules go into the long plans page: with the most checks of any
    # profile it still fits.
    with serving(make_app(PORTAL_PROFILE="twenty-one-month-policy")) as address:
        most = easy_read_heights(page, address, ["how-long-plans-last"])
    heights.update({f"{key} (most checks)": value for key, value in most.items()})
    page.close()
    print(heights)
    assert max(heights.values()) <= EASY_READ_HEIGHT, {
        k: v for k, v in heights.items() if v > EASY_READ_HEIGHT
    }


@pytest.mark.parametrize("lang", ["en", "bn", "ur"])
def test_an_easy_read_series_and_the_councils_box_on_a_phone(
    browser, make_app, axe_check, screenshot, lang
):
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    with serving(make_app(PORTAL_PROFILE="twenty-one-month-policy")) as address:
        page.goto(f"{address}/{lang}/easy-read/getting-ready-for-a-conference")
        axe_check(page, f"{lang} easy read, page 2 of 3")
        assert sideways_overflow(page) <= 0
        series = page.locator("nav.portal-series")
        assert series.locator("a[rel=prev]").count() == 1
        screenshot(page, f"person-easy-read-series-{lang}-375")
        if lang == "ur":  # Nastaliq's tall strokes: the link's two lines need room
            spacing = series.evaluate(
                "nav => [...nav.querySelectorAll('.govuk-pagination__link-label')].map(e => "
                "parseFloat(getComputedStyle(e).lineHeight)"
                " / parseFloat(getComputedStyle(e).fontSize))"
            )
            assert min(spacing) >= 1.8
        click_and_wait(page, "nav.portal-series a[rel=next]")
        assert page.url.endswith(f"/{lang}/easy-read/at-the-conference")
        page.goto(f"{address}/{lang}/easy-read/how-long-plans-last")
        axe_check(page, f"{lang} easy read with the council's checks")
        box = page.locator(".portal-local")
        pictures = box.locator(".portal-picture-line img")
        assert pictures.count() >= 5
        # The pictures stand in one column, each at the start of its line: left, or
        # right in Urdu.
        columns = [pictures.nth(i).bounding_box()["x"] for i in range(pictures.count())]
        assert max(columns) - min(columns) <= 1, columns
        for index in range(pictures.count()):
            line = pictures.nth(index).locator("xpath=..").bounding_box()
            picture = pictures.nth(index).bounding_box()
            if lang == "ur":
                assert picture["x"] + picture["width"] >= line["x"] + line["width"] - 2
            else:
                assert picture["x"] <= line["x"] + 2
        box.screenshot(path=str(screenshot.folder / f"person-easy-read-box-{lang}-375.png"))
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


# A stand-in for the browser's speech synthesis that records what it is asked to say.
SPEECH_STUB = """
(() => {
  const langs = window.__voices || ["en-GB", "ur-PK", "bn-IN"];
  const voices = langs.map((lang) => ({lang, name: lang}));
  window.__spoken = [];
  window.__calls = [];
  const synth = {
    speaking: false, paused: false,
    getVoices: () => voices,
    addEventListener: () => {},
    speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); this.speaking = true; },
    pause() { window.__calls.push("pause"); this.paused = true; },
    resume() { window.__calls.push("resume"); this.paused = false; },
    cancel() { window.__calls.push("cancel"); this.speaking = false; this.paused = false; },
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
})();
"""


@pytest.mark.parametrize(
    ("lang", "path"), [("en", "/easy-read/core-group"), ("ur", "/young-people/not-your-fault")]
)
def test_listen_reads_the_main_text_in_the_pages_language(browser, live_server, lang, path):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SPEECH_STUB)
    page = context.new_page()
    page.goto(f"{live_server}/{lang}{path}")
    listen = page.locator("[data-listen=play]")
    listen.wait_for(state="visible")
    # Keyboard operable: reach it with Tab and press Enter.
    listen.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert spoken and {s["lang"] for s in spoken} == {lang}
    title = page.locator("h1").inner_text().strip()
    assert spoken[0]["text"] == title
    texts = [s["text"] for s in spoken]
    for shown in (".portal-content .govuk-body-l", ".portal-content h2:not(#contents-title)"):
        assert " ".join(page.locator(shown).first.inner_text().split()) in texts, shown
    assert not any("Link to this section" in s["text"] for s in spoken)
    page.locator("[data-listen=pause]").click()
    assert page.locator("[data-listen=play]").is_visible()
    page.locator("[data-listen=stop]").click()
    assert page.evaluate("window.__calls") == ["cancel", "pause", "cancel"]
    context.close()


def test_listen_on_the_young_persons_view(browser, app, live_server, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: FAMILY_TODAY)
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SPEECH_STUB)
    page = context.new_page()
    open_link(app, page, live_server, "en", view="young-person")
    page.locator("[data-listen=play]").click()
    spoken = " ".join(s["text"] for s in page.evaluate("window.__spoken"))
    assert "It is not your fault" in spoken and "Childline" in spoken
    assert "Sign out" not in spoken and CONCERN_WORDS not in spoken
    context.close()


def test_listen_is_absent_without_javascript_or_without_a_voice(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/en/easy-read/core-group")
    assert page.locator("[data-module=portal-listen]").count() == 1
    assert not page.locator("[data-module=portal-listen]").is_visible()
    context.close()
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("window.__voices = ['fr-FR'];" + SPEECH_STUB)
    page = context.new_page()
    page.goto(f"{live_server}/ur/easy-read/core-group")
    page.wait_for_timeout(300)
    assert not page.locator("[data-module=portal-listen]").is_visible()
    context.close()
