"""The dashboard in a real browser: axe finds no WCAG 2.2 AA problem, wide or at 320 px."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures, shared with tests/browser)
    CHROMIUM,
    axe_check,
    browser_context_args,
    browser_type_launch_args,
    serving,
)
from tests.dashboard.conftest import DAY, PASSWORD, build_dataset

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)

PAGES = ("", "measures", "approaching")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The data set served on 127.0.0.1, and a manager's email to sign in with."""
    dataset = build_dataset(tmp_path_factory.mktemp("dashboard-browser"))
    manager = dataset.portal.add_user("manager")
    with dataset.portal.app.app_context():
        from portal.models import User, db

        email = db.session.get(User, manager).email
    with serving(dataset.portal.app) as address:
        yield address, email


@pytest.mark.parametrize("width", [1100, 320])
def test_dashboard_pages_pass_axe(page, live, axe_check, width):  # noqa: F811
    base, email = live
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/en/professional/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    for path in PAGES:
        page.goto(f"{base}/en/professional/dashboard/{path}?on={DAY.isoformat()}")
        assert "/professional/dashboard/" in page.url  # signed in, not sent to sign in
        assert page.locator("h1").count() == 1
        axe_check(page, f"dashboard/{path} at {width}px")
        # Nothing but a table's own scroll box may be wider than the screen.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"dashboard/{path} scrolls sideways at {width}px"
