import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory, VenueFactory, in_days
from tests.helpers import html, queries_for

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

LIST = {"en": "/en/events/", "es": "/es/eventos/"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_upcoming_list_shows_published_meetings_soonest_first(client, language):
    later = EventFactory(starts_at=in_days(14))
    sooner = EventFactory(starts_at=in_days(2))
    EventFactory(draft=True, title_en="Secret draft", title_es="Borrador secreto")
    EventFactory(starts_at=in_days(-7), title_en="Last week", title_es="La semana pasada")

    page = html(client.get(LIST[language]))

    titles = [a.get_text(strip=True) for a in page.select(".event-card .card-title a")]
    expected = [getattr(sooner, f"title_{language}"), getattr(later, f"title_{language}")]
    assert titles == expected
    assert page.html["lang"] == language


def test_spanish_list_links_to_spanish_meeting_pages(client):
    event = EventFactory()
    page = html(client.get("/es/eventos/"))
    assert page.select_one(".event-card .card-title a")["href"] == f"/es/eventos/{event.slug}/"


def test_city_filter_keeps_only_that_city(client):
    EventFactory(venue=VenueFactory(city="Irving"), title_en="In Irving")
    EventFactory(venue=VenueFactory(city="Garland"), title_en="In Garland")

    page = html(client.get("/en/events/?city=irving"))

    assert [a.get_text(strip=True) for a in page.select(".event-card .card-title a")] == ["In Irving"]


def test_month_filter_uses_the_site_time_zone(client):
    # 11:30 p.m. on the last day of a month in Dallas is already the next month in UTC.
    today = timezone.localdate()
    first_of_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last_day = first_of_next + datetime.timedelta(days=31)
    last_day = last_day.replace(day=1) - datetime.timedelta(days=1)
    late = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(23, 30)))
    EventFactory(starts_at=late, ends_at=late + datetime.timedelta(minutes=20), title_en="Late night")
    month = f"{last_day:%Y-%m}"

    page = html(client.get(f"/en/events/?month={month}"))

    assert [a.get_text(strip=True) for a in page.select(".event-card .card-title a")] == ["Late night"]


def test_filter_offers_only_cities_with_upcoming_meetings(client):
    EventFactory(venue=VenueFactory(city="Mesquite"))
    EventFactory(venue=VenueFactory(city="Irving"), starts_at=in_days(-10))
    page = html(client.get("/en/events/"))
    options = [option["value"] for option in page.select("select[name=city] option")]
    assert options == ["", "Mesquite"]


def test_filter_choices_are_remembered_until_content_changes(client, django_capture_on_commit_callbacks):
    EventFactory(venue=VenueFactory(city="Mesquite"))
    with CaptureQueriesContext(connection) as first:
        client.get("/en/events/")
    with CaptureQueriesContext(connection) as again:
        client.get("/en/events/")

    def choice_queries(captured):
        return [query["sql"] for query in captured if "DISTINCT" in query["sql"]]

    assert len(choice_queries(first)) == 2
    assert choice_queries(again) == []  # the cities and months came from the cache

    # A save: the content stamp changes (with Redis, when the transaction commits).
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(venue=VenueFactory(city="Garland"))

    page = html(client.get("/es/eventos/"))
    assert [option["value"] for option in page.select("select[name=city] option")] == ["", "Garland", "Mesquite"]


def test_list_counts_are_remembered_until_content_changes(client, django_capture_on_commit_callbacks):
    EventFactory.create_batch(13)
    client.get("/en/events/")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/en/events/?page=2")
    assert not [query for query in again if "COUNT(" in query["sql"]]
    assert len(response.context["page_obj"].object_list) == 1

    with django_capture_on_commit_callbacks(execute=True):
        EventFactory()  # a save: the content stamp changes, and the count with it

    assert len(client.get("/en/events/?page=2").context["page_obj"].object_list) == 2
    assert client.get("/en/events/past/").status_code == 200


