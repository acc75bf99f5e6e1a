"""
Accessibility beyond the per-page axe run of test_pages.py: the admin staff work in (axe, both languages, editor
and translator), keyboard-only use of the public pages, contrast in print, and text zoomed to 200 % or a 320 px
screen (WCAG 1.4.4 and 1.4.10) losing no content or function.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import EventFactory, FaqEntryFactory, PolicyFactory, staff_in_role
from tests.helpers import admin_path

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
CONTRAST_ONLY = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
LOCALES = {"en": "en-US", "es": "es-MX"}
AXE = Axe()


def axe_violations(page, options=WCAG_A_AA):
    results = AXE.run(page, options=options)
    return results.violations_count, results.generate_report()


@pytest.fixture
def content(site):
    from outreach.models import Question

    now = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    Question.objects.create(text="¿Puedo ir a la reunión sin papeles?", language="es", created_at=now)
    Question.objects.create(text="Do you share names with immigration?", language="en", created_at=now)
    entry = FaqEntryFactory()
    return {
        "event": EventFactory(),
        "untranslated": EventFactory(untranslated=True),
        "policy": PolicyFactory(),
        "faq_entry": entry,
    }


def staff_context(browser, site, role, language):
    user = staff_in_role(role)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[language])
    page = context.new_page()
    page.goto(site.url + admin_path("login/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site.url + admin_path())
    assert page.locator("html").get_attribute("lang") == language
    return context, page


ADMIN_PAGES = {
    "change form": "events/event/{event.pk}/change/",
    "changelist": "events/event/",
    "translation queue": "translations/",
    "questions inbox": "outreach/question/?state__exact=new",
}
ROLE_PAGES = {"editor": list(ADMIN_PAGES), "translator": ["change form", "translation queue"]}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["editor", "translator"])
def test_admin_pages_staff_work_in_have_no_wcag_violations(browser, site, content, role, language):
    context, page = staff_context(browser, site, role, language)
    failures = []
    for name in ROLE_PAGES[role]:
        response = page.goto(site.url + admin_path(ADMIN_PAGES[name].format(**content)))
        assert response.status == 200, (name, response.status)
        count, report = axe_violations(page)
        if count:
            failures.append(f"{name}: {report}")
    context.close()
    assert not failures, "\n".join(failures)
