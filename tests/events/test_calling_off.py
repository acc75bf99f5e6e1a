"""Cancelling and postponing: the reason in each language, the meeting that replaces it, the alert in one step."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, EventStatus
from outreach.models import Alert
from tests.factories import EventFactory, VenueFactory, in_days
from tests.helpers import admin_path, html, run_action

pytestmark = pytest.mark.django_db

CHANGELIST = admin_path("events/event/")


def text_of(response):
    return " ".join(html(response).get_text().split())


@pytest.mark.parametrize("action", ["cancel", "postpone"])
def test_cancelling_or_postponing_first_asks_why_in_each_language_and_what_replaces_it(admin_client, action):
    event = EventFactory()
    page = html(run_action(admin_client, CHANGELIST, action, [event]))
    for name in ["note_en", "note_es", "replacement", "raise_alert"]:
        assert page.find(attrs={"name": name}), name
    event.refresh_from_db()
    assert event.event_status == EventStatus.SCHEDULED, "nothing changes before the form is sent"


def test_the_reason_in_english_is_required_and_what_was_typed_is_kept(admin_client):
    event = EventFactory()
    response = run_action(admin_client, CHANGELIST, "cancel", [event], apply="1", note_es="El salón se inundó.")
    page = html(response)
    assert "This field is required." in page.get_text()
    assert page.find("textarea", attrs={"name": "note_es"}).get_text().strip() == "El salón se inundó."
    event.refresh_from_db()
    assert event.event_status == EventStatus.SCHEDULED


def test_cancelling_with_a_replacement_shows_the_reason_and_links_it_on_the_page_in_both_languages(
    admin_client, client
):
    event = EventFactory(starts_at=in_days(3))
    replacement = EventFactory(
        starts_at=in_days(10), title_en="Meeting at the library", title_es="Reunión en la biblioteca"
    )
    run_action(
        admin_client,
        CHANGELIST,
        "cancel",
        [event],
        apply="1",
        note_en="The hall flooded.",
        note_es="El salón se inundó.",
        replacement=replacement.pk,
    )
    event.refresh_from_db()
    assert (event.event_status, event.replaced_by) == (EventStatus.CANCELLED, replacement)

    english = html(client.get(f"/en/events/{event.slug}/"))
    banner = english.select_one(".status-banner")
    assert "This meeting is cancelled." in banner.get_text()
    assert "The hall flooded." in banner.get_text()
    assert banner.find("a", href=f"/en/events/{replacement.slug}/").get_text() == "Meeting at the library"
    spanish = html(client.get(f"/es/eventos/{event.slug}/")).select_one(".status-banner")
    assert "El salón se inundó." in spanish.get_text()
    assert spanish.find("a", href=f"/es/eventos/{replacement.slug}/").get_text() == "Reunión en la biblioteca"


def test_a_reason_left_untranslated_is_shown_in_english_marked_as_english(admin_client, client):
    event = EventFactory()
    run_action(admin_client, CHANGELIST, "postpone", [event], apply="1", note_en="The speaker is ill.")
    note = html(client.get(f"/es/eventos/{event.slug}/")).select_one(".status-banner [lang=en]")
    assert note.get_text() == "The speaker is ill."


def test_without_a_replacement_the_page_suggests_the_next_meeting_in_the_same_city(admin_client, client):
    irving, dallas = VenueFactory(city="Irving"), VenueFactory(city="Dallas")
    event = EventFactory(venue=irving, starts_at=in_days(2))
    EventFactory(venue=dallas, starts_at=in_days(3), title_en="Dallas meeting")
    nearby = EventFactory(venue=irving, starts_at=in_days(9), title_en="Next Irving meeting")
    EventFactory(venue=irving, starts_at=in_days(4), title_en="Also cancelled", cancelled=True)
    run_action(admin_client, CHANGELIST, "cancel", [event], apply="1", note_en="The hall flooded.")
    banner = html(client.get(f"/en/events/{event.slug}/")).select_one(".status-banner")
    assert "The next meeting nearby:" in banner.get_text()
    assert banner.find("a", href=f"/en/events/{nearby.slug}/")


def test_the_list_the_feed_and_the_calendar_give_the_reason_and_the_replacement(admin_client, client):
    event = EventFactory(starts_at=in_days(3), title_en="Cancelled meeting")
    replacement = EventFactory(starts_at=in_days(10), title_en="Meeting at the library")
    run_action(
        admin_client, CHANGELIST, "cancel", [event], apply="1", note_en="The hall flooded.", replacement=replacement.pk
    )

    card = html(client.get("/en/events/")).select_one(".event-card--cancelled")
    assert "Cancelled" in card.select_one(".event-status").get_text()
    assert "The hall flooded." in card.get_text()
    assert card.select_one(".event-card__instead a")["href"] == f"/en/events/{replacement.slug}/"

    feed = client.get("/en/events/feed/").content.decode()
    assert "[Cancelled] Cancelled meeting" in feed
    assert "The hall flooded." in feed
    assert "Instead: Meeting at the library" in feed and f"/en/events/{replacement.slug}/" in feed

    calendar = client.get(f"/en/events/{event.slug}/calendar.ics").content.decode().replace("\r\n ", "")
    assert "STATUS:CANCELLED" in calendar
    assert "The hall flooded." in calendar and "Instead: Meeting at the library" in calendar


def test_a_replacement_that_is_not_published_is_not_offered_to_residents(admin_client, client):
    event = EventFactory()
    draft = EventFactory(draft=True, starts_at=in_days(12))
    run_action(
        admin_client, CHANGELIST, "cancel", [event], apply="1", note_en="The hall flooded.", replacement=draft.pk
    )
    page = html(client.get(f"/en/events/{event.slug}/"))
    assert not page.find("a", href=f"/en/events/{draft.slug}/")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Cancelled: Community meeting in Irving"),
        ("es", "Cancelada: Reunión comunitaria en Irving"),
    ],
)
def test_the_site_alert_is_raised_from_the_same_action_in_every_language(admin_client, client, language, message):
    event = EventFactory(
        venue=VenueFactory(city="Irving"),
        title_en="Community meeting in Irving",
        title_es="Reunión comunitaria en Irving",
    )
    run_action(admin_client, CHANGELIST, "cancel", [event], apply="1", note_en="The hall flooded.", raise_alert="on")
    alert = Alert.objects.get()
    assert alert.is_active
    assert alert.ends_at == event.ends_at, "the alert goes when the meeting would have ended"
    banner = html(client.get(f"/{language}/")).select_one(".alert-banner")
    assert message in banner.get_text()
    prefix = {"en": "/en/events/", "es": "/es/eventos/"}[language]
    assert banner.find("a")["href"] == f"{prefix}{event.slug}/"


def test_no_alert_unless_asked(admin_client):
    run_action(admin_client, CHANGELIST, "cancel", [EventFactory()], apply="1", note_en="The hall flooded.")
    assert not Alert.objects.exists()


@pytest.mark.parametrize(("language", "said"), [("en", "2 meetings postponed."), ("es", "Se pospusieron 2 reuniones.")])
def test_postponing_says_how_many_in_each_language(admin_client, language, said):
    events = [EventFactory(), EventFactory()]
    response = admin_client.post(
        CHANGELIST,
        {"action": "postpone", "_selected_action": [e.pk for e in events], "apply": "1", "note_en": "Rain."},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert said in text_of(response)
    assert set(Event.objects.values_list("event_status", flat=True)) == {EventStatus.POSTPONED}


def test_a_postponed_meeting_names_its_new_date(admin_client, client):
    event = EventFactory(starts_at=in_days(2))
    new_date = EventFactory(starts_at=in_days(16), title_en="Same meeting, new date")
    run_action(
        admin_client, CHANGELIST, "postpone", [event], apply="1", note_en="The speaker is ill.", replacement=new_date.pk
    )
    banner = html(client.get(f"/en/events/{event.slug}/")).select_one(".status-banner--postponed")
    assert "This meeting is postponed." in banner.get_text()
    assert banner.find("a", href=f"/en/events/{new_date.slug}/")


def test_meeting_page_shows_when_and_where_before_the_description(client, site_settings):
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    page = html(client.get(f"/en/events/{event.slug}/"))
    essentials = page.select_one(".event-essentials")
    lead = page.select_one(".lead")
    assert essentials.sourceline < lead.sourceline or (
        essentials.sourceline == lead.sourceline and essentials.sourcepos < lead.sourcepos
    )
    assert event.venue.city in essentials.get_text()
