"""Browser tests: Playwright driving Debian's Chromium against a live portal on 127.0.0.1.

Never downloads a browser. Without /usr/bin/chromium these tests are skipped locally
and fail in CI (where `make test` installs it).
"""

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal.config import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("Chromium is missing: CI must run the browser tests")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (make test installs it)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script; the portal's CSP would (rightly) refuse it otherwise.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@contextmanager
def serving(app):
    """`app` served on a free 127.0.0.1 port while the block runs; yields its address."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def live_server(app):
    with serving(app) as address:
        yield address


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# How many pages axe has checked in this run, printed at the end of the run.
AXE_RUNS = {"pages": 0}


def axe_problems(page, label: str) -> list[str]:
    """Run axe on the page as it is now: each violation's rule id and elements.

    Contexts that check many pages load axe once with `context.add_init_script(path=AXE)`;
    otherwise it is added to this page here. Only violations are gathered: collecting
    every passing node too would double the time each check takes.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    AXE_RUNS["pages"] += 1
    return [
        f"{label}: {v['id']} ({v['impact']}): "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.fixture
def axe_check():
    """Run axe on the page; fail with each violation's rule id and elements."""

    def check(page, label: str) -> None:
        problems = axe_problems(page, label)
        assert not problems, "; ".join(problems)

    return check


def pytest_terminal_summary(terminalreporter):
    if AXE_RUNS["pages"]:
        terminalreporter.write_line(
            f"axe checked {AXE_RUNS['pages']} pages (WCAG 2.0 to 2.2 A and AA, best practice)"
        )


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    take.folder = SCREENSHOTS
    return take