def test_a_meeting_in_progress_for_days_is_still_upcoming_and_not_past(client):
    now = timezone.now()
    EventFactory(
        title_en="Week of action", starts_at=now - datetime.timedelta(days=3), ends_at=now + datetime.timedelta(days=2)
    )

    assert [event.title for event in Event.objects.upcoming()] == ["Week of action"]
    assert not Event.objects.past().exists()


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99999",
        "?page=0",
        "?page=-1",
        "?month=2026-13",
        "?month=abcd",
        "?month=0000-01",
        "?month=9999-12",
        "?month=9998-12",
        "?month=1900-01",
        "?city=%3Cscript%3Ealert(1)%3C/script%3E",
        "?city=" + "x" * 5000,
        "?month=2026-13&page=2",
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_bad_filter_values_give_a_page_or_not_found_never_an_error(client, query, language):
    EventFactory.create_batch(3)
    response = client.get(LIST[language] + query)
    assert response.status_code in (200, 404)
    assert b"<script>alert(1)" not in response.content


def test_bad_month_is_reported_and_the_choice_is_kept(client):
    EventFactory()
    response = client.get("/en/events/?month=2026-13&city=Dallas")
    page = html(response)
    assert response.status_code == 200
    assert "Choose a month from the list." in page.get_text()
    assert page.select_one("select[name=city] option[selected]")["value"] == "Dallas"


@pytest.mark.parametrize("language", ["en", "es"])
def test_empty_list_points_to_the_faq(client, language):
    page = html(client.get(LIST[language]))
    empty = page.select_one(".empty-state")
    assert empty.find("a", href={"en": "/en/faq/", "es": "/es/preguntas-frecuentes/"}[language])


def test_pagination_keeps_the_filter(client):
    venue = VenueFactory(city="Irving")
    for day in range(1, 16):
        EventFactory(venue=venue, starts_at=in_days(day))
    page = html(client.get("/en/events/?city=Irving"))
    next_link = page.select_one("a[rel=next]")
    assert next_link["href"] == "?city=Irving&page=2"
    assert client.get("/en/events/?city=Irving&page=2").status_code == 200


def test_each_page_of_the_list_is_its_own_canonical_page_without_the_filter(client):
    venue = VenueFactory(city="Irving")
    for day in range(1, 16):
        EventFactory(venue=venue, starts_at=in_days(day))
    first = html(client.get("/es/eventos/?city=Irving"))
    second = html(client.get("/es/eventos/?city=Irving&page=2"))
    assert first.find("link", rel="canonical")["href"] == "https://outreach.example.org/es/eventos/"
    assert second.find("link", rel="canonical")["href"] == "https://outreach.example.org/es/eventos/?page=2"
    alternates = {link["hreflang"]: link["href"] for link in second.select("link[rel=alternate][hreflang]")}
    assert alternates["en"] == "https://outreach.example.org/en/events/?page=2"


def test_past_archive_lists_past_meetings_newest_first(client):
    EventFactory(starts_at=in_days(-14), title_en="Two weeks ago")
    EventFactory(starts_at=in_days(-7), title_en="Last week")
    EventFactory(starts_at=in_days(7), title_en="Next week")
    page = html(client.get("/en/events/past/"))
    assert [a.get_text(strip=True) for a in page.select(".event-card .card-title a")] == ["Last week", "Two weeks ago"]
    assert client.get("/es/eventos/pasados/").status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
def test_meeting_page_shows_time_place_languages_and_host(client, language):
    starts = timezone.make_aware(datetime.datetime(2031, 3, 6, 19, 0))
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), languages=["es", "en"])
    url = {"en": f"/en/events/{event.slug}/", "es": f"/es/eventos/{event.slug}/"}[language]

    text = html(client.get(url)).get_text(" ", strip=True)

    expected = {
        "en": ["Thursday, March 6, 2031", "7:00 PM", "9:00 PM", "Spanish, English", "Step-free entrance."],
        "es": ["jueves 6 de marzo de 2031", "7:00 p.m.", "9:00 p.m.", "español, inglés", "Entrada sin escalones."],
    }[language]
    for fragment in expected:
        assert fragment in text
    assert getattr(event, f"host_{language}") in text


def test_meeting_page_links_to_openstreetmap_without_embedding_it(client):
    event = EventFactory()
    page = html(client.get(f"/en/events/{event.slug}/"))
    link = page.find("a", href=lambda href: href and href.startswith("https://www.openstreetmap.org/"))
    assert link is not None
    assert "mlat=32.776700" in link["href"]
    assert not page.find("iframe")


