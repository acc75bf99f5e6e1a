"""The printable flyer: every language side by side, the key commitments, a QR code, and its PDF."""

import io
import os
import re
import time
from pathlib import Path

import pikepdf
import pytest
import segno
from django.conf import settings

from events import flyer
from tests.factories import EventFactory, PolicyFactory
from tests.helpers import html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

FLYER = {"en": "/en/events/{slug}/flyer/", "es": "/es/eventos/{slug}/volante/"}
PDF = {"en": "/en/events/{slug}/flyer.pdf", "es": "/es/eventos/{slug}/volante.pdf"}
MAX_QUERIES = 6  # the meeting page's 3, and the commitments and the exception
MEETING = {"en": "/en/events/{slug}/", "es": "/es/eventos/{slug}/"}
needs_chromium = pytest.mark.skipif(
    not flyer.chromium_available() and not os.environ.get("CI"),
    reason="Chromium is not installed (CI installs it)",
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Meetings get the same ids in every test: each test keeps its PDFs apart.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def commitments():
    return {
        "commitments": PolicyFactory.create_batch(2, key_commitment=True),
        "exception": PolicyFactory(
            key_commitment=True, exception=True, title_en="Outstanding warrants", title_es="Órdenes pendientes"
        ),
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_flyer_shows_every_language_side_by_side_each_column_in_its_language(client, language, commitments):
    event = EventFactory()
    page = html(client.get(FLYER[language].format(slug=event.slug)))

    columns = page.select(".flyer__column")
    assert [column["lang"] for column in columns] == [language, *(c for c, _ in settings.LANGUAGES if c != language)]
    by_language = {column["lang"]: column for column in columns}
    assert by_language["en"].select_one(".flyer__title").get_text(strip=True) == event.title_en
    assert by_language["es"].select_one(".flyer__title").get_text(strip=True) == event.title_es
    assert "Free and open to everyone." in by_language["en"].get_text()
    assert "Gratis y abierta a todos." in by_language["es"].get_text()
    assert event.summary_es in by_language["es"].get_text()
    # The reader's column carries the page's one h1.
    assert columns[0].find("h1") and len(page.find_all("h1")) == 1


def test_a_field_not_yet_translated_is_shown_in_english_marked_as_english_in_the_spanish_column(client):
    event = EventFactory(untranslated=True)
    page = html(client.get(FLYER["es"].format(slug=event.slug)))
    spanish = page.select_one('.flyer__column[lang="es"]')
    title = spanish.select_one(".flyer__title span")
    assert title.get_text() == event.title_en
    assert title["lang"] == "en" and title.has_attr("data-fallback")
    assert spanish.select_one(".flyer__summary")["lang"] == "en"
    # The English column's own text is not marked.
    assert not page.select_one('.flyer__column[lang="en"] .flyer__title span').has_attr("lang")
    # The Spanish column says so, in Spanish; the English page says nothing about English.
    notices = page.select(".fallback-notice")
    assert [notice.find_parent(class_="flyer__column")["lang"] for notice in notices] == ["es"]
    assert "todavía" in notices[0].get_text() or "aún" in notices[0].get_text()
    english = html(client.get(FLYER["en"].format(slug=event.slug)))
    assert [n.find_parent(class_="flyer__column")["lang"] for n in english.select(".fallback-notice")] == ["es"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_flyer_lists_the_key_commitments_and_their_exception_in_each_language(client, language, commitments):
    PolicyFactory(key_commitment=True, draft=True, title_en="Draft promise", title_es="Promesa en borrador")
    event = EventFactory()
    page = html(client.get(FLYER[language].format(slug=event.slug)))
    for code in ("en", "es"):
        column = page.select_one(f'.flyer__column[lang="{code}"]')
        titles = [item.strong.get_text() for item in column.select(".flyer__commitments li")]
        assert titles == [getattr(policy, f"title_{code}") for policy in commitments["commitments"]]
        exception = column.select_one(".flyer__exception").get_text()
        assert getattr(commitments["exception"], f"title_{code}") in exception
        assert "Draft promise" not in column.get_text() and "Promesa en borrador" not in column.get_text()


def test_the_flyer_lists_a_few_commitments_however_many_there_are(client):
    PolicyFactory.create_batch(7, key_commitment=True)
    page = html(client.get(FLYER["en"].format(slug=EventFactory().slug)))
    assert len(page.select('.flyer__column[lang="en"] .flyer__commitments li')) == 4


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_qr_code_is_inline_svg_of_the_meeting_address_with_a_name_and_no_style(client, language):
    event = EventFactory()
    page = html(client.get(FLYER[language].format(slug=event.slug)))
    svg = page.select_one("svg.flyer__qr")
    url = f"https://outreach.example.org{MEETING[language].format(slug=event.slug)}"
    assert svg["role"] == "img"
    assert url in svg["aria-label"]
    assert not page.select("svg [style], svg[style]")
    # The same path segno draws for that address: the code says the meeting's address.
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=1, border=4, omitsize=True)
    assert svg.find("path")["d"] == re.search(r' d="([^"]+)"', expected).group(1)
    assert url in page.select_one(".flyer__url").get_text()


def test_the_flyer_runs_the_same_few_queries_with_2_and_9_commitments(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    event = EventFactory()
    PolicyFactory.create_batch(2, key_commitment=True)
    PolicyFactory(exception=True)
    url = FLYER["en"].format(slug=event.slug)
    few = queries_for(client, url)
    PolicyFactory.create_batch(7, key_commitment=True)
    assert queries_for(client, url) == few <= MAX_QUERIES


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_cancelled_meeting_has_no_pdf(client, language):
    event = EventFactory(cancelled=True)
    assert client.get(PDF[language].format(slug=event.slug)).status_code == 404


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_draft_meetings_pdf_is_not_found(client, language):
    event = EventFactory(draft=True)
    assert client.get(PDF[language].format(slug=event.slug)).status_code == 404


def test_without_chromium_no_pdf_is_offered_and_its_address_says_why(client, settings):
    settings.CHROMIUM_PATH = "/nowhere/chromium"
    event = EventFactory()
    for page in (FLYER["en"], MEETING["en"]):
        assert not html(client.get(page.format(slug=event.slug))).select(".flyer-pdf-link")
    response = client.get(PDF["en"].format(slug=event.slug))
    assert response.status_code == 404
    assert "cannot make PDFs" in html(response).select_one(".flyer-pdf-unavailable").get_text()


@needs_chromium
@pytest.mark.parametrize(("language", "paper"), [("en", "Letter"), ("es", "A4")])
def test_the_pdf_is_one_tagged_page_in_its_language_with_a_title_and_is_kept(
    client, language, paper, commitments, monkeypatch, settings
):
    settings.FLYER_PDF_PAPER = paper
    event = EventFactory(title_en="Meeting at the library", title_es="Reunión en la biblioteca")
    flyer_page = html(client.get(FLYER[language].format(slug=event.slug)))
    link = flyer_page.select_one(".flyer-pdf-link")["href"]
    assert link == PDF[language].format(slug=event.slug)
    assert html(client.get(MEETING[language].format(slug=event.slug))).select_one(".flyer-pdf-link")["href"] == link

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert event.slug in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == 1
        width, height = (float(side) for side in pdf.pages[0].mediabox[2:])
        expected = {"Letter": (612, 792), "A4": (595.3, 841.9)}[paper]  # points
        assert abs(width - expected[0]) < 2 and abs(height - expected[1]) < 2
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == language
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        title = getattr(event, f"title_{language}")
        assert title in str(pdf.docinfo["/Title"])
        assert title in pdf.open_metadata()["dc:title"]

    kept = list((Path(settings.GENERATED_ROOT) / "flyers").glob(f"{event.pk}-{language}.*.pdf"))
    assert len(kept) == 1
    # The second request is served from that file: Chromium is not started again.
    monkeypatch.setattr(flyer, "render_pdf", lambda html: pytest.fail("rendered again"))
    again = client.get(link)
    assert b"".join(again.streaming_content) == content


@needs_chromium
def test_a_changed_meeting_gets_a_new_pdf_and_the_old_one_goes(client):
    event = EventFactory()
    client.get(PDF["en"].format(slug=event.slug))
    event.title_en = "A new title"
    event.save()
    response = client.get(PDF["en"].format(slug=event.slug))
    assert response.status_code == 200
    kept = list((Path(settings.GENERATED_ROOT) / "flyers").glob(f"{event.pk}-en.*.pdf"))
    assert len(kept) == 1
    with pikepdf.open(kept[0]) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("A new title")


@pytest.mark.parametrize("chromium", ["#!/bin/sh\nexit 1\n", "#!/bin/sh\nsleep 60\n"])
def test_a_chromium_that_fails_or_hangs_gives_a_503_in_time_and_no_file(client, settings, tmp_path, chromium):
    fake = tmp_path / "chromium"
    fake.write_text(chromium)
    fake.chmod(0o755)
    settings.CHROMIUM_PATH = str(fake)
    settings.FLYER_PDF_TIMEOUT = 3
    event = EventFactory()
    started = time.monotonic()
    response = client.get(PDF["es"].format(slug=event.slug))
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Imprima la página del volante" in html(response).select_one(".flyer-pdf-unavailable").get_text()
    assert not list((Path(settings.GENERATED_ROOT) / "flyers").glob(f"{event.pk}-*.pdf"))


@needs_chromium
def test_the_pdf_renderer_fetches_nothing_even_when_the_document_asks(tmp_path):
    import http.server
    import threading

    from tests.helpers import free_port

    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    document = (
        f'<!doctype html><html lang="en"><head><title>T</title><link rel="stylesheet" href="{base}/a.css">'
        f'<script src="{base}/a.js"></script></head><body><img src="{base}/a.png" alt="">'
        f'<iframe src="{base}/frame"></iframe><p>Flyer</p></body></html>'
    )
    try:
        pdf = flyer.render_pdf(document)
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF")
    assert asked == []


def test_staff_previewing_a_draft_flyer_see_it_without_a_pdf_which_stays_unpublished(admin_client):
    event = EventFactory(draft=True)
    page = html(admin_client.get(FLYER["en"].format(slug=event.slug)))
    assert page.select_one(".flyer__title").get_text(strip=True) == event.title_en
    assert not page.select(".flyer-pdf-link")
    # The PDFs are in the media folder, which the web server serves to anyone: none for a draft, whoever asks.
    assert admin_client.get(PDF["en"].format(slug=event.slug)).status_code == 404
