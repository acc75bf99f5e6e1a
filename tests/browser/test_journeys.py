"""
Whole journeys in a real browser, as residents, an editor and a translator make them: each crosses several pages
and forms, so a break between two pages (a link, a redirect, a form's target) fails here even when every page
passes on its own. The residents' journeys and the quick exit run with JavaScript on and off: the site must work
without it.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, FaqEntryFactory, VenueFactory, in_days, staff_in_role
from tests.helpers import admin_path

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])


@pytest.fixture
def new_context(browser):
    """Browser contexts made on demand (a phone, a second visitor), closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def log_in(page, site, user):
    page.goto(site.url + admin_path("login/"))
    page.get_by_label(re.compile("username", re.I)).fill(user.username)
    page.get_by_label(re.compile("password", re.I)).fill("correct horse battery staple")
    page.locator("input[type=submit]").click()
    page.wait_for_url(site.url + admin_path())


def unfolded(line):
    return line.replace("\r\n ", "").replace("\n ", "")


@JAVASCRIPT
def test_resident_on_a_phone_lands_in_spanish_finds_the_next_meeting_saves_it_and_reads_it_in_english(
    new_context, site, javascript
):
    meeting = EventFactory(
        starts_at=in_days(2), title_en="Meeting with the chief", title_es="Reunión con la jefa de policía"
    )
    EventFactory(starts_at=in_days(9))
    context = new_context(
        **PHONE,
        locale="es-MX",
        extra_http_headers={"Accept-Language": "es-MX,es;q=0.9"},
        java_script_enabled=javascript,
        accept_downloads=True,
    )
    page = context.new_page()

    page.goto(site.url + "/")
    page.wait_for_url(site.url + "/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("link", name="Reunión con la jefa de policía").first.click()
    page.wait_for_url(f"{site.url}/es/eventos/{meeting.slug}/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Apple, Outlook y otros calendarios (.ics)").click()
    calendar = unfolded(download_info.value.path().read_text(encoding="utf-8"))
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Reunión con la jefa de policía" in calendar

    page.locator("nav.language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site.url}/en/events/{meeting.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Meeting with the chief"


@JAVASCRIPT
def test_resident_searches_reads_an_answer_and_asks_their_own_question(new_context, site, settings, javascript):
    from outreach.models import Question

    settings.ASK_MIN_SECONDS = 0
    FaqEntryFactory(
        question_en="Do officers ask about immigration status?",
        question_es="¿Los agentes preguntan por el estatus migratorio?",
        answer_en="<p>No. Officers do not ask about immigration status.</p>",
        answer_es="<p>No. Los agentes no preguntan por el estatus migratorio.</p>",
    )
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(site.url + "/en/")

    page.get_by_role("search").get_by_label("Search the site").fill("immigration status")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/en/search/\?q=immigration"))
    page.locator("main").get_by_role("link", name="Do officers ask about immigration status?").click()
    page.wait_for_url(re.compile(r"/en/faq/[^/]+/[^/]+/$"))
    assert "Officers do not ask about immigration status." in page.locator("main").inner_text()

    page.get_by_role("link", name="Ask your own question, without giving your name").click()
    page.wait_for_url(site.url + "/en/ask/")
    page.locator("textarea[name=text]").fill("Can I bring my children to the meeting?")
    page.locator("main form").get_by_role("button").click()
    page.wait_for_url(site.url + "/en/ask/?sent=1")
    assert page.locator(".ask-sent").is_visible()
    assert Question.objects.get().text == "Can I bring my children to the meeting?"


@JAVASCRIPT
def test_quick_exit_works_from_the_keyboard(new_context, site, settings, javascript):
    settings.QUICK_EXIT_URL = site.url + "/robots.txt"
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(site.url + "/es/")

    for _stop in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('quick-exit')"):
            break
    else:
        pytest.fail("Quick exit is not among the first stops of the keyboard")
    page.keyboard.press("Enter")

    page.wait_for_url(site.url + "/robots.txt")


def small_png(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 500), (40, 90, 160))
    ImageDraw.Draw(image).ellipse([200, 100, 600, 400], fill=(240, 200, 60))
    path = tmp_path / "hall.png"
    image.save(path)
    return path


def type_rich_text(page, fieldset_name, text):
    """Type into the ProseMirror editor of the rich-text field of one language's fieldset."""
    editor = page.locator("fieldset", has=page.get_by_role("heading", name=fieldset_name)).locator(
        ".ProseMirror[contenteditable=true]"
    )
    editor.click()
    page.keyboard.type(text)


# The editor's journey runs with JavaScript only: the description is a rich-text editor (django-prose-editor),
# which is JavaScript; the site's public pages are what must work without it, and the residents' journeys do.
def test_editor_creates_previews_publishes_and_cancels_a_meeting(new_context, site, tmp_path):
    from events.models import Event

    editor = staff_in_role("editor")
    VenueFactory(name_en="Lakeside library", name_es="Biblioteca del lago")
    page = new_context().new_page()
    log_in(page, site, editor)

    page.goto(site.url + admin_path("events/event/add/"))
    page.locator("#id_title_en").fill("Safety walk in Oak Cliff")
    page.locator("#id_title_es").fill("Caminata de seguridad en Oak Cliff")
    page.locator("#id_summary_en").fill("Walk the neighborhood with officers.")
    page.locator("#id_summary_es").fill("Recorra el barrio con los agentes.")
    type_rich_text(page, "English", "Meet at the library door.")
    type_rich_text(page, "Español", "Nos vemos en la puerta de la biblioteca.")
    page.locator("#id_image_alt_en").fill("The library")
    page.locator("#id_image_alt_es").fill("La biblioteca")
    page.locator("#id_image").set_input_files(small_png(tmp_path))
    starts = in_days(5)
    page.locator("#id_starts_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_starts_at_1").fill("18:00:00")
    page.locator("#id_ends_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_ends_at_1").fill("20:00:00")
    page.locator("#id_venue + .select2").click()
    page.locator(".select2-search__field").fill("Lakeside")
    page.locator(".select2-results__option", has_text="Lakeside library").click()
    page.locator("#id_status").select_option("draft")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(re.compile(r"/events/event/\d+/change/"))

    meeting = Event.objects.get(slug="safety-walk-in-oak-cliff")
    assert meeting.image and "biblioteca" in meeting.description_es
    public_path = f"/en/events/{meeting.slug}/"
    page.get_by_role("link", name="View on site").click()
    page.wait_for_url(site.url + public_path)
    assert page.get_by_text("Draft preview").is_visible()
    assert page.get_by_text("Meet at the library door.").is_visible()
    assert page.locator("main img[alt='The library']").count() == 1
    anonymous = new_context().new_page()
    assert anonymous.goto(site.url + public_path).status == 404

    page.goto(site.url + admin_path("events/event/"))
    page.locator("tr", has_text="Safety walk in Oak Cliff").locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1 item published.")
    anonymous.goto(site.url + "/en/events/")
    assert anonymous.get_by_role("link", name="Safety walk in Oak Cliff").first.is_visible()
    calendar_url = site.url + f"/es/eventos/{meeting.slug}/calendar.ics"
    assert "STATUS:CONFIRMED" in anonymous.request.get(calendar_url).text()

    page.locator("tr", has_text="Safety walk in Oak Cliff").locator("input.action-select").check()
    page.locator("select[name=action]").select_option("cancel")
    page.locator("button[name=index]").click()
    page.locator("form.call-off-form").wait_for()
    page.locator("textarea[name=note_en]").fill("The library is closed for repairs.")
    page.locator("textarea[name=note_es]").fill("La biblioteca está cerrada por reparaciones.")
    page.get_by_role("button", name="Cancel the meetings").click()
    expect(page.locator(".messagelist")).to_contain_text("1 meeting cancelled.")

    anonymous.goto(site.url + f"/es/eventos/{meeting.slug}/")
    banner = anonymous.locator(".status-banner")
    assert "Esta reunión está cancelada." in banner.inner_text()
    assert "La biblioteca está cerrada por reparaciones." in banner.inner_text()
    assert "STATUS:CANCELLED" in anonymous.request.get(calendar_url).text()


def test_translator_translates_an_outdated_item_from_the_queue_and_it_leaves_the_queue(new_context, site):
    from editorial.models import TranslationStatus

    meeting = EventFactory(summary_en="Meet us at the church hall.")
    meeting.summary_en = "Meet us at the school gym."
    meeting.save()
    assert meeting.translation_status == TranslationStatus.OUTDATED
    translator = staff_in_role("translator")
    page = new_context().new_page()
    log_in(page, site, translator)

    page.goto(site.url + admin_path("translations/"))
    queue = page.locator("#translation-queue")
    queue.get_by_role("link", name=str(meeting)).click()
    page.wait_for_url(re.compile(rf"/events/event/{meeting.pk}/change/"))
    expect(page.locator(".source-changes ins")).to_contain_text("school gym.")  # what changed in the English
    page.locator("#id_summary_es").fill("Nos vemos en el gimnasio de la escuela.")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/events/event/$"))

    page.goto(site.url + admin_path("translations/"))
    assert page.locator("#translation-queue").get_by_role("link", name=str(meeting)).count() == 0
    meeting.refresh_from_db()
    assert meeting.summary_es == "Nos vemos en el gimnasio de la escuela."
    assert meeting.translation_status == TranslationStatus.COMPLETE