@pytest.mark.parametrize(
    ("language", "banner"),
    [("en", "This meeting is cancelled."), ("es", "Esta reunión está cancelada.")],
)
def test_cancelled_meeting_stays_visible_with_a_clear_banner(client, language, banner):
    event = EventFactory(cancelled=True)
    url = {"en": f"/en/events/{event.slug}/", "es": f"/es/eventos/{event.slug}/"}[language]
    page = html(client.get(url))
    alert = page.select_one(".status-banner--cancelled")
    assert alert is not None and banner in alert.get_text()
    assert getattr(event, f"status_note_{language}") in alert.get_text()
    listing = html(client.get(LIST[language]))
    assert listing.select_one(".event-card--cancelled") is not None


def test_postponed_meeting_says_so(client):
    event = EventFactory(event_status="postponed")
    page = html(client.get(f"/es/eventos/{event.slug}/"))
    assert "Esta reunión se pospuso" in page.select_one(".status-banner--postponed").get_text()


def test_untranslated_meeting_falls_back_to_english_marked_lang_en(client):
    event = EventFactory(untranslated=True, title_en="Only in English")
    page = html(client.get(f"/es/eventos/{event.slug}/"))

    heading = page.find("h1")
    assert heading.get_text(strip=True) == "Only in English"
    assert heading["lang"] == "en"
    assert page.select_one(".lead")["lang"] == "en"
    assert "aún no están disponibles en español" in page.select_one(".fallback-notice").get_text()
    # Translated parts (the venue's) are not marked.
    assert [dd.get_text(strip=True) for dd in page.select(".event-facts dd[lang]")] == [event.host_en]


def test_translated_meeting_has_no_fallback_notice(client):
    event = EventFactory()
    page = html(client.get(f"/es/eventos/{event.slug}/"))
    assert page.select_one(".fallback-notice") is None
    assert not page.find("h1").has_attr("lang")


def test_english_page_never_shows_a_fallback_notice(client):
    event = EventFactory(untranslated=True)
    assert html(client.get(f"/en/events/{event.slug}/")).select_one(".fallback-notice") is None


@pytest.mark.parametrize(
    "url", ["/en/events/{slug}/", "/es/eventos/{slug}/", "/en/events/{slug}/calendar.ics", "/en/events/{slug}/flyer/"]
)
def test_draft_meeting_is_not_found_by_the_public(client, url):
    event = EventFactory(draft=True)
    assert client.get(url.format(slug=event.slug)).status_code == 404


def test_scheduled_meeting_is_hidden_until_its_publish_time(client):
    event = EventFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(f"/en/events/{event.slug}/").status_code == 404
    assert event.title_en not in client.get("/en/events/").content.decode()


def test_unknown_slug_is_not_found_in_both_languages(client):
    assert client.get("/en/events/no-such-meeting/").status_code == 404
    assert client.get("/es/eventos/no-such-meeting/").status_code == 404
    assert client.get("/es/events/").status_code == 404


@pytest.mark.parametrize("language", ["en", "es"])
def test_one_meeting_calendar_parses_with_uid_timezone_location_and_url(client, language):
    event = EventFactory()
    prefix = {"en": "/en/events/", "es": "/es/eventos/"}[language]
    response = client.get(f"{prefix}{event.slug}/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{event.pk}@outreach.example.org"
    assert vevent["dtstart"].params["TZID"] == "America/Chicago"
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtend") == event.ends_at
    assert event.venue.street_address in str(vevent["location"])
    assert str(vevent["url"]) == f"https://outreach.example.org{prefix}{event.slug}/"
    assert str(vevent["summary"]) == getattr(event, f"title_{language}")
    assert str(vevent["status"]) == "CONFIRMED"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "America/Chicago"


def test_calendar_uid_is_stable_when_the_meeting_changes(client):
    event = EventFactory()
    first = icalendar.Calendar.from_ical(client.get(f"/en/events/{event.slug}/calendar.ics").content)
    event.title_en = "Moved to a bigger room"
    event.starts_at += datetime.timedelta(hours=1)
    event.ends_at += datetime.timedelta(hours=1)
    event.save()
    second = icalendar.Calendar.from_ical(client.get(f"/en/events/{event.slug}/calendar.ics").content)
    assert first.walk("VEVENT")[0]["uid"] == second.walk("VEVENT")[0]["uid"]


def test_all_upcoming_calendar_lists_upcoming_and_marks_cancelled(client):
    EventFactory(title_en="On")
    EventFactory(cancelled=True, title_en="Off")
    EventFactory(starts_at=in_days(-3), title_en="Over")
    EventFactory(draft=True, title_en="Not yet")

    calendar = icalendar.Calendar.from_ical(client.get("/en/events/calendar.ics").content)

    statuses = {str(vevent["summary"]): str(vevent["status"]) for vevent in calendar.walk("VEVENT")}
    assert statuses == {"On": "CONFIRMED", "Off": "CANCELLED"}
    assert client.get("/es/eventos/calendar.ics").status_code == 200


@pytest.mark.parametrize(
    ("url", "title"), [("/en/events/feed/", "Community meeting"), ("/es/eventos/feed/", "Reunión comunitaria")]
)
def test_rss_feed_lists_upcoming_meetings_in_the_language(client, url, title):
    event = EventFactory()
    EventFactory(draft=True)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert body.count("<item>") == 1
    assert title in body
    assert event.slug in body


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/en/events/{slug}/flyer/", "Free and open to everyone."),
        ("/es/eventos/{slug}/volante/", "Gratis y abierta a todos."),
    ],
)
def test_printable_flyer_in_both_languages(client, url, text):
    event = EventFactory()
    page = html(client.get(url.format(slug=event.slug)))
    assert text in page.get_text()
    assert "https://outreach.example.org" in page.select_one(".flyer__url").get_text()


