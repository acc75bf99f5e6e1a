import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.publication import PublishStatus
from events.models import Event, EventStatus
from tests.factories import EventFactory, VenueFactory, in_days
from tests.helpers import admin_path, html, run_action

pytestmark = pytest.mark.django_db

CHANGELIST = admin_path("events/event/")


def test_changelist_shows_where_each_meeting_stands_as_compact_badges(admin_client):
    EventFactory(cancelled=True, title_es="")
    EventFactory(draft=True)
    page = html(admin_client.get(CHANGELIST))
    badges = [
        [badge.get_text() for badge in cell.select(".status-badge")]
        for cell in page.select("#result_list td.field-status_badges")
    ]
    assert sorted(badges) == [["Cancelled", "Published", "Translation missing"], ["Draft"]]


def test_change_form_has_one_fieldset_per_language(admin_client):
    event = EventFactory()
    page = html(admin_client.get(admin_path(f"events/event/{event.pk}/change/")))
    legends = [heading.get_text(strip=True) for heading in page.select("fieldset h2, fieldset legend")]
    assert legends[:2] == ["English", "Español"]
    english, spanish = page.select("fieldset.translation-en"), page.select("fieldset.translation-es")
    assert english[0].find("input", attrs={"name": "title_en"})
    assert spanish[0].find("input", attrs={"name": "title_es"})
    assert not page.find("input", attrs={"name": "title"})


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_date_and_time_box_on_the_change_form_has_its_own_label(admin_client, language):
    event = EventFactory()
    response = admin_client.get(admin_path(f"events/event/{event.pk}/change/"), HTTP_ACCEPT_LANGUAGE=language)
    page = html(response)
    boxes = page.select("input.vDateField, input.vTimeField")
    assert len(boxes) == 8  # starts, ends, publish and unpublish: a date and a time each
    labels = {label["for"]: label.get_text(strip=True) for label in page.select("p.datetime label[for]")}
    assert {box["id"] for box in boxes} == set(labels)
    assert labels["id_starts_at_0"] == {"en": "Date:", "es": "Fecha:"}[language]


def test_change_form_loads_no_third_party_script(admin_client):
    event = EventFactory()
    response = admin_client.get(admin_path(f"events/event/{event.pk}/change/"))
    page = html(response)
    for script in page.find_all("script", src=True):
        assert script["src"].startswith("/") and not script["src"].startswith("//"), script["src"]
    importmap = page.find("script", attrs={"type": "importmap"})
    assert importmap["nonce"] in response["Content-Security-Policy"]


def test_changelist_has_the_columns_and_filters_staff_need(admin_client):
    EventFactory(venue=VenueFactory(city="Irving"))
    page = html(admin_client.get(CHANGELIST))
    headers = [th.get_text(strip=True).lower() for th in page.select("#result_list thead th")]
    assert headers[1:] == ["title", "starts at", "city", "status"]
    filters = page.select_one("#changelist-filter").get_text(" ", strip=True).lower()
    for name in ["when", "city", "meeting status", "translation status", "publish state"]:
        assert f"by {name}" in filters
    assert (
        admin_client.get(CHANGELIST + "?when=upcoming&venue__city=Irving&translation_status=missing").status_code == 200
    )
    assert admin_client.get(CHANGELIST + "?q=meeting").status_code == 200


def test_editor_can_create_a_meeting_in_both_languages(admin_client):
    venue = VenueFactory()
    starts = in_days(10)
    response = admin_client.post(
        admin_path("events/event/add/"),
        {
            "title_en": "New meeting",
            "title_es": "Nueva reunión",
            "slug": "new-meeting",
            "summary_en": "Come.",
            "summary_es": "Venga.",
            "description_en": "<p>Hi</p>",
            "description_es": "",
            "host_en": "",
            "host_es": "",
            "status_note_en": "",
            "status_note_es": "",
            "image_alt_en": "",
            "image_alt_es": "",
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": "19:00",
            "ends_at_0": starts.strftime("%Y-%m-%d"),
            "ends_at_1": "21:00",
            "venue": venue.pk,
            "languages": ["es", "en"],
            "event_status": "scheduled",
            "status": "published",
            "publish_at_0": "",
            "publish_at_1": "",
            "unpublish_at_0": "",
            "unpublish_at_1": "",
        },
    )
    assert response.status_code == 302, html(response).select(".errorlist")
    event = Event.objects.get(slug="new-meeting")
    assert (event.title_en, event.title_es) == ("New meeting", "Nueva reunión")
    assert event.languages == ["es", "en"]
    assert event.translation_status == "missing"


def test_form_error_keeps_what_was_typed(admin_client):
    venue = VenueFactory()
    response = admin_client.post(
        admin_path("events/event/add/"),
        {
            "title_en": "Typed title",
            "title_es": "Título escrito",
            "slug": "typed",
            "summary_en": "Typed summary",
            "starts_at_0": "2031-01-02",
            "starts_at_1": "19:00",
            "ends_at_0": "2031-01-02",
            "ends_at_1": "18:00",
            "venue": venue.pk,
            "event_status": "scheduled",
            "status": "draft",
        },
    )
    page = html(response)
    assert response.status_code == 200
    assert "The meeting must end after it starts." in page.get_text()
    assert page.find("input", attrs={"name": "title_es"})["value"] == "Título escrito"
    assert page.find("textarea", attrs={"name": "summary_en"}).get_text().strip() == "Typed summary"


