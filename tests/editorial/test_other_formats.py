"""
Text that reaches other formats is escaped: whatever an editor types or pastes into a field (line breaks of every
kind, control characters, `</script>`, `]]>`) comes out valid in the meeting calendars (.ics), the RSS feed, the
schema.org JSON-LD, the download's Content-Disposition and the e-mail link, and says what the editor wrote
(less the control characters those formats cannot carry). Property-based: hypothesis writes the text.
"""

import email.message
import json
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
from django.http import HttpResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser.property import unescape_backslash

from editorial.escaping import attachment_header, download_filename, mailto, one_line, plain_text
from outreach.models import SiteSettings
from tests.factories import EventFactory, FaqEntryFactory, SiteSettingsFactory, VenueFactory
from tests.helpers import html

pytestmark = pytest.mark.django_db

# The troublemakers, as whole pieces, mixed into any other text. No NUL: Django's form fields refuse it (and
# PostgreSQL cannot store it), so no editor can save one.
TRICKY = ["\r\n", "\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\t", "</script>", "]]>", "<!--", "&amp;"]
TRICKY += [chr(code) for code in range(1, 0x20)] + ["\x7f", "\x9b", "\ufffe", "\uffff", ";", ",", "\\", '"', "%0A"]
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
TEXT = st.lists(st.one_of(CHARACTERS, st.sampled_from(TRICKY)), max_size=12).map("".join)
# A field that must not be empty (a title, a name): something visible around the trouble.
FILLED = TEXT.map(lambda text: f"A{text}Z")

# Few examples, no deadline and no example database on disk: the suite stays fast and leaves no files behind.
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _site():
    SiteSettingsFactory()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Saves made as a server makes them, committed: the caches keyed on the content stamp (Redis) see them."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def set_program_name(name):
    site = SiteSettings.objects.get()
    site.program_name_en = site.program_name_es = name
    site.save()


def meeting(title, summary, note, venue_name, city):
    venue = VenueFactory(name_en=venue_name, name_es=venue_name, city=city)
    return EventFactory(
        title_en=title, title_es=title, summary_en=summary, summary_es=summary, venue=venue,
        status_note_en=note, status_note_es=note,
        # A reason is shown with a meeting that is called off (a postponed one stays in calendars and feeds).
        event_status="postponed" if note else "scheduled",
    )  # fmt: skip


@EXAMPLES
@given(title=FILLED, summary=TEXT, note=TEXT, venue_name=FILLED, city=FILLED, program=FILLED)
@pytest.mark.parametrize("prefix", ["/en/events/", "/es/eventos/"])
def test_any_text_in_a_meeting_makes_a_valid_calendar_that_says_it(
    client, committed, prefix, title, summary, note, venue_name, city, program
):
    with committed():
        set_program_name(program)
        event = meeting(title, summary, note, venue_name, city)
    try:
        for path in [f"{prefix}{event.slug}/calendar.ics", f"{prefix}calendar.ics"]:
            response = client.get(path)
            assert response.status_code == 200, path
            calendar = icalendar.Calendar.from_ical(response.content)
            (vevent,) = [item for item in calendar.walk("VEVENT") if str(item["uid"]).startswith(f"event-{event.pk}@")]
            assert str(vevent["summary"]) == plain_text(title)
            assert plain_text(summary) in str(vevent["description"])
            assert plain_text(note) in str(vevent["description"])
            assert str(vevent["location"]) == plain_text(event.venue.one_line_address)
            # Every content line is one line, with no control character RFC 5545 forbids (tab aside).
            for line in response.content.decode().split("\r\n"):
                assert not any(ord(char) < 0x20 and char != "\t" or char == "\x7f" for char in line), repr(line)
        single = icalendar.Calendar.from_ical(client.get(f"{prefix}{event.slug}/calendar.ics").content)
        # An X- property is read back as written (escaped): unescaped here as a calendar program does.
        assert unescape_backslash(str(single["x-wr-calname"])) == one_line(title)
    finally:
        with committed():
            event.delete()


@EXAMPLES
@given(title=FILLED, summary=TEXT, venue_name=FILLED, program=FILLED)
@pytest.mark.parametrize("path", ["/en/events/feed/", "/es/eventos/feed/"])
def test_any_text_in_a_meeting_makes_a_valid_feed_that_says_it(
    client, committed, path, title, summary, venue_name, program
):
    with committed():
        set_program_name(program)
        event = meeting(title, summary, "", venue_name, "Dallas")
    try:
        response = client.get(path)
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # an XML 1.0 parser: fails on any character XML cannot carry
        channel = root.find("channel")
        assert plain_text(program) in channel.findtext("title")
        (item,) = [item for item in channel.iter("item") if item.findtext("link").endswith(f"/{event.slug}/")]
        assert item.findtext("title") == plain_text(title)
        assert plain_text(summary) in item.findtext("description")
        assert plain_text(event.venue.one_line_address) in item.findtext("description")
    finally:
        with committed():
            event.delete()


