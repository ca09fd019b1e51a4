"""Urdu and Arabic in a real browser: the layout is mirrored (checked by where things
are drawn), and numbers, codes and Latin names inside right-to-left text keep their
order. Measured at 1024 pixels, where columns and summary lists sit side by side."""

import datetime as dt
import html
import uuid

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from portal import clock
from portal.config import ROOT
from portal.i18n import LANGUAGES
from tests.browser.checks import (
    boxes,
    codes_drawn_backwards,
    drawn_left_to_right,
    isolated_text,
    words_drawn_right_to_left,
)
from tests.browser.portal_data import (
    FAMILY_TODAY,
    PASSWORD,
    family_login,
    make_professional,
    store_plan,
)
from tests.family.plans import PLACE, held_reviews, initial, record

RTL = ["ur", "ar"]
MEETING = dt.date(2026, 12, 3)
PHONE = "01782 000 000"  # as in the records of tests/family/plans.py
ALIGNED = 2  # pixels


def near(a: float, b: float) -> bool:
    return abs(a - b) <= ALIGNED


@pytest.fixture(scope="module")
def rtl_cast(app):
    """A plan whose reference starts with digits: unisolated in right-to-left text,
    "2026-0001-ST" would be drawn "ST-2026-0001". Its next meeting is booked."""
    worker = make_professional(app)
    data = record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
        core_group_meetings=[
            {"date": "2026-01-22", "time": None, "place": None, "status": "held"},
            {"date": MEETING.isoformat(), "time": "14:30", "place": PLACE, "status": "scheduled"},
        ],
    )
    reference = store_plan(
        app, data, owner=worker, reference=f"2026-{uuid.uuid4().int % 10000:04d}-ST"
    )
    return {"worker": worker, "reference": reference, "login": family_login(app, reference)}


@pytest.fixture
def desktop(browser, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: FAMILY_TODAY)
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    yield context.new_page()
    context.close()


def open_family_plan(page, live_server, lang, login, wrong_first=False):
    page.goto(f"{live_server}/{lang}/f/{login.token}")
    if wrong_first:
        page.fill("#passcode", "1")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        return
    page.fill("#passcode", login.passcode)
    with page.expect_navigation(url=f"{live_server}/{lang}/my-plan"):
        page.keyboard.press("Enter")


