"""Search and a meeting's "what we heard" notes: found once published, never while they are a draft."""

import pytest
from django.core.management import call_command
from django.test import Client

from outreach.models import SearchText
from tests.factories import EventFactory, SuperuserFactory, in_days
from tests.helpers import admin_path, form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

SEARCH = {"en": "/en/search/", "es": "/es/buscar/"}
# Words that are only in the notes, never in the meeting's title, summary, description or host.
NOTES = {
    "en": "<h3>Is interpretation offered?</h3><p>Yes: an interpreter in Vietnamese can be booked.</p>",
    "es": "<h3>¿Hay interpretación?</h3><p>Sí: se puede reservar un intérprete de vietnamita.</p>",
}
QUERY = {"en": "interpreter Vietnamese", "es": "intérprete vietnamita"}


def found(client, language, query=None):
    response = client.get(SEARCH[language], {"q": query or QUERY[language]})
    return [a.get_text(strip=True) for a in html(response).select(".search-result h3 a")]


def publish_notes(event):
    editor = Client()
    editor.force_login(SuperuserFactory())
    change = admin_path(f"events/event/{event.pk}/change/")
    data = form_data(editor.get(change))
    data["publish_heard_notes"] = ["on"]
    assert editor.post(change, data).status_code == 302


@pytest.mark.parametrize("language", ["en", "es"])
def test_notes_are_found_only_once_published(client, language):
    event = EventFactory(
        starts_at=in_days(-5), title_en="Know your rights", title_es="Conozca sus derechos", heard_notes_en=NOTES["en"]
    )
    event.heard_notes_es = NOTES["es"]
    event.save()
    assert found(client, language) == []
    # Not in the index at all, so no snippet or ranking can give them away either.
    assert not SearchText.objects.filter(body__icontains="vietnam").exists()

    publish_notes(event)

    assert found(client, language) == [{"en": "Know your rights", "es": "Conozca sus derechos"}[language]]
    snippet = html(client.get(SEARCH[language], {"q": QUERY[language]})).select_one(".search-result")
    assert snippet.find("mark")


def test_notes_taken_down_leave_the_index(client):
    event = EventFactory(heard=True, title_en="Know your rights")
    assert found(client, "en", "children welcome") == ["Know your rights"]
    event.heard_notes_published_at = None
    event.save()
    assert found(client, "en", "children welcome") == []
    assert found(client, "es", "niños bienvenidos") == []


def test_spanish_search_finds_notes_written_only_in_english(client):
    EventFactory(heard=True, heard_notes_es="", title_es="Conozca sus derechos")
    assert found(client, "es", "children welcome") == ["Conozca sus derechos"]


def test_rebuilding_the_index_keeps_draft_notes_out(client):
    EventFactory(heard=True, heard_notes_published_at=None, title_en="Drafted", title_es="Borrador")
    EventFactory(heard=True, title_en="Published", title_es="Publicada", starts_at=in_days(-14))
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
    assert found(client, "en", "children welcome") == ["Published"]
    assert found(client, "es", "niños bienvenidos") == ["Publicada"]


def test_notes_of_a_cancelled_meeting_are_not_found(client):
    EventFactory(heard=True, cancelled=True)
    assert found(client, "en", "children welcome") == []
