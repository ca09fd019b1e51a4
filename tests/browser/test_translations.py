"""The professionals' words in the family's language, in a real browser: a social worker
enters a Polish translation in the plan's Translations step; the family reads it on
their phone. An Arabic plan reads right to left, with its English parts left to right.
axe finds nothing on either page, and neither scrolls sideways at 375 px."""

import copy
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.portal_data import PASSWORD, family_login, make_professional, store_plan
from tests.family.plans import PLACE, record

PHONE = {"width": 375, "height": 800}
POLISH = "Zofiaxq opuszczała posiłki i dni w szkole."


def v2_plan(language: str) -> dict:
    data = record(
        language=language,
        core_group_meetings=[
            {"date": "2027-01-14", "time": "14:00", "place": PLACE, "status": "scheduled"}
        ],
    )
    data["format"] = "cp-plan/2"
    return data


def no_sideways_scroll(page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{label} scrolls sideways by {overflow}px"


def sign_in_as_family(page, live_server, app, reference: str, lang: str) -> None:
    login = family_login(app, reference)
    page.goto(f"{live_server}/{lang}/f/{login.token}")
    page.fill("#passcode", login.passcode)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == f"/{lang}/my-plan"


def test_a_social_worker_translates_a_concern_and_the_family_reads_it(
    browser, app, live_server, axe_check, screenshot
):
    worker = make_professional(app)
    reference = store_plan(app, v2_plan("pl"), owner=worker)
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/en/professional/sign-in")
        page.fill("#email", worker.email)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.goto(f"{live_server}/en/professional/plans/{reference}")
        step = page.locator("#translations")
        assert step.is_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="Translate the plan's text").click()
        axe_check(page, "translations step")
        no_sideways_scroll(page, "translations step")

        box = page.get_by_label("Polish (Polski): Concern 1", exact=True)
        assert box.get_attribute("lang") == "pl"
        box.fill(POLISH)
        screenshot(page, "translations-step-en-375")
        with page.expect_navigation():
            page.get_by_role("button", name="Save translations").click()
        assert urlsplit(page.url).path == f"/en/professional/plans/{reference}"
        assert page.locator(".govuk-notification-banner--success").is_visible()
        assert "1 of" in page.locator("#translations + ul").inner_text()
    finally:
        context.close()

    family = browser.new_context(viewport=PHONE, bypass_csp=True, locale="pl-PL")
    page = family.new_page()
    try:
        sign_in_as_family(page, live_server, app, reference, "pl")
        polish = page.locator(".portal-free-text[lang=pl]", has_text=POLISH)
        assert polish.count() == 1
        assert page.locator(".portal-english-note").count() == 1
        axe_check(page, "/pl/my-plan with a translation")
        no_sideways_scroll(page, "/pl/my-plan")
        screenshot(page, "translations-family-pl-375")
    finally:
        family.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_translated_and_out_of_date_words_on_a_phone(
    browser, app, live_server, axe_check, screenshot, lang
):
    data = v2_plan("ar")
    data["translations"] = {
        "ar": {
            "/concerns/1": {
                "text": "تغيبت Zofiaxq عن وجبات وأيام في المدرسة.",
                "english": data["concerns"][1],
            },
            "/outcomes/0/actions/0/action": {
                "text": "المشي إلى المدرسة كل صباح.",
                "english": "Walk to school every morning.",  # changed since: out of date
            },
            "/core_group/0/role": {"text": "الأم", "english": "Mother"},
        }
    }
    reference = store_plan(app, copy.deepcopy(data))
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="en-GB")
    page = context.new_page()
    try:
        sign_in_as_family(page, live_server, app, reference, lang)
        if lang == "ar":
            translated = page.locator(".portal-free-text[lang=ar]").first
            assert translated.evaluate("el => getComputedStyle(el).direction") == "rtl"
            english = page.locator(".portal-free-text[lang=en]").first
            assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
            assert page.locator(".portal-own-words--out-of-date").count() == 2  # first screen too
        else:
            assert page.locator("main [lang=ar]").count() == 0
        axe_check(page, f"/{lang}/my-plan")
        no_sideways_scroll(page, f"/{lang}/my-plan")
        screenshot(page, f"translations-family-{lang}-375")
        if lang == "ar":
            # On paper too: the translation, today's English beside it, and the note.
            page.emulate_media(media="print")
            for selector in (".portal-own-words__english", ".portal-english-note"):
                assert page.locator(selector).first.is_visible(), selector
            page.pdf(path=str(SCREENSHOTS / "translations-family-ar.pdf"), format="A4")
    finally:
        context.close()
