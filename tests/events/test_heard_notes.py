"""
"What we heard": the questions residents asked at a meeting and the answers given, written after it, per language,
and published apart from the meeting (whose page is public long before).
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from editorial import pagecache
from editorial.models import TranslationStatus
from events import services
from events.models import Event
from tests.factories import EventFactory, SuperuserFactory, VenueFactory, in_days, staff_in_role
from tests.helpers import admin_path, form_data, html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

PAGE = {"en": "/en/events/{slug}/", "es": "/es/eventos/{slug}/"}
PAST = {"en": "/en/events/past/", "es": "/es/eventos/pasados/"}
HEADING = {"en": "What we heard", "es": "Lo que escuchamos"}
QUESTION = {"en": "Can I bring my children?", "es": "¿Puedo llevar a mis hijos?"}
NOT_IN_SPANISH = "aún no están disponibles en español"


def page(client, event, language):
    return html(client.get(PAGE[language].format(slug=event.slug)))


def notes_section(client, event, language):
    return page(client, event, language).select_one("#what-we-heard")


def change_url(event):
    return admin_path(f"events/event/{event.pk}/change/")


@pytest.fixture
def editor():
    browser = Client()
    browser.force_login(staff_in_role("editor"))
    return browser


@pytest.fixture
def translator():
    browser = Client()
    browser.force_login(staff_in_role("translator"))
    return browser


# --- The meeting's page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_past_meeting_shows_its_published_notes_with_heading_and_date(client, language):
    event = EventFactory(heard=True)
    section = notes_section(client, event, language)
    assert section.find("h2").get_text(strip=True) == HEADING[language]
    assert section.find("h3").get_text(strip=True) == QUESTION[language]
    published = section.select_one(".heard-notes__date time")
    assert published["datetime"] == timezone.localtime(event.heard_notes_published_at).isoformat()
    assert not section.select_one("[lang]")
    assert page(client, event, language).select_one(".fallback-notice") is None


@pytest.mark.parametrize(
    ("language", "date"),
    [("en", "Notes published on Friday, March 7, 2025"), ("es", "Notas publicadas el viernes 7 de marzo de 2025")],
)
def test_the_publication_date_reads_in_the_language_of_the_page(client, language, date):
    starts = timezone.make_aware(datetime.datetime(2025, 3, 6, 19, 0))
    event = EventFactory(
        heard=True,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        heard_notes_published_at=timezone.make_aware(datetime.datetime(2025, 3, 7, 10, 0)),
    )
    assert notes_section(client, event, language).select_one(".heard-notes__date").get_text(" ", strip=True) == date


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_past_meeting_banner_links_to_the_notes(client, language):
    event = EventFactory(heard=True)
    banner = page(client, event, language).select_one(".status-banner--past")
    assert banner.find("a", href="#what-we-heard")


@pytest.mark.parametrize("language", ["en", "es"])
def test_draft_notes_are_not_shown_anywhere_on_the_page(client, language):
    event = EventFactory(heard=True, heard_notes_published_at=None, heard_notes_es="")
    shown = page(client, event, language)
    assert shown.select_one("#what-we-heard") is None
    assert QUESTION["en"] not in shown.get_text()
    assert not shown.select_one(".status-banner--past a")
    # Their missing Spanish is not part of the page, so the page does not say anything is missing.
    assert shown.select_one(".fallback-notice") is None


def test_a_draft_change_to_translated_notes_does_not_mark_the_page_outdated(client):
    event = EventFactory(heard=True, heard_notes_published_at=None)
    event.heard_notes_en = "<h3>Can I bring my children?</h3><p>Yes, and there is childcare.</p>"
    event.save()
    assert event.translation_status == TranslationStatus.OUTDATED
    assert page(client, event, "es").select_one(".outdated-notice") is None
    # Once published, the same change is the page's, and the Spanish page says its translation may be behind.
    Event.objects.filter(pk=event.pk).update(heard_notes_published_at=in_days(-6))
    assert page(client, event, "es").select_one(".outdated-notice") is not None


def test_notes_dated_before_the_meeting_ended_are_not_shown(client):
    event = EventFactory(heard=True, heard_notes_published_at=in_days(-8))
    assert notes_section(client, event, "en") is None


@pytest.mark.parametrize("trait", [{"cancelled": True}, {"event_status": "postponed"}])
def test_a_meeting_called_off_shows_no_notes(client, trait):
    event = EventFactory(heard=True, **trait)
    assert notes_section(client, event, "en") is None


def test_notes_missing_in_spanish_fall_back_to_english_marked_and_noted(client):
    event = EventFactory(heard=True, heard_notes_es="")
    shown = page(client, event, "es")
    notes = shown.select_one("#what-we-heard .rich-text")
    assert notes["lang"] == "en" and notes.has_attr("data-fallback")
    assert QUESTION["en"] in notes.get_text()
    assert shown.find("h2", id="what-we-heard-heading").get_text(strip=True) == "Lo que escuchamos"
    assert NOT_IN_SPANISH in shown.select_one(".fallback-notice").get_text()
    assert page(client, event, "en").select_one(".fallback-notice") is None


def test_the_meeting_page_runs_no_more_queries_with_notes(client):
    plain = EventFactory(starts_at=in_days(-7))
    with_notes = EventFactory(heard=True)
    assert queries_for(client, with_notes.get_absolute_url()) == queries_for(client, plain.get_absolute_url()) <= 3


# --- The past meetings list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_past_list_marks_and_links_the_meetings_with_notes(client, language):
    heard = EventFactory(heard=True, title_en="Heard", title_es="Escuchada")
    EventFactory(starts_at=in_days(-3), title_en="Not written up", title_es="Sin notas")
    EventFactory(
        heard=True, heard_notes_published_at=None, starts_at=in_days(-4), title_en="Draft", title_es="Borrador"
    )
    listing = html(client.get(PAST[language]))
    links = listing.select(".event-card__heard a")
    assert [link["href"] for link in links] == [PAGE[language].format(slug=heard.slug) + "#what-we-heard"]
    assert links[0].get_text(" ", strip=True).startswith(HEADING[language])
    assert {"en": "Heard", "es": "Escuchada"}[language] in links[0].get_text()


def test_the_past_list_runs_the_same_queries_for_5_and_200_meetings_with_notes(client):
    venues = VenueFactory.create_batch(3)
    EventFactory.create_batch(5, heard=True, venue=venues[0])
    few = queries_for(client, PAST["es"])
    published = timezone.now() - datetime.timedelta(hours=1)
    Event.objects.bulk_create(
        Event(
            title_en=f"Bulk {number}",
            title_es=f"Masiva {number}",
            slug=f"bulk-heard-{number}",
            summary_en="A meeting.",
            summary_es="Una reunión.",
            starts_at=in_days(-(number % 60) - 2),
            ends_at=in_days(-(number % 60) - 2) + datetime.timedelta(hours=2),
            venue=venues[number % 3],
            languages=["es"],
            status="published",
            heard_notes_en="<p>A question and its answer.</p>",
            heard_notes_es="<p>Una pregunta y su respuesta.</p>",
            heard_notes_published_at=published,
        )
        for number in range(195)
    )
    many = queries_for(client, PAST["es"])
    assert few == many <= 7


# --- The admin ----------------------------------------------------------------------------------------------------


def test_the_change_form_has_a_what_we_heard_fieldset_per_language_and_the_publish_box(editor):
    event = EventFactory(heard=True)
    shown = html(editor.get(change_url(event)))
    legends = [heading.get_text(strip=True) for heading in shown.select("fieldset h2, fieldset legend")]
    assert "What we heard: English" in legends and "What we heard: Español" in legends
    assert legends.index("What we heard: publishing") < legends.index("Publishing")
    english, spanish = shown.select("fieldset.heard-notes")
    assert english.find("textarea", attrs={"name": "heard_notes_en"})
    assert spanish.find("textarea", attrs={"name": "heard_notes_es"})
    # The first fieldset of each language keeps what the meeting is, not the notes.
    assert not shown.select_one("fieldset.translation [name=heard_notes_en]")
    assert shown.find("input", attrs={"name": "publish_heard_notes", "checked": True})


def test_a_new_meeting_has_no_notes_to_write(editor):
    shown = html(editor.get(admin_path("events/event/add/")))
    assert not shown.find(attrs={"name": "heard_notes_en"})
    assert not shown.find(attrs={"name": "publish_heard_notes"})


def test_an_editor_drafts_then_publishes_the_notes_and_the_public_sees_them_in_both_languages(editor, client):
    event = EventFactory(starts_at=in_days(-2))
    data = form_data(editor.get(change_url(event)))
    data["heard_notes_en"] = "<h3>Will police ask my status if I report a crime?</h3><p>No.</p>"
    data["heard_notes_es"] = "<h3>¿La policía me preguntará por mi estatus si denuncio un delito?</h3><p>No.</p>"
    assert editor.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.heard_notes_published_at is None
    assert notes_section(client, event, "en") is None

    data = form_data(editor.get(change_url(event)))
    data["publish_heard_notes"] = ["on"]
    before = timezone.now()
    assert editor.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert before <= event.heard_notes_published_at <= timezone.now()
    assert "ask my status" in notes_section(client, event, "en").get_text()
    assert "preguntará por mi estatus" in notes_section(client, event, "es").get_text()

    # Saved again, the notes keep their first date; unticked, they are taken down.
    first = event.heard_notes_published_at
    assert editor.post(change_url(event), form_data(editor.get(change_url(event)))).status_code == 302
    event.refresh_from_db()
    assert event.heard_notes_published_at == first
    data = form_data(editor.get(change_url(event)))
    data.pop("publish_heard_notes")
    assert editor.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.heard_notes_published_at is None
    assert notes_section(client, event, "en") is None


@pytest.mark.parametrize(
    ("event_kwargs", "notes", "message"),
    [
        ({"starts_at": in_days(3)}, "<p>Too soon.</p>", "Publish the notes once the meeting has ended."),
        ({"starts_at": in_days(-3), "cancelled": True}, "<p>No meeting.</p>", "no notes to publish"),
        ({"starts_at": in_days(-3)}, "<p></p>", "Write the notes in English before publishing them."),
    ],
)
def test_notes_cannot_be_published_too_early_on_a_cancelled_meeting_or_empty(editor, event_kwargs, notes, message):
    event = EventFactory(**event_kwargs)
    data = form_data(editor.get(change_url(event)))
    data["heard_notes_en"] = notes
    data["publish_heard_notes"] = ["on"]
    response = editor.post(change_url(event), data)
    assert response.status_code == 200
    assert message in html(response).select_one(".field-publish_heard_notes .errorlist").get_text()
    event.refresh_from_db()
    assert event.heard_notes_published_at is None


def test_the_changelist_says_which_meetings_have_notes_and_whether_they_are_published(editor):
    EventFactory(heard=True)
    EventFactory(heard=True, heard_notes_published_at=None)
    shown = html(editor.get(admin_path("events/event/")))
    badges = {badge.get_text(strip=True) for badge in shown.select(".status-badge")}
    assert {"Notes published", "Notes not published"} <= badges


def test_a_translator_edits_only_the_spanish_notes_and_cannot_publish(translator, client):
    event = EventFactory(heard=True, heard_notes_published_at=None, heard_notes_es="")
    shown_form = translator.get(change_url(event))
    shown = html(shown_form)
    assert shown.find("textarea", attrs={"name": "heard_notes_es"})
    assert not shown.find(attrs={"name": "heard_notes_en"})
    assert not shown.find(attrs={"name": "publish_heard_notes"})
    assert QUESTION["en"] in shown.select_one(".field-heard_notes_en_display").get_text()

    data = form_data(shown_form)
    data["heard_notes_es"] = "<h3>¿Puedo llevar a mis hijos?</h3><p>Sí.</p>"
    data["heard_notes_en"] = "<p>Forged English.</p>"  # not in the form: ignored
    data["publish_heard_notes"] = ["on"]  # not in the form: ignored
    assert translator.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.heard_notes_es == "<h3>¿Puedo llevar a mis hijos?</h3><p>Sí.</p>"
    assert event.heard_notes_en == "<h3>Can I bring my children?</h3><p>Yes, children are welcome.</p>"
    assert event.heard_notes_published_at is None
    assert notes_section(client, event, "es") is None


def test_a_translator_saving_the_spanish_notes_keeps_them_published(translator):
    event = EventFactory(heard=True, heard_notes_es="")
    published = event.heard_notes_published_at
    data = form_data(translator.get(change_url(event)))
    data["heard_notes_es"] = "<p>Sí.</p>"
    assert translator.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.heard_notes_published_at == published
    assert event.translation_status == TranslationStatus.COMPLETE


def test_english_notes_without_spanish_make_the_translation_missing():
    event = EventFactory(heard_notes_en="<p>A question.</p>")
    assert event.translation_status == TranslationStatus.MISSING
    assert [field for field, _old, _new in event.source_changes("es")] == []
    assert "heard_notes" in event.fallback_fields("es")


# --- Series: notes belong to one occurrence -----------------------------------------------------------------------


def test_copies_and_series_changes_never_carry_a_meetings_notes():
    event = EventFactory(heard=True)
    copies, _skipped = services.repeat_weekly(event, timezone.localdate() + datetime.timedelta(days=21))
    duplicate = services.duplicate_event(event)
    for copy in [*copies, duplicate]:
        assert copy.heard_notes_en == copy.heard_notes_es == ""
        assert copy.heard_notes_published_at is None
    event.title_en = "Renamed"
    event.heard_notes_en = "<p>Changed notes.</p>"
    event.save()
    changed = services.change_series(event, ["title_en", "heard_notes_en", "heard_notes_es"])
    assert changed
    for copy in Event.objects.filter(pk__in=[copy.pk for copy in changed]):
        assert copy.title_en == "Renamed"
        assert copy.heard_notes_en == ""


# --- The page cache -----------------------------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "heard-notes-tests"},
    }
    pagecache.page_cache().clear()


@pytest.mark.parametrize("language", ["en", "es"])
def test_notes_published_in_the_admin_show_on_the_next_request_of_a_cached_page(client, page_cache, language):
    event = EventFactory(heard=True, heard_notes_published_at=None)
    url = PAGE[language].format(slug=event.slug)
    client.get(url)
    assert client.get(url)[pagecache.STATUS_HEADER] == "hit"
    editor = Client()
    editor.force_login(SuperuserFactory())
    data = form_data(editor.get(change_url(event)))
    data["publish_heard_notes"] = ["on"]
    assert editor.post(change_url(event), data).status_code == 302
    response = client.get(url)
    assert response[pagecache.STATUS_HEADER] == "miss"
    assert html(response).select_one("#what-we-heard h3").get_text(strip=True) == QUESTION[language]
    assert html(client.get(PAST[language])).select_one(".event-card__heard a")


# --- The demo -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_has_one_past_meeting_with_notes_in_both_languages(client, language):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
    heard = [event for event in Event.objects.published().past() if event.heard_notes_are_public]
    assert len(heard) == 1
    section = notes_section(client, heard[0], language)
    questions = [h3.get_text(strip=True) for h3 in section.select("h3")]
    expected = {
        "en": [
            "Will police ask my immigration status if I report a crime?",
            "Can I bring my children to the meetings?",
        ],
        "es": [
            "¿La policía me preguntará por mi estatus migratorio si denuncio un delito?",
            "¿Puedo llevar a mis hijos a las reuniones?",
        ],
    }[language]
    assert set(expected) <= set(questions)
    assert not section.select("[lang]")
    text = section.get_text(" ")
    assert {"en": "outstanding criminal warrant", "es": "orden de arresto penal pendiente"}[language] in text
    assert "example.org" in text and "555-0100" in text
