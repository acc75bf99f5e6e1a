"""Playwright driving Debian's Chromium (Playwright cannot download its own browsers here)."""

import os
from pathlib import Path

import pytest

# The flags the site itself runs Chromium with for the flyers' PDFs: headless, no background calls to the network.
from events.flyerpdf import ARGS as CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
MISSING_CHROMIUM = "Debian's chromium is not installed: apt-get install chromium"


def without_chromium(chromium_installed, in_ci):
    """What becomes of the browser tests: None (they run), "skip" (a developer's machine without chromium) or
    "fail" (CI, where a skipped browser test would pass unnoticed)."""
    if chromium_installed:
        return None
    return "fail" if in_ci else "skip"


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    needing_chromium = [item for item in browser_items if "browser" in getattr(item, "fixturenames", ())]
    if not needing_chromium:
        return
    outcome = without_chromium(Path(CHROMIUM).exists(), bool(os.environ.get("CI")))
    if outcome == "fail":
        raise pytest.UsageError(f"{MISSING_CHROMIUM} (CI is set: browser tests must run, not skip)")
    if outcome == "skip":
        for item in needing_chromium:
            item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def site(live_server, transactional_db):
    from tests.factories import SiteSettingsFactory

    SiteSettingsFactory()
    return live_server


@pytest.fixture
def watched_page(page, site):
    """A page that records every request and console error, to assert nothing leaves the site."""
    page.requests_seen = []
    page.console_errors = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page
