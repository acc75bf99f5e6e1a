from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.factories import EventFactory
from tests.helpers import admin_path, all_sitemaps, html

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [("es-MX,es;q=0.9,en;q=0.5", "/es/"), ("en-US,en;q=0.9", "/en/"), ("fr-FR", "/en/"), ("", "/en/")],
)
def test_root_redirects_by_accept_language(client, accept_language, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == target
    assert not response.cookies


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/en/", "/es/"),
        ("/es/", "/en/"),
        ("/en/events/", "/es/eventos/"),
        ("/es/eventos/pasados/", "/en/events/past/"),
        ("/en/events/{slug}/", "/es/eventos/{slug}/"),
        ("/es/eventos/{slug}/volante/", "/en/events/{slug}/flyer/"),
    ],
)
def test_language_switcher_lands_on_the_same_page_in_the_other_language(client, path, other):
    event = EventFactory()
    page = html(client.get(path.format(slug=event.slug)))
    switcher = page.select_one("nav.language-switcher")
    links = {a["hreflang"]: a["href"] for a in switcher.find_all("a")}
    assert list(links.values()) == [other.format(slug=event.slug)]
    assert switcher.select_one("[aria-current]")["lang"] == path[1:3]


def test_switcher_keeps_the_filter_query(client):
    EventFactory()
    page = html(client.get("/en/events/?city=Dallas"))
    assert page.select_one("nav.language-switcher a")["href"] == "/es/eventos/?city=Dallas"


@pytest.mark.parametrize("path", ["/en/events/", "/es/eventos/"])
def test_pages_declare_language_hreflang_alternates_and_canonical(client, path):
    page = html(client.get(path))
    assert page.html["lang"] == path[1:3]
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
    assert alternates == {
        "en": "https://outreach.example.org/en/events/",
        "es": "https://outreach.example.org/es/eventos/",
        "x-default": "https://outreach.example.org/en/events/",
    }
    assert page.select_one("link[rel=canonical]")["href"] == f"https://outreach.example.org{path}"


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/en/no-such-page/", "We could not find that page"), ("/es/no-existe/", "No encontramos esa página")],
)
def test_not_found_page_is_translated_and_helpful(client, path, heading):
    response = client.get(path)
    page = html(response)
    assert response.status_code == 404
    assert page.find("h1").get_text(strip=True) == heading
    assert page.find("a", href=path[:4] + ("events/" if path.startswith("/en") else "eventos/"))
    assert "911" in page.get_text()


@pytest.mark.parametrize("path", ["/en/", "/es/"])
def test_every_page_has_emergency_numbers_quick_exit_and_official_site_note(client, path):
    page = html(client.get(path))
    band = page.select_one(".emergency-band")
    assert band.find("a", href="tel:911")
    assert band.find("a", href="tel:5550100")
    quick_exit = page.select_one("a.quick-exit")
    assert quick_exit["href"].startswith("https://")
    # Quick exit is reachable first thing by keyboard: only the skip link comes before it.
    focusable = page.find_all(["a", "button", "input", "select", "textarea"])
    assert focusable[0]["class"] == ["skip-link", "visually-hidden-focusable"]
    assert focusable[1] is quick_exit
    assert "https://outreach.example.org" in page.select_one(".site-footer").get_text()


@pytest.mark.parametrize("path", ["/en/", "/es/", "/en/events/", "/es/eventos/"])
def test_pages_have_landmarks_and_a_skip_link(client, path):
    page = html(client.get(path))
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main")
    assert page.find("header") and page.find("footer") and page.find("nav")
    assert len(page.find_all("h1")) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/es/",
        "/en/events/",
        "/es/eventos/",
        "/en/events/{slug}/",
        "/es/eventos/{slug}/volante/",
        "/en/no-such-page/",
        "/en/faq/",
        "/es/politicas/",
        "/es/preguntar/",
        "/es/privacidad/",
        "/es/buscar/?q=reunion",
        "/en/resources/",
        "/es/recursos/?category=legal-aid",
        "/en/resources/{resource}/",
        "/es/verificacion/",
        "/es/verificacion/{fact_check}/",
        "/en/faq/{faq_category}/",
        "/es/preguntas-frecuentes/{faq_category}/{faq_entry}/",
        "/es/politicas/?topic={topic}",
    ],
)
def test_pages_have_no_inline_script_or_style_and_no_third_party_requests(client, path):
    from tests.factories import FactCheckFactory, FaqEntryFactory, PolicyFactory, ResourceFactory

    event = EventFactory()
    entry = FaqEntryFactory()
    slugs = {
        "slug": event.slug,
        "resource": ResourceFactory().slug,
        "fact_check": FactCheckFactory().slug,
        "faq_category": entry.category.slug,
        "faq_entry": entry.slug,
        "topic": PolicyFactory().topic.slug,
    }
    response = client.get(path.format(**slugs))
    page = html(response)
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            continue  # schema.org data: never executed, and the CSP does not apply to it
        assert script.get("src", "").startswith("/static/"), script
        assert not script.string
    assert not page.find("style")
    assert not page.find(attrs={"style": True})
    for tag, attribute in [("link", "href"), ("img", "src"), ("script", "src"), ("iframe", "src")]:
        for element in page.find_all(tag):
            if tag == "link" and set(element.get("rel", [])) & {"canonical", "alternate"}:
                continue
            if tag == "script" and element.get("type") == "application/ld+json":
                continue
            assert element[attribute].startswith("/"), element
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "nonce-" not in policy


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/es/",
        "/en/events/",
        "/es/eventos/",
        "/en/events/{slug}/",
        "/es/eventos/{slug}/",
        "/en/events/calendar.ics",
        "/es/eventos/feed/",
        "/en/events/past/",
        "/es/eventos/{slug}/volante/",
        "/sitemap.xml",
        "/sitemap-events.xml",
    ],
)
def test_anonymous_reading_pages_set_no_cookies(client, path):
    event = EventFactory()
    response = client.get(path.format(slug=event.slug))
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200


