"""A family member chooses text message reminders on a phone, sees the number masked and
stops them, in English and in Urdu; the professional's form for the same choice."""

import pytest

from portal.models import db
from portal.models.outgoing import ReminderChoice
from portal.records import create_family_link, create_plan
from portal.workspace.auth import create_user, set_password
from tests.browser.checks import drawn_left_to_right, sideways_overflow
from tests.browser.conftest import serving
from tests.browser.portal_data import PASSWORD, unique
from tests.reminders.conftest import plan_record, sender_settings
from tests.reminders.servers import NotifyServer, SmtpServer

pytestmark = pytest.mark.browser


@pytest.fixture
def reminder_server(tmp_path):
    """A portal with both senders switched on (servers on 127.0.0.1), served live."""
    from portal import create_app
    from tests.conftest import migrated, test_settings

    with SmtpServer() as smtp, NotifyServer() as notify:
        app = migrated(
            create_app(
                test_settings(
                    tmp_path,
                    PORTAL_BASE_URL="https://plans.example.gov.uk",
                    **sender_settings(smtp, notify),
                )
            )
        )
        with serving(app) as address:
            yield app, address


def phone_checks(page, axe_check, screenshot, name: str) -> None:
    assert sideways_overflow(page) == 0, f"{name} scrolls sideways"
    axe_check(page, name)
    screenshot(page, f"reminders-{name}")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_choose_text_messages_see_them_masked_and_stop(
    browser, reminder_server, axe_check, screenshot, lang
):
    app, address = reminder_server
    with app.app_context():
        plan = create_plan(plan_record(language=lang), app.extensions["profiles"], actor="test")
        new = create_family_link(plan, "Mother", 30, actor="test")
        token, passcode, link_id = new.token, new.passcode, new.link.id
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(f"{address}/{lang}/f/{token}")
    page.fill("#passcode", passcode)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/{lang}/my-plan")
    with page.expect_navigation():
        page.click(f"a[href='/{lang}/my-plan/reminders']")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
    phone_checks(page, axe_check, screenshot, f"{lang}-choose")
    # The example number reads 07700 900123, even inside Urdu.
    assert drawn_left_to_right(page, "#mobile-hint", "07700 900123")

    page.fill("#mobile", "07700 900456")
    page.check("#two_hours")
    with page.expect_navigation():
        page.click("button[value=save]")
    main = page.locator("main").inner_text()
    assert "07•••••••56" in main and "900456" not in page.content()
    assert drawn_left_to_right(page, "main", "07•••••••56")
    phone_checks(page, axe_check, screenshot, f"{lang}-chosen")
    with app.app_context():
        [row] = db.session.query(ReminderChoice).filter_by(link_id=link_id).all()
        assert (row.channel, row.address, row.two_hours_before) == ("sms", "+447700900456", True)

    with page.expect_navigation():
        page.click("button[value=stop-all]")
    assert "07•••••••56" not in page.locator("main").inner_text()
    phone_checks(page, axe_check, screenshot, f"{lang}-stopped")
    with app.app_context():
        assert db.session.query(ReminderChoice).filter_by(link_id=link_id).count() == 0

    # A wrong number: the message names the field, in the page's language.
    page.fill("#mobile", "01782 000000")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert page.locator("#mobile-error").is_visible()
    assert drawn_left_to_right(page, "#mobile-error", "07700 900123")
    assert page.locator(".govuk-error-summary a[href='#mobile']").count() == 1
    phone_checks(page, axe_check, screenshot, f"{lang}-error")
    context.close()


def test_the_professional_records_a_choice_on_a_phone(
    browser, reminder_server, axe_check, screenshot
):
    app, address = reminder_server
    with app.app_context():
        worker = create_user(f"{unique('sw')}@example.org", "social-worker")
        set_password(worker, PASSWORD)
        plan = create_plan(
            plan_record(), app.extensions["profiles"], actor="test", social_worker=worker
        )
        link_id = create_family_link(plan, "Mother", 30, actor="test").link.id
        email, reference = worker.email, plan.reference
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(f"{address}/en/professional/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{address}/en/professional/plans/{reference}/links/{link_id}/reminders")
    phone_checks(page, axe_check, screenshot, "professional-form")
    page.fill("#email", "dee@example.org")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert page.locator("#agreed-error").is_visible()
    phone_checks(page, axe_check, screenshot, "professional-error")
    page.check("#agreed")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert "d•••@example.org" in page.locator("#reminders + p + ul").inner_text()
    phone_checks(page, axe_check, screenshot, "professional-plan")
    page.goto(f"{address}/en/professional/weekly-summary")
    phone_checks(page, axe_check, screenshot, "professional-weekly-summary")
    context.close()
