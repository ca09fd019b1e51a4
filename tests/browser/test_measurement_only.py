"""A manager finds a plan loaded from an Annex A list: marked for measurement only in
the plan list, no way to share it on its page, and the form asks for what is missing;
on a phone, in English and in Urdu (right to left)."""

import io

import pytest

from portal.exchange.annex_a_import import read_annex_a, store_rows
from tests.browser.portal_data import (
    click_and_wait,
    make_professional,
    sign_in_professional_at,
    unique,
)

LIST = (
    "Child Unique ID,Child Protection Plan Start Date,Initial Category of Abuse,"
    "Latest Category of Abuse,Date of latest review conference\r\n"
    "{reference},06/01/2025,a) Neglect,d) Emotional abuse,03/07/2025\r\n"
)


def load_from_list(app, reference: str) -> None:
    with app.app_context():
        profiles = app.extensions["profiles"]
        result = read_annex_a(io.StringIO(LIST.format(reference=reference)), profiles, "england")
        assert not result.problems, result.problems
        store_rows(result.rows, profiles, actor="test")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_a_measurement_only_plan_is_marked_and_cannot_be_shared(
    browser, app, live_server, axe_check, screenshot, lang
):
    manager = make_professional(app, "manager")
    reference = unique("MO")
    load_from_list(app, reference)
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_professional_at(page, live_server, manager)
        page.goto(f"{live_server}/{lang}/professional/plans?q={reference}")
        row = page.locator("tbody tr").filter(has_text=reference)
        assert row.locator("strong.govuk-tag--yellow").count() == 1
        axe_check(page, f"plan list with a measurement-only plan ({lang})")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the plan list scrolls sideways by {overflow}px"
        screenshot(page, f"measurement-only-list-{lang}")
        click_and_wait(page, "tbody th a >> nth=0")
        assert page.locator("#measurement-only").is_visible()
        assert page.locator("#share-refused").is_visible()
        assert page.locator("form[action$='/links']").count() == 0
        axe_check(page, f"measurement-only plan page ({lang})")
        screenshot(page, f"measurement-only-plan-{lang}")
        click_and_wait(page, "main .govuk-button-group a.govuk-button")
        assert page.locator("#child-first_name").input_value() == ""
        click_and_wait(page, "main form button[type=submit] >> nth=0")
        assert page.locator("#child-first_name-error").is_visible()
        screenshot(page, f"measurement-only-form-{lang}")
    finally:
        context.close()