@EXAMPLES
@given(question=FILLED, answer=TEXT)
@pytest.mark.parametrize("language", ["en", "es"])
def test_any_question_and_answer_make_valid_json_ld_that_stays_inside_its_script(
    client, committed, language, question, answer
):
    with committed():
        entry = FaqEntryFactory(question_en=question, question_es=question, answer_en=answer, answer_es=answer)
    entry.refresh_from_db()  # the answer as stored: rich text is sanitized on save
    try:
        for url in [entry.get_absolute_url(), entry.category.get_absolute_url()]:
            with_language = url.replace("/en/", f"/{language}/", 1) if language == "en" else url
            response = client.get(with_language, follow=True)
            assert response.status_code == 200
            scripts = html(response).find_all("script", type="application/ld+json")
            assert len(scripts) == 1
            data = json.loads(scripts[0].string)
            (found,) = data["mainEntity"]
            assert found["name"] == question
            assert found["acceptedAnswer"]["text"] == str(entry.answer)
            # Nothing in the data can end the element or open a comment in the page.
            assert "<" not in scripts[0].string and ">" not in scripts[0].string
    finally:
        with committed():
            entry.delete()


@EXAMPLES
@given(name=TEXT)
def test_any_file_name_makes_a_valid_content_disposition(name):
    header = attachment_header(f"{name}.ics")
    response = HttpResponse()
    response["Content-Disposition"] = header  # Django refuses a header with a line break in it
    assert not any(ord(char) < 0x20 or char == "\x7f" for char in header)
    message = email.message.Message()
    message["Content-Disposition"] = header
    assert message.get_content_disposition() == "attachment"
    assert message.get_filename() == download_filename(f"{name}.ics")
    assert "/" not in message.get_filename() and "\\" not in message.get_filename()


@pytest.mark.parametrize("prefix", ["/en/events/", "/es/eventos/"])
def test_a_meeting_calendar_downloads_under_its_slug(client, prefix):
    event = EventFactory(title_en='Line\nbreak "quoted"', title_es='Línea\nrota "citada"')
    response = client.get(f"{prefix}{event.slug}/calendar.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert client.get(f"{prefix}calendar.ics")["Content-Disposition"] == 'attachment; filename="meetings.ics"'


def mailto_parts(href):
    """A mailto: link's address and fields, decoded as a mail program does (RFC 6068: `+` is a plus)."""
    assert href.startswith("mailto:")
    parts = urlsplit(href)
    fields = dict(pair.split("=", 1) for pair in parts.query.split("&") if pair)
    for value in [parts.path, *fields.values()]:
        assert not any(char in value for char in ' \t\r\n<>"#&?'), value  # all percent-encoded
    return unquote(parts.path), {name: unquote(value) for name, value in fields.items()}


@EXAMPLES
@given(title=FILLED, venue_name=FILLED)
@pytest.mark.parametrize("prefix", ["/en/events/", "/es/eventos/"])
def test_any_meeting_title_makes_a_sharing_email_link_that_says_it(client, committed, prefix, title, venue_name):
    with committed():
        event = meeting(title, "Summary", "", venue_name, "Dallas")
    try:
        page = html(client.get(f"{prefix}{event.slug}/"))
        (link,) = [a for a in page.select(".share-links a") if a["href"].startswith("mailto:")]
        address, fields = mailto_parts(link["href"])
        assert address == ""
        assert fields["subject"] == one_line(title)
        assert "\r" not in fields["subject"] and "\n" not in fields["subject"]
        body_lines = fields["body"].split("\r\n")
        assert body_lines[0] == one_line(title)
        assert fields["body"].endswith(f"https://outreach.example.org{prefix}{event.slug}/")
        assert plain_text(event.venue.one_line_address).replace("\n", "\r\n") in fields["body"]
    finally:
        with committed():
            event.delete()


@EXAMPLES
@given(address=st.emails(), subject=TEXT, body=TEXT)
def test_mailto_encodes_every_part(address, subject, body):
    found_address, fields = mailto_parts(mailto(address, subject, body))
    assert found_address == address
    assert fields.get("subject", "") == one_line(subject)
    assert fields.get("body", "") == plain_text(body).replace("\n", "\r\n")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_contact_address_is_a_mailto_link(client, language):
    link = html(client.get(f"/{language}/")).select_one("footer a[href^=mailto]")
    assert link["href"] == "mailto:outreach@example.org"


@pytest.mark.parametrize(
    ("prefix", "label"), [("/en/events/", "E-mail"), ("/es/eventos/", "Correo electrónico")]
)
def test_the_sharing_link_is_labelled_in_the_page_language(client, prefix, label):
    event = EventFactory()
    link = html(client.get(f"{prefix}{event.slug}/")).select_one(".share-links a[href^=mailto]")
    assert link.get_text(strip=True) == label
