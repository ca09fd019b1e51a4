"""A social worker on a phone records a review that found too little progress through the
short conference form, counting every click and every box typed in: fewer than 10.
The plan's timeline and the dashboard then show the escalation it brings as due."""

import datetime as dt

import pytest

from portal import clock
from portal.planning.dates import add_months
from tests.browser.portal_data import (
    click_and_wait,
    make_professional,
    sign_in_professional_at,
    store_plan,
    unique,
)
from tests.family.plans import held_reviews, initial, record


class Counted:
    """The page, with each click, check and fill counted as one interaction."""

    def __init__(self, page):
        self.page = page
        self.interactions = 0

    def click(self, selector: str) -> None:
        self.interactions += 1
        click_and_wait(self.page, selector)

    def check(self, selector: str) -> None:
        self.interactions += 1
        self.page.check(selector)

    def fill(self, selector: str, text: str) -> None:
        self.interactions += 1
        self.page.fill(selector, text)


def _stoke_plan_at_nine_months() -> dict:
    today = clock.today()
    start = add_months(today, -9)
    return record(
        profile="stoke-on-trent",
        start=start.isoformat(),
        conferences=[initial(start.isoformat()), *held_reviews(str(add_months(start, 3)))],
    )


def _milestone_row(page):
    return page.locator("#timeline ~ .portal-table-scroll tr", has_text="Line manager review")


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "no-js"])
def test_recording_insufficient_progress_in_under_ten_interactions(
    browser, app, live_server, axe_check, screenshot, javascript
):
    worker = make_professional(app)
    reference = store_plan(app, _stoke_plan_at_nine_months(), owner=worker, reference=unique("TF"))
    held = clock.today() - dt.timedelta(days=2)
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="en-GB",
        viewport={"width": 375, "height": 800},
        bypass_csp=True,
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, worker)
        page.goto(f"{live_server}/en/professional/plans/{reference.replace('/', '~')}")
        assert "Conditional" in _milestone_row(page).inner_text()

        counted = Counted(page)
        counted.click("text=Record a conference")
        assert page.locator("h1").inner_text() == "Record a conference"
        if javascript:  # axe is a script: it runs where scripts do
            axe_check(page, "conference form at 375px")
            screenshot(page, "task-conference-375")
        counted.fill("#date-day", str(held.day))
        counted.fill("#date-month", str(held.month))
        counted.fill("#date-year", str(held.year))
        counted.check("label:has-text('Continue the plan')")
        counted.check("label:has-text('Not enough progress')")
        counted.click("main button[type=submit]")
        assert counted.interactions < 10, counted.interactions

        assert f"/plans/{reference}" in page.url
        banner = page.locator(".govuk-notification-banner--success").inner_text()
        assert "The conference is recorded." in banner
        prompt = page.locator(".govuk-notification-banner:not(.govuk-notification-banner--success)")
        assert "The next review conference is due by" in prompt.inner_text()
        row = _milestone_row(page).inner_text()
        assert "Conditional" not in row
        assert "Upcoming" in row or "Overdue" in row
        if javascript:
            axe_check(page, "plan page after recording")
            screenshot(page, "task-plan-after-375")

        page.goto(f"{live_server}/en/professional/dashboard/")
        dashboard_row = page.locator("tr", has_text=reference).inner_text()
        assert "Line manager review" in dashboard_row
        assert "Conditional" not in dashboard_row
        assert "Upcoming" in dashboard_row or "Overdue" in dashboard_row
    finally:
        context.close()


@pytest.mark.browser
def test_a_mistyped_date_is_named_and_marked(browser, app, live_server, axe_check, screenshot):
    worker = make_professional(app)
    reference = store_plan(app, _stoke_plan_at_nine_months(), owner=worker, reference=unique("TF"))
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, worker)
        page.goto(f"{live_server}/en/professional/plans/{reference}/record/visit")
        page.fill("#date-day", "31")
        page.fill("#date-month", "2")
        page.fill("#date-year", "2026")
        click_and_wait(page, "main button[type=submit]")
        summary = page.locator(".govuk-error-summary")
        assert "Date of the visit must be a real date" in summary.inner_text()
        assert page.input_value("#date-day") == "31"
        axe_check(page, "visit form with an error at 375px")
        screenshot(page, "task-visit-error-375")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_task_forms_right_to_left_at_phone_size(
    browser, app, live_server, axe_check, screenshot, lang
):
    worker = make_professional(app)
    reference = store_plan(app, _stoke_plan_at_nine_months(), owner=worker, reference=unique("TF"))
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, worker)
        for slug in ("conference", "visit", "end"):
            page.goto(f"{live_server}/{lang}/professional/plans/{reference}/record/{slug}")
            assert page.locator("html").get_attribute("dir") == "rtl"
            click_and_wait(page, "main button[type=submit]")  # nothing typed: every error shown
            assert page.locator(".govuk-error-summary").is_visible()
            axe_check(page, f"{slug} form with errors in {lang} at 375px")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{slug} in {lang} scrolls sideways by {overflow}px"
            screenshot(page, f"task-{slug}-{lang}-375")
    finally:
        context.close()
