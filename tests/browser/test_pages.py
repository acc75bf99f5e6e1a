import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import EventFactory
from tests.helpers import admin_path

PAGES = [
    "/en/",
    "/es/",
    "/en/events/",
    "/es/eventos/",
    "/en/events/past/",
    "/es/eventos/pasados/",
    "/en/events/{slug}/",
    "/es/eventos/{slug}/",
    "/es/eventos/{untranslated}/",
    "/en/events/{cancelled}/",
    "/es/eventos/{slug}/volante/",
    "/en/events/{heard}/",
    "/es/eventos/{heard}/",
    "/en/no-such-page/",
    "/es/no-existe/",
    "/en/faq/",
    "/es/preguntas-frecuentes/",
    "/en/faq/{faq_category}/",
    "/es/preguntas-frecuentes/{faq_category}/{faq_entry}/",
    "/en/resources/",
    "/es/recursos/",
    "/es/recursos/?category=legal-aid&language=xx",
    "/en/resources/{resource}/",
    "/es/verificacion/",
    "/en/fact-checks/{fact_check}/",
    "/en/search/?q=meeting",
    "/es/buscar/?q=reunion",
    "/en/ask/",
    "/es/preguntar/",
    "/es/privacidad/",
]


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["/es/", "/en/"])
def test_every_menu_destination_is_in_sight_on_a_phone_without_scrolling_sideways(page, site, path, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site.url + path)
    page.locator(".site-menu__button").click()
    menu = page.locator(".site-nav .nav")
    assert menu.evaluate("menu => menu.scrollWidth - menu.clientWidth") <= 0
    boxes = [link.bounding_box() for link in page.locator(".site-nav .nav-link").all()]
    assert len(boxes) >= 5
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes), boxes


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["/es/", "/en/ask/"])
def test_phone_numbers_never_break_across_lines(page, site, path, width):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(site.url + path)
    # Each number's link is one line: its height is that of one line of its own text.
    heights = page.eval_on_selector_all(
        'a[href^="tel:"]',
        "links => links.map(link => [link.textContent, link.getClientRects().length])",
    )
    shown = [(text, rects) for text, rects in heights if rects]  # a number hidden at this width has no box
    assert shown, "the page shows phone numbers"
    assert all(rects == 1 for _text, rects in shown), heights


@pytest.fixture
def meetings(site):
    from tests.factories import AlertFactory, FactCheckFactory, FaqEntryFactory, ResourceFactory

    AlertFactory()
    entry = FaqEntryFactory()
    return {
        "slug": EventFactory().slug,
        "untranslated": EventFactory(untranslated=True).slug,
        "cancelled": EventFactory(cancelled=True).slug,
        # A past meeting with its "what we heard" notes, in English only (the Spanish page shows the fallback).
        "heard": EventFactory(heard=True, heard_notes_es="").slug,
        "faq_category": entry.category.slug,
        "faq_entry": entry.slug,
        "resource": ResourceFactory().slug,
        "fact_check": FactCheckFactory().slug,
    }


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations_and_stays_on_the_site(watched_page, site, meetings, path):
    watched_page.goto(site.url + path.format(**meetings))

    results = Axe().run(watched_page)

    assert results.violations_count == 0, results.generate_report()
    assert all(url.startswith(site.url) for url in watched_page.requests_seen), watched_page.requests_seen
    csp_errors = [error for error in watched_page.console_errors if "Content Security Policy" in error]
    assert not csp_errors


@pytest.mark.parametrize("path", ["/en/events/{slug}/", "/es/eventos/"])
def test_phone_width_has_no_sideways_scrolling(page, site, meetings, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site.url + path.format(**meetings))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_keyboard_user_reaches_skip_link_then_quick_exit(page, site):
    page.goto(site.url + "/en/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Tab")
    assert page.locator("a.quick-exit").evaluate("element => element === document.activeElement")
    outline = page.locator("a.quick-exit").evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"


