import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.utils import translation

from editorial.models import PublishStatus
from events.models import Event
from outreach import mirror as mirror_module
from outreach import views
from outreach.mirror import LEFT_OUT, MANIFEST, export, file_name, resolve_page
from outreach.urls import sitemaps
from tests.factories import EventFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|src)="([^"#]+)""")


@pytest.fixture
def mirror(tmp_path, settings):
    settings.STATIC_MIRROR_ROOT = tmp_path / "mirror"
    call_command("seed_demo")
    export()
    return Path(settings.STATIC_MIRROR_ROOT)


def files_of(root):
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def answers(root, path):
    """Whether the mirror has a file for `path`, the way the web server looks for one ($uri, $uri/index.*)."""
    candidates = [path.lstrip("/")] + [f"{path.rstrip('/')}/index.{ext}".lstrip("/") for ext in ("html", "xml")]
    return any((root / name).is_file() for name in candidates)


def sitemap_paths():
    for sitemap_class in sitemaps.values():
        sitemap = sitemap_class()
        for number in sitemap.paginator.page_range:
            for url in sitemap.get_urls(page=number):
                yield urlsplit(url["location"]).path


def test_every_page_the_sitemaps_list_is_a_file_of_the_mirror_in_every_language(mirror):
    paths = list(sitemap_paths())
    assert any(path.startswith("/en/events/") for path in paths)
    assert any(path.startswith("/es/eventos/") for path in paths)
    for path in paths:
        assert (mirror / file_name(path)).is_file(), path


def test_the_mirror_has_the_feeds_calendars_sitemaps_robots_and_a_page_for_the_sites_root(mirror):
    for name in [
        "en/events/feed/index.xml",
        "es/eventos/feed/index.xml",
        "en/policies/feed/index.xml",
        "es/politicas/feed/index.xml",
        "en/events/calendar.ics",
        "es/eventos/calendar.ics",
        "robots.txt",
        "sitemap.xml",
        "sitemap-events.xml",
        "index.html",
    ]:
        assert (mirror / name).is_file(), name
    assert "BEGIN:VCALENDAR" in (mirror / "en/events/calendar.ics").read_text()
    root = (mirror / "index.html").read_text()
    assert 'href="/en/"' in root and 'href="/es/"' in root


def test_every_link_in_the_mirror_leads_to_a_file_of_the_mirror_or_to_a_page_it_leaves_out(mirror):
    pages = list(mirror.rglob("*.html"))
    assert len(pages) > 100
    checked = 0
    for page in pages:
        base = "/" + str(page.relative_to(mirror))
        for link in LINK.findall(page.read_text()):
            url = urlsplit(urljoin(base, link))
            if url.scheme in {"mailto", "tel", "sms"} or url.netloc:
                continue
            checked += 1
            match = resolve_page(url.path)
            assert answers(mirror, url.path) or (match and match.view_name in LEFT_OUT), (base, link)
    assert checked > 1000


def test_static_files_the_pages_use_are_in_the_mirror(mirror):
    home = (mirror / "en/index.html").read_text()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home).group(1)
    assert (mirror / stylesheet.lstrip("/")).is_file()


def test_no_page_of_the_mirror_carries_a_csrf_token_or_a_form_that_posts(mirror):
    for page in mirror.rglob("*.html"):
        text = page.read_text()
        assert "csrfmiddlewaretoken" not in text, page
    for page in [mirror / "en/ask/index.html", mirror / "es/preguntar/index.html"]:
        assert 'method="post"' not in page.read_text().lower()


def test_the_mirrors_ask_page_says_the_form_is_unavailable_and_gives_911_in_both_languages(mirror):
    english = (mirror / "en/ask/index.html").read_text()
    spanish = (mirror / "es/preguntar/index.html").read_text()
    assert "The question form is not available right now." in english
    assert "call 911" in english
    assert "El formulario de preguntas no está disponible en este momento." in spanish
    assert "llame al 911" in spanish
    assert "555-01" in english and "555-01" in spanish  # the non-emergency number


def test_drafts_are_never_exported(tmp_path, settings):
    settings.STATIC_MIRROR_ROOT = tmp_path
    EventFactory(slug="a-published-meeting")
    EventFactory(slug="a-draft-meeting", title_en="The draft meeting", title_es="La reunión borrador", draft=True)
    export()
    assert (tmp_path / "en/events/a-published-meeting/index.html").is_file()
    assert not any("a-draft-meeting" in name for name in files_of(tmp_path))
    assert not any("draft meeting" in path.read_text() for path in tmp_path.rglob("*.html"))


