"""A reader answers "Was this page helpful?" in a real browser, with JavaScript off: counted, thanked, no cookie."""

import pytest

from editorial.models import HelpfulCount
from tests.factories import PolicyFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reader_answers_with_javascript_off_and_gets_no_cookie(browser, site, settings, language):
    settings.SITE_URL = site.url  # the browser's Origin is the live server's address
    policy = PolicyFactory(title_en="Calling 911", title_es="Llamar al 911")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    path = {"en": f"/en/policies/{policy.slug}/", "es": f"/es/politicas/{policy.slug}/"}[language]
    page.goto(site.url + path)
    page.locator("form.helpful button[value=no]").click()
    page.wait_for_load_state()
    assert page.locator(".helpful-thanks").is_visible()
    assert {"en": "Thank you", "es": "Gracias"}[language] in page.locator("h1").inner_text()
    page.locator(".helpful-thanks a", has_text={"en": "Calling 911", "es": "Llamar al 911"}[language]).click()
    page.wait_for_url(site.url + path)
    assert context.cookies() == []
    row = HelpfulCount.objects.get()
    assert (row.object_id, row.language, row.yes, row.no) == (policy.pk, language, 0, 1)
    context.close()