def test_publish_and_unpublish_actions(admin_client):
    draft, live = EventFactory(draft=True), EventFactory()
    run_action(admin_client, CHANGELIST, "publish", [draft])
    run_action(admin_client, CHANGELIST, "unpublish", [live])
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == PublishStatus.PUBLISHED
    assert live.status == PublishStatus.DRAFT


def test_cancel_action_keeps_the_meeting_published_and_marked(admin_client, client):
    event = EventFactory()
    run_action(admin_client, CHANGELIST, "cancel", [event], apply="1", note_en="The hall flooded.")
    event.refresh_from_db()
    assert event.event_status == EventStatus.CANCELLED
    assert event.is_published


def test_duplicate_action_creates_an_editable_draft_copy(admin_client):
    event = EventFactory(title_es="Reunión original")
    response = run_action(admin_client, CHANGELIST, "duplicate", [event])
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.status == PublishStatus.DRAFT
    assert copy.slug == f"{event.slug}-copy"
    assert copy.title_es == "Reunión original"
    assert response.redirect_chain[-1][0] == reverse("admin:events_event_change", args=[copy.pk])


def test_repeat_weekly_asks_for_a_date_then_creates_separate_meetings(admin_client):
    event = EventFactory(starts_at=in_days(1))
    form_page = run_action(admin_client, CHANGELIST, "repeat_weekly", [event])
    assert html(form_page).find("input", attrs={"name": "until"})

    until = timezone.localdate() + datetime.timedelta(days=22)
    run_action(admin_client, CHANGELIST, "repeat_weekly", [event], apply="1", until=until.isoformat())

    copies = Event.objects.exclude(pk=event.pk).order_by("starts_at")
    assert [timezone.localtime(copy.starts_at).date() for copy in copies] == [
        timezone.localdate() + datetime.timedelta(days=1 + 7 * week) for week in (1, 2, 3)
    ]
    assert all(timezone.localtime(copy.starts_at).hour == 19 for copy in copies)
    assert len({copy.slug for copy in copies}) == 3
    # Each copy is its own meeting: cancelling one leaves the rest.
    run_action(admin_client, CHANGELIST, "cancel", [copies[0]], apply="1", note_en="The hall flooded.")
    assert Event.objects.filter(event_status=EventStatus.CANCELLED).count() == 1


@pytest.mark.parametrize(
    ("language", "created", "skipped"),
    [
        ("en", "0 meetings created.", "3 weeks were skipped: they already have a meeting at that time and place."),
        ("es", "Se crearon 0 reuniones.", "Se omitieron 3 semanas: ya tienen una reunión a esa hora y en ese lugar."),
    ],
)
def test_repeating_a_series_twice_skips_the_weeks_it_already_has(admin_client, language, created, skipped):
    event = EventFactory(starts_at=in_days(1))
    until = (timezone.localdate() + datetime.timedelta(days=22)).isoformat()
    run_action(admin_client, CHANGELIST, "repeat_weekly", [event], apply="1", until=until)
    assert Event.objects.count() == 4

    response = admin_client.post(
        CHANGELIST,
        {"action": "repeat_weekly", "_selected_action": [event.pk], "apply": "1", "until": until},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    said = " ".join(html(response).select_one(".messagelist").get_text().split())
    assert created in said and skipped in said
    assert Event.objects.count() == 4, "no meeting is doubled"


def test_repeat_weekly_with_a_past_date_explains_and_keeps_the_value(admin_client):
    event = EventFactory()
    response = run_action(admin_client, CHANGELIST, "repeat_weekly", [event], apply="1", until="2001-01-01")
    page = html(response)
    assert "Choose a date in the future." in page.get_text()
    assert page.find("input", attrs={"name": "until"})["value"] == "2001-01-01"
    assert Event.objects.count() == 1


def test_site_settings_admin_goes_straight_to_the_one_row(admin_client):
    response = admin_client.get(admin_path("outreach/sitesettings/"))
    assert response.status_code == 302
    assert response["Location"] == admin_path("outreach/sitesettings/1/change/")
    assert admin_client.get(admin_path("outreach/sitesettings/add/")).status_code == 403


def test_repeated_meetings_move_their_publishing_window_with_them(admin_client):
    event = EventFactory(
        starts_at=in_days(1),
        publish_at=timezone.now() - datetime.timedelta(days=1),
        unpublish_at=in_days(3),
    )
    until = timezone.localdate() + datetime.timedelta(days=15)
    run_action(admin_client, CHANGELIST, "repeat_weekly", [event], apply="1", until=until.isoformat())
    for week, copy in enumerate(Event.objects.exclude(pk=event.pk).order_by("starts_at"), start=1):
        shift = copy.starts_at - event.starts_at
        assert shift == datetime.timedelta(weeks=week)
        assert copy.unpublish_at == event.unpublish_at + shift
        assert copy.publish_at == event.publish_at + shift


def test_duplicate_starts_without_publishing_dates(admin_client):
    event = EventFactory(publish_at=timezone.now(), unpublish_at=in_days(30))
    run_action(admin_client, CHANGELIST, "duplicate", [event])
    copy = Event.objects.exclude(pk=event.pk).get()
    assert (copy.publish_at, copy.unpublish_at) == (None, None)
