"""Browser tests skip only on a developer's machine without chromium; in CI that is an error, not a skip."""

from tests.browser.conftest import without_chromium


def test_browser_tests_run_when_chromium_is_installed():
    assert without_chromium(chromium_installed=True, in_ci=False) is None
    assert without_chromium(chromium_installed=True, in_ci=True) is None


def test_browser_tests_skip_without_chromium_outside_ci():
    assert without_chromium(chromium_installed=False, in_ci=False) == "skip"


def test_browser_tests_fail_without_chromium_in_ci():
    assert without_chromium(chromium_installed=False, in_ci=True) == "fail"
