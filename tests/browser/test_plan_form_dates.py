"""The full plan form's dates on a phone: three boxes each, in English and in Urdu, with a
mistyped date named, linked to its first wrong box, kept as typed and nothing saved."""

import pytest

from portal.records import get_plan
from tests.browser.portal_data import (
    click_and_wait,
    make_professional,
    sign_in_professional_at,
    store_plan,
    unique,
)
from tests.family.plans import record


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_plan_form_dates_at_phone_size(browser, app, live_server, axe_check, screenshot, lang):
    worker = make_professional(app)
    reference = store_plan(
        app, record(profile="stoke-on-trent"), owner=worker, reference=unique("PD")
    )
    with app.app_context():
        version = get_plan(reference).version
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, worker)
        page.goto(f"{live_server}/{lang}/professional/plans/{reference}/edit")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
        assert page.input_value("#child-date_of_birth-day") == "30"  # 2014-05-30, in its boxes
        assert page.input_value("#child-date_of_birth-month") == "5"

        # A visit on 30 February, and the first conference's month forgotten.
        page.fill("#visit_log-0-date-day", "30")
        page.fill("#visit_log-0-date-month", "2")
        page.fill("#visit_log-0-date-year", "2026")
        page.fill("#conferences-0-date-month", "")
        click_and_wait(page, "main form button[type=submit] >> nth=0")  # "Save plan"

        summary = page.locator(".govuk-error-summary")
        links = [a.get_attribute("href") for a in summary.locator("a").all()]
        assert links == ["#conferences-0-date-month", "#visit_log-0-date-day"]
        if lang == "en":
            text = summary.inner_text()
            assert "Date of conference 1 must include a month" in text
            assert "Date of visit 1 must be a real date" in text
        assert page.input_value("#visit_log-0-date-day") == "30"
        summary.locator("a").first.click()  # GOV.UK's script moves focus to the box
        assert page.evaluate("document.activeElement.id") == "conferences-0-date-month"
        with app.app_context():
            assert get_plan(reference).version == version  # nothing saved

        axe_check(page, f"plan form with date errors in {lang} at 375px")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the plan form in {lang} scrolls sideways by {overflow}px"
        screenshot(page, f"plan-form-dates-{lang}-375")
        for row in ("conferences-0", "visit_log-0"):  # the rows with the errors, close up
            page.locator(f"#row-{row}").screenshot(
                path=str(screenshot.folder / f"plan-form-dates-{lang}-{row}.png")
            )
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_dashboard_day_boxes_at_phone_size(
    browser, app, live_server, axe_check, screenshot, lang
):
    manager = make_professional(app, "manager")
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, manager)
        page.goto(f"{live_server}/{lang}/professional/dashboard/measures")
        page.fill("#on-day", "15")
        page.fill("#on-year", "26")
        click_and_wait(page, "main form button[type=submit]")
        summary = page.locator(".govuk-error-summary")
        assert [a.get_attribute("href") for a in summary.locator("a").all()] == ["#on-month"]
        assert page.input_value("#on-year") == "26"  # kept as typed
        axe_check(page, f"dashboard measures with a date error in {lang} at 375px")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the measures page in {lang} scrolls sideways by {overflow}px"
        page.locator("main form").first.screenshot(
            path=str(screenshot.folder / f"dashboard-day-{lang}-375.png")
        )

        page.fill("#on-month", "6")
        page.fill("#on-year", "2026")
        click_and_wait(page, "main form button[type=submit]")
        assert page.locator(".govuk-error-summary").count() == 0
        assert "on=2026-06-15" in page.locator("a[href*='measures.csv']").get_attribute("href")
    finally:
        context.close()