def test_skip_link_moves_focus_to_the_main_content(page, site):
    page.goto(site.url + "/es/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_quick_exit_leaves_without_adding_a_history_entry(page, site, settings):
    settings.QUICK_EXIT_URL = site.url + "/robots.txt"
    page.goto(site.url + "/en/")
    page.goto(site.url + "/en/events/")
    length_before = page.evaluate("history.length")
    page.click("a.quick-exit")
    page.wait_for_url(site.url + "/robots.txt")
    assert page.evaluate("history.length") == length_before
    page.go_back()
    assert page.url == site.url + "/en/"


def test_language_switcher_opens_the_same_meeting_in_spanish(page, site, meetings):
    page.goto(site.url + f"/en/events/{meetings['slug']}/")
    page.click("nav.language-switcher a[hreflang=es]")
    assert page.url == site.url + f"/es/eventos/{meetings['slug']}/"
    assert page.locator("html").get_attribute("lang") == "es"


def test_filter_works_without_javascript(browser, site, meetings):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/es/eventos/")
    page.select_option("select[name=city]", "Dallas")
    page.click("form.event-filter button[type=submit], form.event-filter input[type=submit]")
    assert "city=Dallas" in page.url
    assert page.locator(".event-card").count() == 3
    context.close()


def test_meeting_prints_without_navigation(page, site, meetings):
    page.goto(site.url + f"/en/events/{meetings['slug']}/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".emergency-band").is_visible()
    assert page.locator("h1").is_visible()


def test_admin_rich_text_editor_loads_under_the_content_security_policy(watched_page, site, admin_user):
    page = watched_page
    event = EventFactory()
    page.goto(site.url + admin_path("login/"))
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(site.url + admin_path(f"events/event/{event.pk}/change/"))
    editors = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editors.first.wait_for()
    assert editors.count() == 4  # description and "what we heard", in English and in Spanish
    assert not page.console_errors, page.console_errors
    assert all(url.startswith(site.url) for url in page.requests_seen)


def test_resident_asks_a_question_with_the_keyboard_only(page, site, settings):
    from outreach.models import Question

    settings.ASK_MIN_SECONDS = 0
    page.goto(site.url + "/es/preguntar/")
    page.focus("textarea[name=text]")
    page.keyboard.type("¿Puedo llevar a mis hijos a la reunión?")
    page.keyboard.press("Tab")  # the topic
    page.keyboard.press("Tab")  # the honeypot is skipped: next stop is the button
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/es/preguntar/?sent=1")
    assert page.locator(".ask-sent").is_visible()
    assert Question.objects.get().text == "¿Puedo llevar a mis hijos a la reunión?"


@pytest.mark.parametrize(
    ("path", "anchor", "lands_on"),
    [
        ("/en/faq/", "faq-{entry.pk}", "/en/faq/{entry.category.slug}/{entry.slug}/"),
        ("/es/recursos/?category=legal-aid", "resource-{resource.pk}", "/es/recursos/{resource.slug}/"),
        ("/es/verificacion/", "fact-check-{old_fact_check.pk}", "/es/verificacion/{old_fact_check.slug}/"),
    ],
)
def test_a_link_to_an_anchor_on_an_old_long_list_lands_on_the_item_page(page, site, path, anchor, lands_on):
    import datetime

    from tests.factories import FactCheckFactory, FaqEntryFactory, ResourceFactory

    # Each after a full page of others: no longer on the list's first page.
    items = {
        "entry": FaqEntryFactory(),
        "resource": ResourceFactory(order=99),
        "old_fact_check": FactCheckFactory(published_on=datetime.date(2020, 1, 1)),
    }
    ResourceFactory.create_batch(20, order=1)
    FactCheckFactory.create_batch(20)

    page.goto(f"{site.url}{path}#{anchor.format(**items)}")

    page.wait_for_url(f"{site.url}{lands_on.format(**items)}")


def test_an_anchor_that_is_on_the_list_stays_there(page, site):
    from tests.factories import FactCheckFactory

    fact_check = FactCheckFactory()
    page.goto(f"{site.url}/en/fact-checks/#fact-check-{fact_check.pk}")
    page.wait_for_load_state("load")
    assert page.url == f"{site.url}/en/fact-checks/#fact-check-{fact_check.pk}"
