"""The "know your rights" wallet card: the published commitments and the exception, 911 and the site's address."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from editorial import pagecache
from tests.factories import PolicyFactory
from tests.helpers import html

pytestmark = pytest.mark.django_db

PATHS = {"en": "/en/wallet-card/", "es": "/es/tarjeta-de-derechos/"}
CSS = Path(settings.BASE_DIR) / "static" / "css" / "main.css"


@pytest.fixture
def card_policies(site_settings):
    return {
        "commitments": [
            PolicyFactory(
                key_commitment=True,
                title_en="Call 911 whatever your status",
                title_es="Llame al 911 sin importar su estatus",
            ),
            PolicyFactory(
                key_commitment=True,
                title_en="No part in immigration raids",
                title_es="No participamos en redadas de inmigración",
            ),
        ],
        "exception": PolicyFactory(
            exception=True,
            title_en="The exception: outstanding criminal warrants",
            title_es="La excepción: órdenes de arresto penales pendientes",
            summary_en="A person with an outstanding criminal warrant can still be arrested.",
            summary_es="Una persona con una orden de arresto penal pendiente puede ser arrestada.",
        ),
        "draft": PolicyFactory(key_commitment=True, draft=True, title_en="A draft promise", title_es="Una promesa"),
    }


def test_the_card_has_an_address_in_each_language():
    for code, path in PATHS.items():
        with translation.override(code):
            assert reverse("outreach:wallet-card") == path


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_card_shows_every_published_commitment_and_the_exception_in_full(client, card_policies, code):
    page = client.get(PATHS[code]).content.decode()

    for policy in card_policies["commitments"]:
        assert getattr(policy, f"title_{code}") in page
    exception = card_policies["exception"]
    assert getattr(exception, f"title_{code}") in page
    assert getattr(exception, f"summary_{code}") in page
    assert "A draft promise" not in page and "Una promesa" not in page
    assert f'<html lang="{code}"' in page


def test_the_card_gives_911_the_non_emergency_number_and_the_site_address(client, card_policies):
    english = client.get(PATHS["en"])
    spanish = client.get(PATHS["es"])

    assert "In an emergency, call 911, whatever your status." in english.content.decode()
    assert "En una emergencia, llame al 911, sin importar su estatus." in spanish.content.decode()
    back = html(english).select_one(".wallet-card__back").get_text(" ", strip=True)
    assert "555-0100" in back
    site_address = settings.SITE_URL.split("://", 1)[-1].rstrip("/")
    assert f"{site_address}/en/" in back
    assert f"{site_address}/es/" in html(spanish).select_one(".wallet-card__back").get_text(" ", strip=True)


def test_the_exception_is_on_the_same_side_as_the_commitments(client, card_policies):
    front = html(client.get(PATHS["en"])).select_one(".wallet-card__front")
    assert "Call 911 whatever your status" in front.get_text()
    assert "outstanding criminal warrants" in front.select_one(".wallet-card__exception").get_text()


def test_the_card_is_printed_several_times_a_page_at_the_size_of_a_wallet_card(client, card_policies):
    page = html(client.get(PATHS["en"]))
    assert page.select_one("body.wallet-card-page")
    assert page.select(".wallet-card-sheet > .wallet-card") and len(page.select(".wallet-card")) >= 2
    # On screen one card; the copies are for paper only.
    assert len(page.select(".wallet-card:not(.wallet-card--copy)")) == 1
    print_css = CSS.read_text()[CSS.read_text().index("@media print") :]
    assert re.search(r"\.wallet-card__side\{[^}]*width:85\.6mm", print_css)
    assert re.search(r"\.wallet-card__side\{[^}]*height:54mm", print_css)


def test_a_long_list_of_commitments_gives_a_card_of_the_same_size_and_queries(client, card_policies):
    def card():
        client.get(PATHS["en"])  # what every request shares (the site settings) is loaded, as for any visitor
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PATHS["en"])
        return response, len(queries)

    few, few_queries = card()
    PolicyFactory.create_batch(20, key_commitment=True)
    PolicyFactory.create_batch(3, exception=True)
    many, many_queries = card()

    assert few_queries == many_queries <= QUERIES
    assert few.status_code == many.status_code == 200
    assert len(html(many).select(".wallet-card:not(.wallet-card--copy) .wallet-card__commitments li")) <= 4
    assert len(many.content) < len(few.content) * 2


# The page cache's stamp (in the database unless a shared cache such as Redis keeps it), the alerts, the commitments
# and the exceptions.
QUERIES = 4


def test_the_card_sets_no_cookie_and_is_cached_like_any_reading_page(client, card_policies, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wallet-card-tests"},
    }
    pagecache.page_cache().clear()

    for path in PATHS.values():
        first = client.get(path)
        again = client.get(path)
        assert not first.cookies and not again.cookies
        assert first[pagecache.STATUS_HEADER] == "miss"
        assert again[pagecache.STATUS_HEADER] == "hit"


def test_the_card_without_published_commitments_still_says_911(client, site_settings):
    PolicyFactory(key_commitment=True, draft=True)
    page = client.get(PATHS["es"])
    assert page.status_code == 200
    assert "llame al 911" in page.content.decode()
    assert not html(page).select(".wallet-card")


def test_the_guides_and_policies_pages_link_to_the_card(client, card_policies):
    for path, card in [("/en/guides/", PATHS["en"]), ("/es/guias/", PATHS["es"]), ("/es/politicas/", PATHS["es"])]:
        links = [a["href"] for a in html(client.get(path)).select("a[href]")]
        assert card in links, path


def test_the_sitemap_lists_the_card_in_both_languages(client, card_policies):
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/en/wallet-card/" in sitemap and "/es/tarjeta-de-derechos/" in sitemap


def test_a_commitment_not_yet_in_spanish_is_on_the_spanish_card_in_english_and_marked(client, card_policies):
    PolicyFactory(key_commitment=True, untranslated=True, title_en="Keep going to work")
    page = html(client.get(PATHS["es"]))
    line = next(li for li in page.select(".wallet-card__commitments li") if "Keep going to work" in li.get_text())
    assert line["lang"] == "en"
