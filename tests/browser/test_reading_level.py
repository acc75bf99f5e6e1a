"""
The reading level is estimated again while a writer types (static/js/reading-level.js), in a plain text box and in
the rich-text editor, under the strict CSP, with no request leaving the site.
"""

import pytest

from tests.browser.test_admin_csp import admin_page, csp_problems  # noqa: F401 (the fixture)
from tests.editorial.test_readability import COMPLEX_EN, SIMPLE_EN
from tests.factories import FaqEntryFactory, PolicyFactory
from tests.helpers import admin_path

pytestmark = pytest.mark.browser


def test_the_level_follows_what_the_writer_types(admin_page, site):  # noqa: F811
    page = admin_page
    policy = PolicyFactory(summary_en=SIMPLE_EN)
    page.goto(site.url + admin_path(f"policies/policy/{policy.pk}/change/"))
    level = page.locator(".field-summary_en .reading-level")
    assert "Above the target" not in level.inner_text()
    page.fill("#id_summary_en", COMPLEX_EN)
    page.locator(".field-summary_en .reading-level--above").wait_for(timeout=5000)

    entry = FaqEntryFactory(answer_en=f"<p>{SIMPLE_EN}</p>")
    page.goto(site.url + admin_path(f"outreach/faqentry/{entry.pk}/change/"))
    assert "Above the target" not in page.locator(".field-answer_en .reading-level").inner_text()
    editor = page.locator(".field-answer_en .prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(COMPLEX_EN)
    page.locator(".field-answer_en .reading-level--above").wait_for(timeout=5000)

    assert not csp_problems(page), csp_problems(page)
    assert all(url.startswith(site.url) for url in page.requests_seen), page.requests_seen