@pytest.mark.parametrize(("page", "flyer"), [("/en/events/{slug}/", "flyer/"), ("/es/eventos/{slug}/", "volante/")])
def test_a_cancelled_meeting_offers_no_flyer_and_its_flyer_address_leads_to_the_notice(client, page, flyer):
    event = EventFactory(cancelled=True)
    meeting_page = page.format(slug=event.slug)
    assert not html(client.get(meeting_page)).find("a", href=meeting_page + flyer)
    response = client.get(meeting_page + flyer)
    assert response.status_code == 302
    assert response["Location"] == meeting_page


@pytest.mark.parametrize(
    "url", ["/en/events/", "/es/eventos/", "/en/events/past/", "/en/events/calendar.ics", "/en/events/feed/", "/en/"]
)
def test_list_pages_run_the_same_number_of_queries_for_5_and_200_meetings(client, url):
    venues = VenueFactory.create_batch(5, city=factory_city())
    for number in range(5):
        EventFactory(venue=venues[number % 5], starts_at=in_days(number + 1))
        EventFactory(venue=venues[number % 5], starts_at=in_days(-number - 1))
    few = queries_for(client, url)

    Event.objects.bulk_create(_bulk_events(venues, 195))
    many = queries_for(client, url)

    assert few == many
    assert many <= 7  # one of them reads the page cache's stamp (editorial/pagecache.py)


def test_meeting_page_runs_the_same_number_of_queries_for_5_and_200_meetings(client):
    event = EventFactory()
    EventFactory.create_batch(4)
    few = queries_for(client, event.get_absolute_url())
    Event.objects.bulk_create(_bulk_events(VenueFactory.create_batch(3), 195))
    many = queries_for(client, event.get_absolute_url())
    assert few == many <= 3  # one of them reads the page cache's stamp (editorial/pagecache.py)


def factory_city():
    import factory

    return factory.Iterator(["Dallas", "Irving", "Garland", "Mesquite", "Grand Prairie"])


def _bulk_events(venues, count):
    template = EventFactory.build()
    events = []
    for number in range(count):
        days = number % 60 + 1 if number % 2 else -(number % 60) - 1
        starts = in_days(days, hour=10 + number % 8)
        events.append(
            Event(
                title_en=f"Bulk {number}",
                title_es=f"Masiva {number}",
                slug=f"bulk-{number}",
                summary_en=template.summary_en,
                summary_es=template.summary_es,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                venue=venues[number % len(venues)],
                languages=["es"],
                status="published",
            )
        )
    return events


@pytest.mark.parametrize("path", ["/es/eventos/", "/es/"])
def test_untranslated_meeting_in_a_list_is_badged_and_the_page_says_so(client, path):
    EventFactory(untranslated=True, title_en="English only")
    EventFactory()
    page = html(client.get(path))
    link = page.find("a", string="English only")
    assert link["lang"] == "en"
    assert link.has_attr("data-fallback")
    assert "aún no están disponibles en español" in page.select_one(".fallback-notice").get_text()


def test_fully_translated_list_has_no_fallback_note(client):
    EventFactory()
    assert html(client.get("/es/eventos/")).select_one(".fallback-notice") is None