def test_a_second_run_writes_nothing_when_nothing_changed(mirror):
    result = export()
    assert result.written == [] and result.deleted == []
    assert result.unchanged > 200
    assert not any(name.startswith(".mirror-") for name in (path.name for path in mirror.rglob("*")))


def test_an_edit_rewrites_only_the_pages_that_show_it(mirror):
    event = Event.objects.published().order_by("starts_at").last()
    event.title_en, event.title_es = "Renamed meeting", "Reunión renombrada"
    event.save()
    result = export()
    assert f"en/events/{event.slug}/index.html" in result.written
    assert f"es/eventos/{event.slug}/index.html" in result.written
    assert "en/policies/calling-911/index.html" not in result.written
    for name in result.written:
        if name.startswith("sitemap"):
            continue  # the sitemaps give the meeting's new date of change
        text = (mirror / name).read_text()
        assert "Renamed meeting" in text or "Reunión renombrada" in text, name
    assert "Renamed meeting" in (mirror / f"en/events/{event.slug}/index.html").read_text()
    assert result.deleted == []


def test_an_unpublished_meeting_disappears_from_the_mirror(mirror):
    event = Event.objects.published().order_by("starts_at").last()
    folder = mirror / "en/events" / event.slug
    assert (folder / "index.html").is_file()
    event.status = PublishStatus.DRAFT
    event.save()
    result = export()
    assert f"en/events/{event.slug}/index.html" in result.deleted
    assert f"es/eventos/{event.slug}/index.html" in result.deleted
    assert not folder.exists()
    assert not any(event.slug in name for name in files_of(mirror))
    manifest = (mirror / MANIFEST).read_text()
    assert event.slug not in manifest


def test_the_command_with_if_changed_does_nothing_until_the_content_changes(
    mirror, capsys, django_capture_on_commit_callbacks
):
    call_command("export_static", "--if-changed")
    assert "unchanged since the last export" in capsys.readouterr().out
    event = Event.objects.published().first()
    event.title_en = "Another title"
    # A shared cache (Redis) gets the new content stamp once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    call_command("export_static", "--if-changed")
    output = capsys.readouterr().out
    assert "written" in output and "unchanged" not in output
    with translation.override("en"):
        assert "Another title" in (mirror / f"en/events/{event.slug}/index.html").read_text()


def test_the_command_writes_into_the_folder_it_is_given(tmp_path):
    EventFactory(slug="a-meeting")
    call_command("export_static", "--output", str(tmp_path / "elsewhere"))
    assert (tmp_path / "elsewhere/en/events/a-meeting/index.html").is_file()
    assert (tmp_path / "elsewhere/es/eventos/a-meeting/index.html").is_file()


def test_a_page_answering_with_a_server_error_stops_the_export_before_anything_is_deleted(mirror, monkeypatch):
    before = files_of(mirror)
    monkeypatch.setattr(views.FaqIndexView, "get", lambda *args, **kwargs: HttpResponse(status=503))
    with pytest.raises(CommandError, match="503"):
        call_command("export_static")
    assert files_of(mirror) == before


def test_a_page_that_sets_a_cookie_is_never_written_into_the_mirror(tmp_path, settings, monkeypatch, caplog):
    settings.STATIC_MIRROR_ROOT = tmp_path
    call_command("seed_demo")
    # The request letter sends a form with its CSRF cookie: left out by name; without the name, by its cookie.
    monkeypatch.setattr(mirror_module, "LEFT_OUT", LEFT_OUT - {"guides:guide-request-letter"})
    export()
    assert not any("request-letter" in name or "carta-de-solicitud" in name for name in files_of(tmp_path))
    assert "sets a cookie and is left out" in caplog.text


def test_links_in_staff_written_text_to_files_that_are_not_there_or_outside_never_stop_the_export(tmp_path, settings):
    settings.STATIC_MIRROR_ROOT = tmp_path / "mirror"
    links = ["/static/", "/static/../settings.py", "/media/%2e%2e/secret.txt", "/media/", "/static/no-such-file.css"]
    entry = FaqEntryFactory(answer_en="".join(f'<p><a href="{link}">a link</a></p>' for link in links))
    export()
    page = (tmp_path / "mirror/en/faq" / entry.category.slug / entry.slug / "index.html").read_text()
    assert 'href="/media/%2e%2e/secret.txt"' in page and 'href="/static/../settings.py"' in page
    assert not (tmp_path / "settings.py").exists() and not (tmp_path / "mirror/settings.py").exists()
    assert not (tmp_path / "mirror/static/no-such-file.css").exists()
