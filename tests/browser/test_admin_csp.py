"""
The admin under the strict CSP (no `unsafe-inline` anywhere), in Chromium: signing in, the date and time widgets,
the rich-text editor (typing bold text and saving it) and the changelist's collapsible filters all work, and the
browser reports no violation of the policy on the way.
"""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory, SuperuserFactory
from tests.helpers import admin_path

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"

# Runs before any script of every page (through the DevTools protocol, which the page's CSP does not govern).
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI} ${event.sample || ""}`);
});
"""


@pytest.fixture
def admin_page(watched_page, site):
    page = watched_page
    page.violations = []
    page.expose_function("reportViolation", lambda text: page.violations.append(text))
    page.add_init_script(WATCH_VIOLATIONS)
    SuperuserFactory(username="chief")
    page.goto(site.url + admin_path("login/"))
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site.url + admin_path())
    return page


def csp_problems(page):
    console = [message for message in page.console_errors if "Content Security Policy" in message]
    return page.violations + console


def test_the_admins_widgets_and_rich_text_editor_work_under_the_strict_policy(admin_page, site):
    page = admin_page
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    day = (timezone.now() + datetime.timedelta(days=7)).astimezone(zone).date()
    starts = datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=zone)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))

    page.goto(site.url + admin_path(f"events/event/{event.pk}/change/"))
    header = page.request.get(page.url).headers["content-security-policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header

    # The date widget: open the calendar beside the start date and pick the day it shows selected.
    shown = page.input_value("#id_starts_at_0")
    page.locator("#calendarlink0").click()
    calendar = page.locator("#calendarbox0")
    assert calendar.is_visible()
    page.evaluate("document.getElementById('id_starts_at_0').value = ''")  # the widget must write it back
    calendar.locator("td.selected a").click()
    assert not calendar.is_visible()
    assert page.input_value("#id_starts_at_0") == shown
    # The time widget: the clock beside the start time, "Noon".
    page.locator("#clocklink0").click()
    page.locator("#clockbox0").get_by_text("Noon").click()
    assert page.input_value("#id_starts_at_1").startswith("12:00")

    # The rich-text editor: the English description, replaced by plain and bold text typed with the keyboard.
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Bring a friend and ")
    page.keyboard.press("Control+b")
    page.keyboard.type("no papers are needed")
    page.keyboard.press("Control+b")
    assert editor.locator("strong").inner_text() == "no papers are needed"

    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").is_visible(), page.locator(".errornote, .errorlist").all_inner_texts()

    event = Event.objects.get(pk=event.pk)
    assert "<strong>no papers are needed</strong>" in event.description_en
    assert "Bring a friend and" in event.description_en
    assert event.starts_at.astimezone(zone).time() == datetime.time(12, 0)
    assert event.starts_at.astimezone(zone).date() == day

    assert not csp_problems(page), csp_problems(page)
    assert all(url.startswith(site.url) for url in page.requests_seen), page.requests_seen


def test_the_changelists_filters_collapse_and_filter_under_the_strict_policy(admin_page, site):
    page = admin_page
    EventFactory(title_en="A scheduled meeting")
    EventFactory(title_en="A cancelled meeting", cancelled=True)

    page.goto(site.url + admin_path("events/event/"))
    sidebar = page.locator("#changelist-filter")
    assert sidebar.is_visible()
    section = sidebar.locator("details").nth(2)  # by status
    assert section.get_attribute("open") is not None
    section.locator("summary").click()
    assert section.get_attribute("open") is None  # collapsed (admin/js/filters.js remembers it)
    section.locator("summary").click()
    section.locator("a", has_text="Cancelled").click()
    page.wait_for_url("**event_status__exact=cancelled**")
    assert page.locator("#result_list tbody tr").count() == 1
    assert "A cancelled meeting" in page.locator("#result_list").inner_text()

    # The navigation sidebar's toggle (admin/js/nav_sidebar.js).
    page.locator("#toggle-nav-sidebar").click()
    assert page.locator("#nav-sidebar").is_hidden()

    assert not csp_problems(page), csp_problems(page)
