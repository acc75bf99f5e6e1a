"""
What a resident came for is on a phone's first screen (issue 11): the header takes at most a quarter of it, and the
home page shows that calling 911 is safe, the warrant exception and the next meeting; a meeting's page shows its
status, when and where. Measured in Chromium by where the elements are, on the demo content, in both languages.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from events.models import Event, EventStatus

# A common phone (390 × 844) and the narrowest one in use, at the same proportions.
SCREENS = [(390, 844), (320, 692)]
LANGUAGES = ["en", "es"]


@pytest.fixture
def demo(live_server, transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return live_server


def bottom(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] + box["height"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_header_takes_at_most_a_quarter_of_a_phone_screen_and_keeps_the_emergency_band(
    page, demo, language, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{demo.url}/{language}/")
    assert bottom(page, "header.site-header") <= height / 4
    assert page.locator(".emergency-band a[href='tel:911']").is_visible()
    assert page.locator(".emergency-band .quick-exit").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_home_page_answers_the_resident_on_the_first_screen(page, demo, language, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{demo.url}/{language}/")
    for selector in [".emergency-numbers", ".first-answer--exception", ".first-answer--meeting"]:
        assert bottom(page, selector) <= height, f"{selector} is below the first screen"
    meeting = page.locator(".first-answer--meeting")
    assert meeting.locator("a").first.get_attribute("href").startswith(f"/{language}/")
    assert meeting.locator("time").is_visible()
    exception = page.locator(".first-answer--exception a")
    assert exception.is_visible() and "/" in exception.get_attribute("href")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_meeting_page_shows_its_status_when_and_where_on_the_first_screen(page, demo, language, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{demo.url}/{language}/")
    page.locator(".first-answer--meeting a").first.click()
    assert bottom(page, ".event-essentials") <= height
    summary = page.locator(".event-detail .lead").bounding_box()
    assert summary["y"] >= bottom(page, ".event-essentials"), "when and where come before the description"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cancelled_meeting_says_so_before_when_and_where(page, demo, language):
    cancelled = Event.objects.published().upcoming().filter(event_status=EventStatus.CANCELLED).first()
    with translation.override(language):
        address = cancelled.get_absolute_url()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo.url + address)
    banner = page.locator(".status-banner--cancelled").bounding_box()
    assert banner["y"] < page.locator(".event-essentials").bounding_box()["y"]
    assert bottom(page, ".event-essentials") <= 844


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_menu_opens_without_javascript_and_every_destination_fits(browser, demo, language):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 692})
    page = context.new_page()
    page.goto(f"{demo.url}/{language}/")
    links = page.locator(".site-nav .nav-link")
    assert not links.first.is_visible(), "closed: one short line"
    page.locator(".site-menu__button").click()
    assert links.count() >= 7
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert links.nth(index).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.locator(".site-nav input[type=search]").is_visible()
    context.close()


def test_on_a_wide_screen_the_menu_shows_without_a_button(page, demo):
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{demo.url}/en/")
    assert not page.locator(".site-menu__button").is_visible()
    assert page.locator(".site-nav .nav-link").last.is_visible()
    assert page.locator(".site-nav input[type=search]").is_visible()
