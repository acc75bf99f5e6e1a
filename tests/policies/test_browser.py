"""The policy pages in a real browser: accessibility (axe-core), no third-party requests, phones and paper."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.browser.conftest import browser_type_launch_args, site, watched_page  # noqa: F401 (fixtures)
from tests.factories import PolicyFactory, PolicyTopicFactory

pytestmark = pytest.mark.browser

PAGES = [
    "/en/policies/",
    "/es/politicas/",
    "/en/policies/{commitment}/",
    "/es/politicas/{commitment}/",
    "/es/politicas/{exception}/",
    "/es/politicas/{untranslated}/",
    "/en/policies/{commitment}/history/",
    "/es/politicas/{commitment}/historial/",
]


@pytest.fixture
def policies(site):  # noqa: F811
    topic = PolicyTopicFactory()
    commitment = PolicyFactory(
        key_commitment=True,
        topic=topic,
        body_en="<h2>What it means</h2><p>Call us.</p><h3>Who it covers</h3><p>Everyone.</p>",
        document_en=SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    commitment.summary_en = "A clearer summary."
    commitment.save()
    return {
        "commitment": commitment.slug,
        "exception": PolicyFactory(exception=True, topic=topic).slug,
        "untranslated": PolicyFactory(untranslated=True).slug,
    }


@pytest.mark.parametrize("path", PAGES)
def test_policy_page_has_no_accessibility_violations_and_stays_on_the_site(watched_page, site, policies, path):  # noqa: F811
    watched_page.goto(site.url + path.format(**policies))

    results = Axe().run(watched_page)

    assert results.violations_count == 0, results.generate_report()
    assert all(url.startswith(site.url) for url in watched_page.requests_seen), watched_page.requests_seen
    assert not [error for error in watched_page.console_errors if "Content Security Policy" in error]


@pytest.mark.parametrize(
    "path", ["/es/politicas/", "/en/policies/{commitment}/", "/es/politicas/{commitment}/historial/"]
)
def test_phone_width_has_no_sideways_scrolling(page, site, policies, path):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site.url + path.format(**policies))
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_printed_policy_keeps_the_text_and_drops_the_navigation(page, site, policies):  # noqa: F811
    page.goto(site.url + "/en/policies/{commitment}/".format(**policies))

    page.emulate_media(media="print")

    for hidden in [".site-nav", ".emergency-band", ".policy-actions", ".policy-nav", ".site-footer"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in [".policy-summary", ".policy-dates", ".policy-body", ".policy-exception", ".policy-print-source"]:
        assert page.locator(shown).first.is_visible(), shown
    assert page.locator(".policy-print-source").inner_text().startswith("Printed from https://outreach.example.org/")
    page.emulate_media(media="screen")
    assert not page.locator(".policy-print-source").is_visible()
