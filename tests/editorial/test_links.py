"""
No host, path or header a visitor controls reaches a link: every absolute URL the site writes (canonical,
hreflang, switcher, sitemaps, feed, calendars, flyer, print line, robots.txt, redirects) is on SITE_URL.
"""

import xml.etree.ElementTree as ET
from urllib.parse import unquote_to_bytes, urlsplit

import icalendar
import pytest
from django.conf import settings
from django.core import checks
from django.test import override_settings

from editorial.links import absolute_url
from tests.factories import (
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    SiteSettingsFactory,
)
from tests.helpers import html

pytestmark = pytest.mark.django_db

SITE = "https://outreach.example.org"
EVIL = "evil.example"

# Every kind of public page, in both languages (404 included).
PAGES = [
    "/en/",
    "/es/",
    "/en/events/",
    "/es/eventos/",
    "/en/events/past/",
    "/es/eventos/pasados/",
    "/en/events/{event}/",
    "/es/eventos/{event}/",
    "/en/events/{event}/flyer/",
    "/es/eventos/{event}/volante/",
    "/en/policies/",
    "/es/politicas/",
    "/en/policies/{policy}/",
    "/es/politicas/{policy}/",
    "/en/policies/{policy}/history/",
    "/es/politicas/{policy}/historial/",
    "/en/faq/",
    "/es/preguntas-frecuentes/",
    "/en/faq/{category}/",
    "/es/preguntas-frecuentes/{category}/{entry}/",
    "/en/resources/",
    "/es/recursos/{resource}/",
    "/en/fact-checks/",
    "/es/verificacion/{fact_check}/",
    "/en/ask/",
    "/es/preguntar/",
    "/en/search/?q=meeting",
    "/es/buscar/?q=reunion",
    "/en/privacy/",
    "/es/privacidad/",
    "/en/no-such-page/",
    "/es/no-existe/",
    "/en/events/no-such-meeting/",
]

# What a visitor can put in front of a path to make it look like another host.
PATH_ATTACKS = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\\\evil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%09/evil.example",  # browsers drop tabs and line breaks from a URL: "/\t/host" would become "//host"
]
# Headers a proxy or a visitor could send.
HOST_ATTACK = {"HTTP_HOST": EVIL, "HTTP_X_FORWARDED_HOST": EVIL, "HTTP_X_FORWARDED_PROTO": "http"}


@pytest.fixture
def content():
    SiteSettingsFactory()
    event = EventFactory()
    entry = FaqEntryFactory()
    return {
        "event": event.slug,
        "policy": PolicyFactory().slug,
        "category": entry.category.slug,
        "entry": entry.slug,
        "resource": ResourceFactory().slug,
        "fact_check": FactCheckFactory().slug,
    }


def fetch(client, path, **headers):
    """GET `path` as a WSGI server passes it to Django (PATH_INFO percent-decoded), bypassing the test client's
    own parsing, which would read `//evil.example/en/` as a host and a path."""
    raw_path, _, query = path.partition("?")
    path_info = unquote_to_bytes(raw_path).decode("iso-8859-1")
    return client.get("/", PATH_INFO=path_info, QUERY_STRING=query, **headers)


def urls_in(page):
    """Every address in an attribute of the page (links, images, scripts, forms, srcset candidates)."""
    found = []
    for element in page.find_all(True):
        for name in ("href", "src", "action", "formaction", "poster", "data-url"):
            if element.has_attr(name):
                found.append(element[name])
        if element.has_attr("srcset"):
            found.extend(candidate.split()[0] for candidate in element["srcset"].split(",") if candidate.strip())
    return found


def external_hosts():
    # The site's own links out: the quick exit, maps, the websites of resources (content, not the request), and the
    # share links (whose text carries the page's address on SITE_URL, checked with every attribute above).
    share = {"wa.me", "www.facebook.com", "calendar.google.com"}
    return {urlsplit(settings.QUICK_EXIT_URL).netloc, "www.openstreetmap.org", "legal-clinic.example.org", *share}


def assert_links_on_site(response):
    body = response.content.decode()
    page = html(response)
    for attribute in (value for element in page.find_all(True) for value in element.attrs.values()):
        assert EVIL not in str(attribute)
    for url in urls_in(page):
        assert not url.startswith(("//", "/\\", "\\")), url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            assert url.startswith(f"{SITE}/") or parts.netloc in external_hosts(), url
    for link in page.select("link[rel=canonical], link[rel=alternate][hreflang]"):
        assert link["href"].startswith(f"{SITE}/"), link
    for link in page.select("nav.language-switcher a"):
        assert link["href"].startswith(("/en/", "/es/")), link
    return body


