"""The two journeys that matter most, with the keyboard alone, with and without
JavaScript: a social worker signs in, writes a plan and shares it; the family member
opens the link, enters the passcode, reads the plan and adds a meeting to their
calendar. Every element focused on the way shows its focus, and every request goes
to the portal itself.
"""

import datetime as dt
from urllib.parse import urlsplit

import pytest

from portal import clock
from tests.browser.checks import RequestLog, by_id, by_text, focused, tab_to
from tests.browser.portal_data import PASSWORD, make_professional, unique


def type_into(page, field_id: str, text: str) -> None:
    """Tab forward to a field and type into it, as a keyboard user would."""
    tab_to(page, by_id(field_id))
    page.keyboard.type(text)


def choose(page, field_id: str, option_text: str) -> None:
    """Tab to a closed <select> and pick an option by typing its first letters."""
    tab_to(page, by_id(field_id))
    page.keyboard.type(option_text)
    chosen = page.evaluate(
        "id => { const s = document.getElementById(id); return s.options[s.selectedIndex].text }",
        field_id,
    )
    assert chosen.startswith(option_text), (field_id, chosen)


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def professional_journey(page, live_server, email: str, reference: str) -> tuple[str, str]:
    """Sign in, create a plan with the form, share it: returns (link path, passcode)."""
    page.goto(f"{live_server}/en/professional/sign-in")
    type_into(page, "email", email)
    type_into(page, "password", PASSWORD)
    press_and_wait(page, "Enter")
    assert urlsplit(page.url).path == "/en/professional/plans"

    link = tab_to(page, by_text("Create a plan"))
    assert link["href"] == "/en/professional/plans/new"
    press_and_wait(page, "Enter")

    started = clock.today() - dt.timedelta(days=7)
    type_into(page, "reference", reference)
    choose(page, "profile", "Stoke")
    type_into(page, "child-first_name", "Maja")
    tab_to(page, by_id("categories"))
    page.keyboard.press("Space")
    assert page.is_checked("#categories")
    type_into(page, "lead_social_worker-name", "Sam Patel")
    type_into(page, "lead_social_worker-phone", "01782 000 000")
    type_into(page, "core_group-0-name", "Anna Nowak")
    type_into(page, "core_group-0-role", "Mother")
    # "Add another" posts the form and comes back with one more row, keeping what was typed.
    add = tab_to(page, lambda info: info["tag"] == "button" and "core group" in info["text"])
    assert add["text"].startswith("Add")
    press_and_wait(page, "Space")
    assert page.input_value("#core_group-0-name") == "Anna Nowak"
    assert page.input_value("#reference") == reference
    type_into(page, "core_group-1-name", "Jo Reed")
    type_into(page, "core_group-1-role", "Health visitor")
    type_into(page, "conferences-0-date-day", str(started.day))
    type_into(page, "conferences-0-date-month", str(started.month))
    type_into(page, "conferences-0-date-year", str(started.year))
    # Enter in a text field presses the form's first button: "Save plan".
    press_and_wait(page, "Enter")
    assert urlsplit(page.url).path == f"/en/professional/plans/{reference}", page.url
    assert page.locator(".govuk-notification-banner--success").is_visible()

    type_into(page, "label", "Mother")
    type_into(page, "days", "30")
    press_and_wait(page, "Enter")
    link_path = urlsplit(page.input_value("#family-link")).path
    passcode = page.locator("#passcode").inner_text()
    assert link_path.startswith("/f/") and len(passcode.replace(" ", "")) == 8
    return link_path, passcode


def family_journey(page, live_server, link_path: str, passcode: str) -> None:
    """Open the private link, enter the passcode, read the plan, get a calendar file."""
    page.goto(f"{live_server}{link_path}")
    type_into(page, "passcode", passcode)
    press_and_wait(page, "Enter")
    assert urlsplit(page.url).path == "/en/my-plan"
    assert "Maja" in page.locator("main").inner_text()
    assert page.locator(".portal-timeline__item").count() > 0

    tab_to(page, by_text("Add to calendar"))
    href = focused(page)["href"]
    assert href.endswith(".ics")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), encoding="utf-8") as calendar:
        text = calendar.read()
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "no-js"])
def test_both_journeys_with_the_keyboard_alone(browser, app, live_server, javascript):
    worker = make_professional(app)
    context = browser.new_context(
        java_script_enabled=javascript,
        accept_downloads=True,
        locale="en-GB",
        viewport={"width": 375, "height": 800},
    )
    requests = RequestLog(context)
    try:
        page = context.new_page()
        link_path, passcode = professional_journey(page, live_server, worker.email, unique("KB"))
        family = context.browser.new_context(
            java_script_enabled=javascript,
            accept_downloads=True,
            locale="en-GB",
            viewport={"width": 320, "height": 640},
        )
        family_requests = RequestLog(family)
        try:
            family_journey(family.new_page(), live_server, link_path, passcode)
        finally:
            family.close()
    finally:
        context.close()
    assert requests.urls and family_requests.urls
    assert not requests.elsewhere(live_server) + family_requests.elsewhere(live_server)
