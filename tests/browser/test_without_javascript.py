"""
Every kind of public page reads and works with JavaScript turned off (README, "Size budgets"): the text, the
styles, the meeting image, the quick exit (a plain link), the filter and the question form.
"""

from pathlib import Path

import pytest

from tests.factories import EventFactory, FaqEntryFactory, PolicyFactory
from tests.helpers import image_upload

SITE_RED = "rgb(164, 22, 26)"  # the emergency band, drawn by static/css/main.css


@pytest.fixture
def content(site):
    return {
        "meeting": EventFactory(image=image_upload(), image_alt_en="The hall", image_alt_es="El salón"),
        "policy": PolicyFactory(key_commitment=True),
        "faq": FaqEntryFactory(),
    }


@pytest.fixture
def phone(browser, settings):
    """A phone (390 px wide, 2 device pixels per CSS pixel) with JavaScript off, shown uploaded files."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    # The live server serves static files but not uploads; in production the web server in front does.
    context.route(
        "**/media/**",
        lambda route: route.fulfill(path=Path(settings.MEDIA_ROOT, route.request.url.split(settings.MEDIA_URL, 1)[1])),
    )
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/es/",
        "/en/events/",
        "/es/eventos/{meeting}/",
        "/en/events/{meeting}/flyer/",
        "/es/politicas/{policy}/",
        "/en/faq/",
        "/es/preguntar/",
        "/en/search/?q=meeting",
    ],
)
def test_page_reads_styled_on_a_phone_without_javascript(phone, site, content, path):
    response = phone.goto(site.url + path.format(meeting=content["meeting"].slug, policy=content["policy"].slug))

    assert response.status == 200
    assert phone.locator("h1").first.is_visible()
    assert phone.locator(".emergency-band").evaluate("band => getComputedStyle(band).backgroundColor") == SITE_RED
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_quick_exit_is_a_plain_link_that_leaves_without_javascript(phone, site, settings):
    settings.QUICK_EXIT_URL = site.url + "/robots.txt"
    phone.goto(site.url + "/es/")
    phone.click("a.quick-exit")
    phone.wait_for_url(site.url + "/robots.txt")


def test_meeting_image_is_the_webp_rendition_sized_for_the_screen(phone, site, content):
    meeting = content["meeting"]
    phone.goto(site.url + f"/es/eventos/{meeting.slug}/")
    image = phone.locator("main picture img")
    image.wait_for()
    phone.wait_for_load_state("load")

    loaded = image.evaluate("img => ({src: img.currentSrc, complete: img.complete, box: img.getBoundingClientRect()})")

    # 366 CSS pixels wide at 2 device pixels each: the 960-pixel WebP, never the upload.
    assert loaded["src"] == site.url + meeting.image_webp_960.url
    assert loaded["complete"]
    assert loaded["box"]["width"] == 366
    assert abs(loaded["box"]["width"] / loaded["box"]["height"] - 16 / 9) < 0.01
    assert not [url for url in phone.requests_seen if url.endswith(meeting.image.url)]
    assert [url for url in phone.requests_seen if "/media/" in url] == [loaded["src"]]


def test_a_question_is_sent_without_javascript(phone, site, settings):
    from outreach.models import Question

    settings.ASK_MIN_SECONDS = 0
    phone.goto(site.url + "/en/ask/")
    phone.fill("textarea[name=text]", "Can I bring my children to the meeting?")
    phone.click("form.ask-form [type=submit]")
    phone.wait_for_url("**/en/ask/?sent=1")
    assert Question.objects.get().text == "Can I bring my children to the meeting?"
