"""A team manager on the plan list: filters one worker's plans, ticks plans with no
worker and gives them to a social worker, on a phone and on a desktop."""

import pytest

from tests.browser.portal_data import (
    click_and_wait,
    make_professional,
    sign_in_professional_at,
    store_plan,
    unique,
)
from tests.family.plans import record


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_a_manager_gives_unassigned_plans_to_a_worker(
    browser, app, live_server, axe_check, screenshot, width
):
    worker = make_professional(app)
    manager = make_professional(app, "manager")
    prefix = unique("BA")
    references = [store_plan(app, record(), reference=f"{prefix}-{n}") for n in range(3)]
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, manager)
        page.goto(f"{live_server}/en/professional/plans?worker=none&q={prefix}")
        axe_check(page, f"plan list with ticks at {width}px")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the plan list scrolls sideways by {overflow}px"
        screenshot(page, f"plan-list-manager-{width}")
        for reference in references[:2]:
            page.check(f"input[name=plan][value='{reference}']")
        page.select_option("#assign_to", label=worker.email)
        click_and_wait(page, "text=Assign the ticked plans")
        assert f"2 plans are now assigned to {worker.email}." in page.inner_text("main")
        assert [a.inner_text() for a in page.locator("tbody th a").all()] == [references[2]]
        page.select_option("#worker", label=worker.email)
        click_and_wait(page, "text=Find plans")
        shown = {a.inner_text() for a in page.locator("tbody th a").all()}
        assert set(references[:2]) <= shown
    finally:
        context.close()
