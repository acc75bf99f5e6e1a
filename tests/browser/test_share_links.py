"""
The share block in a browser: with JavaScript, "Copy link" puts the page's address on the clipboard; without it,
the address is a visible field to select by hand. Nothing is asked of a third party either way.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, FactCheckFactory


@pytest.fixture
def content(site):
    return {"meeting": EventFactory(), "fact_check": FactCheckFactory()}


@pytest.mark.parametrize(
    ("path", "copied"),
    [("/en/events/{meeting}/", "Copied"), ("/es/verificacion/{fact_check}/", "Copiado")],
)
def test_copy_link_puts_the_pages_address_on_the_clipboard(watched_page, site, content, path, copied):
    page = watched_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    path = path.format(meeting=content["meeting"].slug, fact_check=content["fact_check"].slug)
    page.goto(site.url + path)

    button = page.locator("[data-copy-button]")
    button.click()

    expect(button).to_have_text(copied)  # once the clipboard has taken it (a promise)
    address = page.evaluate("navigator.clipboard.readText()")
    assert address == f"https://outreach.example.org{path}"  # the canonical address on SITE_URL
    assert page.locator("[data-copy-source]").input_value() == address
    assert all(request.startswith(site.url) for request in page.requests_seen), page.requests_seen
    assert not page.console_errors


def test_without_javascript_the_address_is_there_to_copy_and_the_button_hidden(browser, site, content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/en/events/{content['meeting'].slug}/")

    field = page.locator("[data-copy-source]")
    assert field.is_visible()
    assert field.input_value() == f"https://outreach.example.org/en/events/{content['meeting'].slug}/"
    assert not page.locator("[data-copy-button]").is_visible()
    context.close()
