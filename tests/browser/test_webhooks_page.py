"""An administrator adds a webhook receiver on a phone, copies its secret, sees it listed
and removes it, in English and in Urdu; a refused address is named in the form."""

import pytest
from sqlalchemy import delete

from portal.models import db
from portal.models.outgoing import WebhookEndpoint
from tests.browser.checks import drawn_left_to_right, sideways_overflow
from tests.browser.portal_data import click_and_wait, make_professional, sign_in_professional_at

pytestmark = pytest.mark.browser

URL = "https://case.example.org/hooks/plans"


def phone_checks(page, axe_check, screenshot, name: str) -> None:
    assert sideways_overflow(page) == 0, f"{name} scrolls sideways"
    axe_check(page, name)
    screenshot(page, f"webhooks-{name}")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_add_see_and_remove_a_receiver(browser, app, live_server, axe_check, screenshot, lang):
    admin = make_professional(app, "admin")
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    try:
        sign_in_professional_at(page, live_server, admin)
        page.goto(f"{live_server}/{lang}/professional/webhooks")
        page.fill("#url", "http://case.example.org/hooks")
        click_and_wait(page, "main form button[type=submit] >> nth=-1")
        assert page.locator("#url-error").is_visible()
        phone_checks(page, axe_check, screenshot, f"{lang}-refused")
        page.fill("#url", URL)
        click_and_wait(page, "main form button[type=submit] >> nth=-1")
        secret = page.input_value("#signing-secret")
        assert len(secret) == 64
        phone_checks(page, axe_check, screenshot, f"{lang}-added")
        click_and_wait(page, "main a[href$='/professional/webhooks']")
        assert page.locator("main .govuk-summary-card").is_visible()
        assert secret not in page.content()
        if lang == "ur":
            assert drawn_left_to_right(page, "main .govuk-summary-card__title", URL)
        phone_checks(page, axe_check, screenshot, f"{lang}-listed")
        click_and_wait(page, "main .govuk-summary-card button")
        assert page.locator("main .govuk-summary-card").count() == 0
    finally:
        context.close()
        with app.app_context():
            db.session.execute(delete(WebhookEndpoint))
            db.session.commit()