def sign_in_professional(page, live_server, lang, worker):
    page.goto(f"{live_server}/{lang}/professional/sign-in")
    page.fill("#email", worker.email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def assert_starts_on_the_right(page, field: str, *texts: str) -> None:
    """A form field and the texts that go with it (label, hint, error) all start at
    the same right-hand edge."""
    field_box = boxes(page, field)
    for text in texts:
        found = boxes(page, text)
        assert near(found["textRight"], field_box["right"]), (text, found, field_box)
        assert found["textLeft"] < field_box["right"] - 5


@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_layout_is_mirrored(desktop, live_server, rtl_cast, lang):
    page = desktop
    width = page.evaluate("innerWidth")

    # The passcode form, with its error: label, hint, error and field start on the right,
    # and the error summary sits in the right-hand (start) column.
    open_family_plan(page, live_server, lang, rtl_cast["login"], wrong_first=True)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert_starts_on_the_right(
        page, "#passcode", "label[for=passcode]", "#passcode-hint", "#passcode-error"
    )
    summary, main = boxes(page, ".govuk-error-summary"), boxes(page, "main")
    assert near(summary["right"], main["right"]) and summary["left"] > width / 3
    assert near(
        boxes(page, ".govuk-error-summary__title")["textRight"],
        boxes(page, ".govuk-error-summary__list a")["textRight"],
    )

    # The header: the name on the right, the exit button on the left (mirrored from
    # GOV.UK's top right), the languages listed from right to left.
    name = boxes(page, ".portal-header__name")
    assert name["right"] > width * 3 / 4 and name["left"] > width / 4
    exit_button = boxes(page, ".govuk-exit-this-page__button")
    assert exit_button["right"] < width / 2
    first, second = (page.locator(".portal-languages__item").nth(i).bounding_box() for i in (0, 1))
    assert abs(first["y"] - second["y"]) < 5 and first["x"] > second["x"]

    # The plan: summary list keys to the right of their values, the timeline's line on
    # the right of each item.
    open_family_plan(page, live_server, lang, rtl_cast["login"])
    key = boxes(page, ".portal-next-meeting .portal-facts dt")
    value = boxes(page, ".portal-next-meeting .portal-facts dd")
    assert key["left"] > value["right"] - 1
    # (the first item in view: earlier ones are folded away)
    in_view = ".portal-timeline:not(.portal-timeline-earlier .portal-timeline) > li"
    item = boxes(page, in_view)
    title = boxes(page, f"{in_view} .portal-timeline__title")
    assert item["right"] > title["textRight"] + 10

    # The professional forms: sign-in errors, then the plan form's fields and buttons.
    page.goto(f"{live_server}/{lang}/professional/sign-in")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert_starts_on_the_right(page, "#email", "label[for=email]", "#email-error")
    assert_starts_on_the_right(page, "#password", "label[for=password]")
    summary, main = boxes(page, ".govuk-error-summary"), boxes(page, "main")
    assert near(summary["right"], main["right"]) and summary["left"] > width / 3
    sign_in_professional(page, live_server, lang, rtl_cast["worker"])
    page.goto(f"{live_server}/{lang}/professional/plans/new")
    assert_starts_on_the_right(page, "#reference", "label[for=reference]", "#reference-hint")
    assert_starts_on_the_right(page, "#profile", "label[for=profile]")
    box, label = boxes(page, "#categories"), boxes(page, "label[for=categories]")
    assert box["right"] > label["textRight"], "the checkbox comes before its label"
    save = boxes(page, "main form button[type=submit]")
    assert near(save["right"], boxes(page, "main form")["right"])


@pytest.mark.parametrize("lang", RTL)
def test_numbers_and_latin_names_keep_their_order(desktop, live_server, rtl_cast, lang):
    page = desktop
    open_family_plan(page, live_server, lang, rtl_cast["login"])

    # A date written by Babel in the reader's locale reads right to left, word by word,
    # with each number in it left to right.
    date_value = ".portal-first-screen .portal-facts dd:first-of-type"
    expected = format_date(MEETING, "full", locale=LANGUAGES[lang].locale)
    assert isolated_text(page, date_value)[0] == expected
    assert words_drawn_right_to_left(page, date_value, expected)

    # A phone number and Latin names: isolated, drawn left to right.
    phone, isolated = isolated_text(page, "#who-is-involved ~ div dl a[href^='tel:']")
    assert (phone, isolated) == (PHONE, True)
    assert drawn_left_to_right(page, "#who-is-involved ~ div dl a[href^='tel:']", PHONE)
    assert drawn_left_to_right(page, ".portal-next-meeting", PLACE)
    assert drawn_left_to_right(page, "main", "Sam Patelqz")
    # The Childline number sits inside a translated sentence in the footer.
    assert drawn_left_to_right(page, "footer", "0800 1111")

    # The professional pages: the plan's reference, the phone number, the passcode.
    reference = rtl_cast["reference"]
    sign_in_professional(page, live_server, lang, rtl_cast["worker"])
    page.goto(f"{live_server}/{lang}/professional/plans")
    row = f"a[href$='/plans/{reference}'] bdi"
    assert isolated_text(page, row) == (reference, True)
    assert drawn_left_to_right(page, row, reference)
    page.goto(f"{live_server}/{lang}/professional/plans/{reference}")
    assert isolated_text(page, "h1 bdi") == (reference, True)
    assert drawn_left_to_right(page, "h1", reference)
    assert drawn_left_to_right(page, "main dl", PHONE)
    page.fill("#label", "Mother")
    page.fill("#days", "30")
    with page.expect_navigation():
        page.locator("form[action$='/links'] button").click()
    passcode, isolated = isolated_text(page, "#passcode bdi")
    assert isolated and len(passcode) == 9
    assert drawn_left_to_right(page, "#passcode", passcode)
    assert not codes_drawn_backwards(page)


def catalog_messages(lang: str) -> list[str]:
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with open(path, encoding="utf-8") as po:
        catalog = read_po(po)
    texts = []
    for message in catalog:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts.extend(s for s in strings if s)
    return texts


@pytest.mark.parametrize("lang", RTL)
def test_numbers_in_translated_messages_read_left_to_right(page, lang):
    """Numbers typed inside a translation ("like 1234 5678", "for example 2026-03-31")
    follow Arabic letters, which turn them into Arabic-context numbers: without a
    left-to-right mark before them their groups are drawn in reverse order."""
    messages = catalog_messages(lang)
    assert len(messages) > 500
    page.set_viewport_size({"width": 4000, "height": 800})  # one message, one line
    page.set_content(
        f'<html lang="{lang}" dir="rtl"><body>'
        + "".join(f"<p>{html.escape(text)}</p>" for text in messages)
        + "</body></html>"
    )
    assert not codes_drawn_backwards(page)