@pytest.mark.parametrize("attack", PATH_ATTACKS)
def test_a_path_that_looks_like_another_host_changes_no_link_on_any_page(client, content, attack):
    for path in PAGES:
        response = fetch(client, attack + path.format(**content))
        assert response.status_code in (301, 302, 404), (attack, path, response.status_code)
        if response.status_code != 404:
            location = response["Location"]
            assert location.startswith("/") and not location.startswith(("//", "/\\")), location
            assert EVIL not in location
            continue
        assert_links_on_site(response)


def test_the_404_for_a_protocol_relative_path_links_to_each_language_home_on_the_site(client, content):
    page = html(fetch(client, "//evil.example/en/"))
    switcher = {a["hreflang"]: a["href"] for a in page.select("nav.language-switcher a")}
    assert set(switcher.values()) <= {"/en/", "/es/"}
    # An address that is no page names no canonical address and no alternates.
    assert not page.select("link[rel=canonical], link[rel=alternate][hreflang]")


@override_settings(ALLOWED_HOSTS=["*"], USE_X_FORWARDED_HOST=False)
def test_an_odd_host_header_changes_no_link_on_any_page_in_either_language(client, content):
    for path in PAGES:
        response = fetch(client, path.format(**content), **HOST_ATTACK)
        assert response.status_code in (200, 404), (path, response.status_code)
        body = assert_links_on_site(response)
        assert "http://testserver" not in body


@override_settings(ALLOWED_HOSTS=["*"])
@pytest.mark.parametrize(("path", "canonical"), [("/en/events/", "/en/events/"), ("/es/eventos/", "/es/eventos/")])
def test_canonical_and_alternates_are_the_resolved_page_on_the_site_address(client, content, path, canonical):
    page = html(fetch(client, path + "?page=1&city=//evil.example", **HOST_ATTACK))
    assert page.select_one("link[rel=canonical]")["href"] == f"{SITE}{canonical}"
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
    assert alternates == {"en": f"{SITE}/en/events/", "es": f"{SITE}/es/eventos/", "x-default": f"{SITE}/en/events/"}


def test_ask_for_a_host_the_site_does_not_serve_and_you_get_a_400(client, content):
    # ALLOWED_HOSTS still applies: SITE_URL does not replace it.
    assert fetch(client, "/en/", HTTP_HOST=EVIL).status_code == 400


def xml_urls(content):
    root = ET.fromstring(content)
    names = ("loc", "link")  # sitemaps' <loc>, feeds' <link> (any namespace)
    urls = [(element.text or "").strip() for element in root.iter() if element.tag.rsplit("}", 1)[-1] in names]
    urls += [element.get("href") for element in root.iter() if element.get("href")]
    return [url for url in urls if url]


@override_settings(ALLOWED_HOSTS=["*"])
def test_the_sitemap_index_and_every_section_list_addresses_on_the_site(client, content):
    index = fetch(client, "/sitemap.xml", **HOST_ATTACK)
    assert index.status_code == 200
    sections = xml_urls(index.content)
    assert sections and all(url.startswith(f"{SITE}/sitemap-") for url in sections), sections
    locations = []
    for section in sections:
        response = fetch(client, section.removeprefix(SITE), **HOST_ATTACK)
        assert response.status_code == 200
        locations += xml_urls(response.content)
    assert f"{SITE}/en/events/{content['event']}/" in locations
    assert f"{SITE}/es/eventos/{content['event']}/" in locations
    assert all(url.startswith(f"{SITE}/") for url in locations), locations


@override_settings(ALLOWED_HOSTS=["*"])
@pytest.mark.parametrize("path", ["/en/events/feed/", "/es/eventos/feed/"])
def test_the_feed_links_the_site_address_in_both_languages(client, content, path):
    response = fetch(client, path, **HOST_ATTACK)
    assert response.status_code == 200
    urls = xml_urls(response.content)
    root = ET.fromstring(response.content)
    urls += [guid.text for guid in root.iter("guid")]
    assert any(content["event"] in url for url in urls)
    assert urls and all(url.startswith(f"{SITE}/") for url in urls), urls
    assert EVIL not in response.content.decode()