def test_a_database_error_while_the_database_answers_is_logged_and_shown_as_an_error_not_as_an_outage(
    client, site_settings, caplog
):
    client.raise_request_exception = False
    with mock.patch("outreach.views.HomeView.get", side_effect=OperationalError("database is locked")):
        response = client.get("/es/")
    assert response.status_code == 500
    assert "no está disponible por el momento" not in response.content.decode()
    assert any(record.name == "django.request" and record.levelname == "ERROR" for record in caplog.records)


def test_unknown_page_while_the_database_is_down_is_the_503_page(client):
    cache.clear()
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down")):
        response = client.get("/es/no-existe/")
    assert response.status_code == 503
    assert b'href="tel:911"' in response.content


def test_healthz_says_503_when_the_database_is_down(client):
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize("path", ["/en/", "/es/eventos/"])
def test_database_down_gives_a_bilingual_503_with_the_phone_numbers(client, path):
    client.get("/en/")  # the site has seen its settings once, as a running site has
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down")):
        cache.delete("outreach:site-settings")
        response = client.get(path)
    page = html(response)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = page.get_text(" ", strip=True)
    assert "The site is temporarily unavailable" in text
    assert "El sitio no está disponible por el momento" in text
    assert page.find("a", href="tel:911")
    assert page.find("a", href="tel:5550100")
    assert {section["lang"] for section in page.select("section[lang]")} == {"en", "es"}


def test_database_down_before_any_settings_were_seen_still_shows_911(client, settings):
    settings.NON_EMERGENCY_NUMBER = "555-0199"
    cache.clear()
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down")):
        response = client.get("/en/")
    assert response.status_code == 503
    assert b'href="tel:911"' in response.content
    assert b'href="tel:5550199"' in response.content


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: https://outreach.example.org/sitemap.xml" in response.content.decode()
    # The admin's address is not published there (ADMIN_URL may be chosen to be out of sight).
    assert admin_path() not in response.content.decode()


def test_admin_pages_ask_search_engines_not_to_index_them(client):
    response = client.get(admin_path("login/"))
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_sitemap_lists_published_pages_in_both_languages(client):
    event = EventFactory()
    draft = EventFactory(draft=True)
    body = all_sitemaps(client)
    assert f"https://outreach.example.org/en/events/{event.slug}/" in body
    assert f"https://outreach.example.org/es/eventos/{event.slug}/" in body
    assert 'hreflang="es"' in body
    assert draft.slug not in body


@pytest.mark.parametrize("path", ["/en/", "/es/"])
def test_home_page_shows_the_next_three_meetings(client, path):
    EventFactory.create_batch(4)
    page = html(client.get(path))
    assert len(page.select(".event-card")) == 3


def test_server_error_page_is_bilingual_and_needs_no_database(client, rf):
    from outreach.views import server_error

    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down")):
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert "Algo salió mal de nuestro lado".encode() in response.content


@pytest.mark.parametrize("key", ["", "short", "change-me-to-a-long-random-string-0123456789"])
def test_the_web_server_refuses_to_start_with_a_weak_secret_key(key):
    import os
    import subprocess
    import sys

    environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": key}
    result = subprocess.run(
        [sys.executable, "-c", "import outreach.wsgi"], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_web_server_starts_with_a_strong_secret_key():
    import os
    import subprocess
    import sys

    environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": "k" * 20 + "-a-strong-and-random-enough-key"}
    result = subprocess.run(
        [sys.executable, "-c", "import outreach.wsgi"], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
