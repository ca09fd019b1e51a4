"""What the family browser tests share: a council's copy served live, Chromium, a phone.

The fixtures are named (app, live_server, chromium) for the modules that import them.
"""

import pytest

from portal import create_app
from tests.browser.conftest import serving
from tests.conftest import migrated
from tests.conftest import test_settings as settings_for_tests
from tests.family.plans import PLACE
from tests.family.test_page_weight import long_plan


@pytest.fixture(scope="module", name="app")
def council_app(tmp_path_factory):
    """A council's copy: its name in the header and its numbers on the family's pages,
    as a real family would see them (and as tall as the header gets)."""
    return migrated(
        create_app(
            settings_for_tests(
                tmp_path_factory.mktemp("family-browser"),
                PORTAL_AUTHORITY_NAME="Westshire Borough Council",
                PORTAL_AUTHORITY_PHONE="0300 123 4567",
                PORTAL_OUT_OF_HOURS_PHONE="0300 123 9999",
            )
        )
    )


@pytest.fixture(scope="module", name="live_server")
def council_live_server(app):
    with serving(app) as address:
        yield address


@pytest.fixture(name="chromium")
def debian_chromium(browser):
    """pytest-playwright's browser (one Playwright per test session: a second one started
    here would clash with it), launched with Debian's Chromium by tests/browser/conftest.py's
    fixtures, which each family browser test module imports."""
    return browser


def sign_in_on_a_phone(chromium, live_server, token, passcode, lang):
    context = chromium.new_context(
        viewport={"width": 375, "height": 800}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/f/{token}")
    page.fill("#passcode", passcode)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/{lang}/my-plan")
    return context, page


def long_plan_to_print():
    """The page-weight test's two-year plan, with what a family needs on paper: the next
    core group meeting and review conference booked with time and place, and two open
    actions for the mother."""
    data = long_plan()
    data["conferences"].append(
        {
            "kind": "review",
            "date": "2026-09-01",
            "time": "13:30",
            "place": "Civic Centre, Room 4",
            "chair": "Lee Chairqz",
            "status": "scheduled",
        }
    )
    data["core_group_meetings"].append(
        {"date": "2026-05-14", "time": "14:30", "place": PLACE, "status": "scheduled"}
    )
    data["outcomes"][0]["actions"][:0] = [
        {
            "action": "Go to the parenting course at the family centre every week.",
            "who": "Anna Nowakqz",
            "by": "2026-06-18",
            "status": "open",
        },
        {
            "action": "Walk Zofiaxq to school each morning.",
            "who": "Anna Nowakqz",
            "by": "2026-07-29",
            "status": "open",
        },
    ]
    return data
