"""
Link previews and schema.org data of the site's own pages: every page has a description and Open Graph tags with a
picture (its own for a fact check, the site's for the others), the home page describes the department as a
`GovernmentOrganization`, and a fact check is passed on as a rumor with the address of what is true.
"""

import io
from urllib.parse import parse_qs, unquote, urlsplit

import extruct
import pytest
from PIL import Image

from tests.factories import FactCheckFactory
from tests.helpers import html

SITE = "https://outreach.example.org"
CHECKS = {"en": "/en/fact-checks/", "es": "/es/verificacion/"}
CLAIM = {"en": "Police are checking papers at the market", "es": "La policía está pidiendo papeles en el mercado"}


@pytest.fixture
def fact_check(site_settings):
    return FactCheckFactory(claim_en=CLAIM["en"], claim_es=CLAIM["es"])


def open_graph(response):
    (og,) = extruct.extract(response.content.decode(), base_url=SITE, syntaxes=["opengraph"])["opengraph"]
    return dict(og["properties"])


def picture(client, url):
    response = client.get(url.removeprefix(SITE))
    assert response.status_code == 200
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "page", ["", "events/", "policies/", "faq/", "resources/", "fact-checks/", "search/", "ask/", "privacy/"]
)
def test_every_page_has_a_description_and_a_preview_with_the_sites_picture(client, site_settings, language, page):
    path = f"/{language}/{page}"
    if language == "es":  # the same page in Spanish, through the language switcher's link
        path = html(client.get(f"/en/{page}")).select_one("link[hreflang=es]")["href"].removeprefix(SITE)
    response = client.get(path)
    tags = open_graph(response)
    page_html = html(response)

    assert page_html.select_one("meta[name=description]")["content"]
    assert tags["og:url"] == page_html.select_one("link[rel=canonical]")["href"]
    assert tags["og:title"] and tags["og:description"] and tags["og:site_name"]
    assert tags["og:locale"] == f"{language}_US"
    assert tags["og:image"].startswith(f"{SITE}/{language}/share-")
    assert tags["og:image:alt"]
    assert page_html.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    assert picture(client, tags["og:image"]).size == (1200, 630)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_home_page_describes_the_department_as_a_government_organization(client, site_settings, language):
    data = extruct.extract(client.get(f"/{language}/").content.decode(), base_url=SITE, syntaxes=["json-ld"])
    (organization,) = [item for item in data["json-ld"] if item["@type"] == "GovernmentOrganization"]

    assert organization["name"] == str(getattr(site_settings, f"organization_name_{language}"))
    assert organization["alternateName"] == str(getattr(site_settings, f"program_name_{language}"))
    assert organization["url"] == f"{SITE}/"
    assert organization["telephone"] == "555-0100"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_fact_check_has_its_own_preview_picture_and_is_shared_as_a_rumor(client, fact_check, language):
    path = f"{CHECKS[language]}{fact_check.slug}/"
    response = client.get(path)
    tags = open_graph(response)

    assert tags["og:type"] == "article"
    assert tags["og:url"] == f"{SITE}{path}"
    assert tags["og:image"].startswith(f"{SITE}{path}share-")
    assert CLAIM[language] in tags["og:image:alt"]
    assert picture(client, tags["og:image"]).size == (1200, 630)

    hrefs = [a["href"] for a in html(response).select(".share-links a")]
    (whatsapp,) = [href for href in hrefs if href.startswith("https://wa.me/?text=")]
    text = parse_qs(urlsplit(whatsapp).query)["text"][0]
    assert CLAIM[language] in text
    assert text.startswith("Rumor: ")
    assert text.endswith(f"{SITE}{path}")
    (sms,) = [href for href in hrefs if href.startswith("sms:?&body=")]
    assert unquote(sms.removeprefix("sms:?&body=")) == text
    assert not [href for href in hrefs if "calendar" in href]


@pytest.mark.django_db
def test_a_changed_fact_check_gets_a_new_picture_and_a_draft_none(client, fact_check):
    path = f"/en/fact-checks/{fact_check.slug}/"
    before = open_graph(client.get(path))["og:image"]
    fact_check.claim_en = "Police are checking papers at the bus station"
    fact_check.save()
    after = open_graph(client.get(path))["og:image"]
    assert after != before
    assert picture(client, after).size == (1200, 630)

    fact_check.status = "draft"
    fact_check.save()
    assert client.get(after.removeprefix(SITE)).status_code == 404
