"""
A meeting passed on as residents pass things on: schema.org `Event` data and Open Graph tags read with extruct (as
search engines and link previews read them), share links whose decoded text says what, when, where and the page's
address in the reader's language, calendar links only for a meeting that will happen, and a preview picture.
"""

import datetime
import io
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import extruct
import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from events.models import EventStatus
from tests.factories import EventFactory, SuperuserFactory, VenueFactory
from tests.helpers import html

SITE = "https://outreach.example.org"
PREFIX = {"en": "/en/events/", "es": "/es/eventos/"}
ORGANIZATION = {"en": "Example Police Department", "es": "Departamento de Policía de Ejemplo"}
TIMES = {"en": ("7:00 PM", "9:00 PM"), "es": ("7:00 p.m.", "9:00 p.m.")}


@pytest.fixture
def meeting(site_settings):
    starts = timezone.make_aware(datetime.datetime(2031, 3, 14, 19, 0))
    venue = VenueFactory(name_en="Oak Cliff Library", name_es="Biblioteca de Oak Cliff", city="Dallas")
    return EventFactory(
        title_en="Know your rights", title_es="Conozca sus derechos", starts_at=starts, venue=venue,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def page_data(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return extruct.extract(response.content.decode(), base_url=SITE, syntaxes=["json-ld", "opengraph"], uniform=True)


def event_data(client, path):
    (event,) = [item for item in page_data(client, path)["json-ld"] if item["@type"] == "Event"]
    return event


def share_hrefs(client, path):
    return {link.get_text(strip=True): link["href"] for link in html(client.get(path)).select(".share-links a")}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meeting_page_describes_the_meeting_as_a_schema_org_event(client, meeting, language):
    data = event_data(client, f"{PREFIX[language]}{meeting.slug}/")

    assert data["name"] == {"en": "Know your rights", "es": "Conozca sus derechos"}[language]
    # With the offset of TIME_ZONE on that day (America/Chicago keeps daylight time from March 9, 2031).
    assert datetime.datetime.fromisoformat(data["startDate"]) == meeting.starts_at
    assert data["startDate"].endswith("-05:00")
    assert datetime.datetime.fromisoformat(data["endDate"]) == meeting.ends_at
    assert data["url"] == f"{SITE}{PREFIX[language]}{meeting.slug}/"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["inLanguage"] == ["es", "en"]
    place = data["location"]
    assert place["name"] == {"en": "Oak Cliff Library", "es": "Biblioteca de Oak Cliff"}[language]
    assert place["address"]["@type"] == "PostalAddress"
    assert place["address"]["streetAddress"] == meeting.venue.street_address
    assert place["address"]["addressLocality"] == "Dallas"
    assert place["address"]["postalCode"] == "75201"
    assert data["organizer"] == {"@type": "GovernmentOrganization", "name": ORGANIZATION[language], "url": f"{SITE}/"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "with_replacement", "expected"),
    [
        (EventStatus.CANCELLED, False, "EventCancelled"),
        (EventStatus.POSTPONED, False, "EventPostponed"),
        (EventStatus.POSTPONED, True, "EventRescheduled"),
    ],
)
def test_a_called_off_meeting_says_so_in_its_schema_org_data(client, meeting, status, with_replacement, expected):
    meeting.event_status = status
    if with_replacement:
        meeting.replaced_by = EventFactory(starts_at=meeting.starts_at + datetime.timedelta(days=14))
    meeting.save()

    for language in ["en", "es"]:
        data = event_data(client, f"{PREFIX[language]}{meeting.slug}/")
        assert data["eventStatus"] == f"https://schema.org/{expected}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meeting_page_has_link_preview_tags_with_its_own_picture(client, meeting, language):
    path = f"{PREFIX[language]}{meeting.slug}/"
    response = client.get(path)
    (og,) = extruct.extract(response.content.decode(), base_url=SITE, syntaxes=["opengraph"])["opengraph"]
    tags = dict(og["properties"])

    assert tags["og:title"] == {"en": "Know your rights", "es": "Conozca sus derechos"}[language]
    assert tags["og:description"] == str(getattr(meeting, f"summary_{language}"))
    assert tags["og:url"] == f"{SITE}{path}" == html(response).select_one("link[rel=canonical]")["href"]
    assert tags["og:locale"] == f"{language}_US"
    assert [value for key, value in og["properties"] if key == "og:locale:alternate"] == [
        {"en": "es_US", "es": "en_US"}[language]
    ]
    assert tags["og:site_name"]
    assert tags["og:type"] == "website"
    assert tags["og:image"].startswith(f"{SITE}{path}share-") and tags["og:image"].endswith(".png")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert {"en": "Know your rights", "es": "Conozca sus derechos"}[language] in tags["og:image:alt"]
    page = html(response)
    assert page.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    assert page.select_one("meta[name='twitter:image']")["content"] == tags["og:image"]


def decoded_text(href):
    """The text a share link hands to the app, as the app reads it."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return unquote(parse_qs(parts.query)["body"][0]).replace("\r\n", "\n")
    if parts.scheme == "sms":
        return unquote(parts.query.split("body=", 1)[1])
    return parse_qs(parts.query)["text"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_share_links_say_what_when_where_and_the_address_in_the_readers_language(client, meeting, language):
    path = f"{PREFIX[language]}{meeting.slug}/"
    hrefs = list(share_hrefs(client, path).values())
    date = {"en": "March 14, 2031", "es": "14 de marzo de 2031"}[language]
    place = {"en": "Oak Cliff Library", "es": "Biblioteca de Oak Cliff"}[language]

    messages = [href for href in hrefs if href.startswith(("https://wa.me/?text=", "sms:?&body=", "mailto:?"))]
    assert len(messages) == 3
    for href in messages:
        text = decoded_text(href)
        assert text.startswith({"en": "Know your rights", "es": "Conozca sus derechos"}[language])
        assert date in text
        assert TIMES[language][0] in text and TIMES[language][1] in text
        assert place in text and meeting.venue.street_address in text
        assert text.endswith(f"{SITE}{path}")
    (facebook,) = [href for href in hrefs if href.startswith("https://www.facebook.com/sharer/sharer.php?")]
    assert parse_qs(urlsplit(facebook).query)["u"] == [f"{SITE}{path}"]
    assert html(client.get(path)).select_one(".share-links input")["value"] == f"{SITE}{path}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meeting_going_ahead_offers_google_apple_and_outlook_calendars_and_the_subscription(
    client, meeting, language
):
    path = f"{PREFIX[language]}{meeting.slug}/"
    hrefs = list(share_hrefs(client, path).values())

    (google,) = [href for href in hrefs if href.startswith("https://calendar.google.com/calendar/render?")]
    fields = {name: values[0] for name, values in parse_qs(urlsplit(google).query).items()}
    assert fields["action"] == "TEMPLATE"
    assert fields["text"] == {"en": "Know your rights", "es": "Conozca sus derechos"}[language]
    assert fields["dates"] == "20310315T000000Z/20310315T020000Z"  # 7 to 9 p.m. in Dallas (CDT), in UTC
    assert f"{SITE}{path}" in fields["details"]
    assert {"en": "Oak Cliff Library", "es": "Biblioteca de Oak Cliff"}[language] in fields["location"]
    assert "Dallas" in fields["location"]
    assert f"{path}calendar.ics" in hrefs
    assert f"webcal://outreach.example.org{PREFIX[language]}calendar.ics" in hrefs


@pytest.mark.django_db
@pytest.mark.parametrize("status", [EventStatus.CANCELLED, EventStatus.POSTPONED])
def test_a_called_off_meeting_offers_no_calendar_but_says_so_when_shared(client, meeting, status):
    meeting.event_status = status
    meeting.save()

    for language, word in [("en", {"cancelled": "Cancelled", "postponed": "Postponed"}),
                           ("es", {"cancelled": "Cancelada", "postponed": "Aplazada"})]:
        path = f"{PREFIX[language]}{meeting.slug}/"
        hrefs = list(share_hrefs(client, path).values())
        calendars = [href for href in hrefs if "calendar.google.com" in href or f"{meeting.slug}/calendar" in href]
        assert not calendars
        (whatsapp,) = [href for href in hrefs if href.startswith("https://wa.me/")]
        assert decoded_text(whatsapp).startswith(f"{word[status]}: ")
        # Still on the page: the subscription to the other meetings.
        assert f"webcal://outreach.example.org{PREFIX[language]}calendar.ics" in hrefs


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_meeting_list_offers_the_calendar_subscription_on_the_site_address(client, site_settings, language):
    links = [a["href"] for a in html(client.get(PREFIX[language])).select("a")]
    assert f"webcal://outreach.example.org{PREFIX[language]}calendar.ics" in links


# --- The preview picture ----------------------------------------------------------------------------------------


def og_image(client, path):
    return html(client.get(path)).select_one("meta[property='og:image']")["content"].removeprefix(SITE)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_preview_picture_is_drawn_once_at_1200_by_630(client, meeting, language, monkeypatch):
    from editorial import shareimage

    drawn = []
    real_draw = shareimage.draw
    monkeypatch.setattr(shareimage, "draw", lambda card: drawn.append(card) or real_draw(card))
    image_path = og_image(client, f"{PREFIX[language]}{meeting.slug}/")

    first = client.get(image_path)
    second = client.get(image_path)

    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(first.streaming_content)))
    assert image.size == (1200, 630)
    assert len(drawn) == 1  # the second request read the file
    card = drawn[0]
    assert card.language == language
    assert card.title == {"en": "Know your rights", "es": "Conozca sus derechos"}[language]
    assert {"en": "March 14, 2031", "es": "14 de marzo de 2031"}[language] in card.lines[0]
    assert "Dallas" in card.lines[2]
    assert not first.cookies


@pytest.mark.django_db
def test_a_changed_meeting_gets_a_new_picture_and_the_old_address_leads_to_it(client, meeting):
    before = og_image(client, f"/en/events/{meeting.slug}/")
    client.get(before)
    meeting.title_en = "Know your rights: a new title"
    meeting.save()

    after = og_image(client, f"/en/events/{meeting.slug}/")

    assert after != before
    assert client.get(before).headers["Location"] == after
    image = client.get(after)
    assert image.status_code == 200
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).size == (1200, 630)
    kept = list((Path(settings.GENERATED_ROOT) / "share").glob(f"event-{meeting.pk}-en-*.png"))
    digest = after.rsplit("share-", 1)[1].removesuffix(".png")
    assert [path.name for path in kept] == [f"event-{meeting.pk}-en-{digest}.png"], "only the current one is kept"


@pytest.mark.django_db
def test_a_withdrawn_meetings_picture_is_never_in_the_public_media_folder(client, meeting):
    client.get(og_image(client, f"/en/events/{meeting.slug}/"))

    assert list((Path(settings.GENERATED_ROOT) / "share").glob(f"event-{meeting.pk}-*.png"))
    # nginx serves MEDIA_ROOT to anyone: a picture there would outlive the meeting's unpublishing.
    assert not list(Path(settings.MEDIA_ROOT).rglob(f"event-{meeting.pk}-*.png"))


@pytest.mark.django_db
def test_a_draft_meeting_has_no_preview_picture(client, meeting):
    image_path = og_image(client, f"/en/events/{meeting.slug}/")
    meeting.status = "draft"
    meeting.save()

    assert client.get(image_path).status_code == 404
    client.force_login(SuperuserFactory())
    preview = og_image(client, f"/en/events/{meeting.slug}/")
    assert meeting.slug not in preview  # the site's own picture, not one naming the draft
    assert client.get(preview).status_code == 200