@override_settings(ALLOWED_HOSTS=["*"])
@pytest.mark.parametrize(
    "path", ["/en/events/{event}/calendar.ics", "/es/eventos/{event}/calendar.ics", "/en/events/calendar.ics"]
)
def test_calendars_take_their_urls_and_uids_from_the_site_address(client, content, path):
    response = fetch(client, path.format(**content), **HOST_ATTACK)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]).endswith("@outreach.example.org")
    assert str(event["url"]).startswith(f"{SITE}/")
    assert f"{SITE}/" in str(event["description"])
    assert EVIL not in response.content.decode()


@override_settings(ALLOWED_HOSTS=["*"])
@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/en/events/{event}/flyer/", ".flyer__url"),
        ("/es/eventos/{event}/volante/", ".flyer__url"),
        ("/en/policies/{policy}/", ".policy-print-source"),
        ("/es/politicas/{policy}/", ".policy-print-source"),
    ],
)
def test_printed_addresses_are_on_the_site_address(client, content, path, selector):
    page = html(fetch(client, path.format(**content), **HOST_ATTACK))
    assert f"{SITE}/" in page.select_one(selector).get_text()


@override_settings(ALLOWED_HOSTS=["*"])
def test_robots_txt_names_the_sitemap_on_the_site_address(client):
    response = fetch(client, "/robots.txt", **HOST_ATTACK)
    assert f"Sitemap: {SITE}/sitemap.xml" in response.content.decode()


@override_settings(ALLOWED_HOSTS=["*"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "//evil.example",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "/en/faq/?item={entry_pk}",
        "/es/verificacion/?item={fact_check_pk}",
        "/en/faq/wrong-category/{entry}/",
        "/en/events",
        "//evil.example/en/events",
    ],
)
def test_every_redirect_stays_on_the_site(client, content, path):
    from outreach.models import FactCheck, FaqEntry

    values = {
        **content,
        "entry_pk": FaqEntry.objects.get().pk,
        "fact_check_pk": FactCheck.objects.get().pk,
    }
    response = fetch(client, path.format(**values), **HOST_ATTACK)
    if response.status_code == 404:  # no page there to redirect to: the 404 page links on the site only
        assert_links_on_site(response)
    else:
        assert response.status_code in (301, 302), response.status_code
        location = response["Location"]
        assert EVIL not in location
        assert location.startswith(f"{SITE}/") or (location.startswith("/") and not location.startswith(("//", "/\\")))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_footer_shows_the_official_address_from_site_url(client, content, language):
    footer = html(client.get(f"/{language}/")).select_one("footer")
    assert "https://outreach.example.org" in footer.get_text()


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_the_footer_names_no_official_address_when_the_site_is_not_on_https(client, content):
    footer = html(client.get("/en/")).select_one("footer")
    assert "127.0.0.1" not in footer.get_text()


def test_absolute_url_keeps_any_path_on_the_site():
    for path in [
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example",
        "/\t/evil.example",
        "https://evil.example/",
    ]:
        url = absolute_url(path)
        assert urlsplit(url).netloc == "outreach.example.org"
        # The path has one leading slash and nothing a browser would drop or read as a host.
        site_path = url.removeprefix(SITE)
        assert site_path.startswith("/") and site_path[1] not in "/\\"
        assert not any(char in site_path for char in "\\\t\n ")
    assert absolute_url("/en/events/?page=2") == f"{SITE}/en/events/?page=2"
    assert absolute_url("/es/eventos/reunión/") == f"{SITE}/es/eventos/reuni%C3%B3n/"


def check_ids():
    messages = checks.run_checks(include_deployment_checks=True)
    return {message.id for message in messages if message.id.startswith("editorial.")}


@pytest.mark.parametrize("value", ["", "outreach.example.org", "https://", "https://x.example/site/", "ftp://x.org"])
def test_production_without_an_absolute_site_url_is_an_error(settings, value):
    settings.DEBUG = False
    settings.SITE_URL = value
    assert "editorial.E020" in check_ids()


def test_production_on_plain_http_is_a_warning(settings):
    settings.DEBUG = False
    settings.SITE_URL = "http://outreach.example.org"
    assert check_ids() & {"editorial.E020", "editorial.W020"} == {"editorial.W020"}


def test_an_https_site_url_passes_and_debug_needs_none(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://outreach.example.org/"
    assert not check_ids() & {"editorial.E020", "editorial.W020"}
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert not check_ids() & {"editorial.E020", "editorial.W020"}


@pytest.mark.parametrize("value", ["", "outreach.example.org"])
def test_the_web_server_refuses_to_start_without_a_site_address(value):
    import os
    import subprocess
    import sys

    environment = {**os.environ, "DEBUG": "false", "SITE_URL": value}
    result = subprocess.run(
        [sys.executable, "-c", "import outreach.wsgi"], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr
