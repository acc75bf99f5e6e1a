import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from outreach.models import FactCheck, FaqEntry, Resource
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqCategoryFactory,
    FaqEntryFactory,
    ResourceFactory,
)
from tests.helpers import html, queries_for

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

RESOURCES = {"en": "/en/resources/", "es": "/es/recursos/"}
FACT_CHECKS = {"en": "/en/fact-checks/", "es": "/es/verificacion/"}


# --- Fact checks and alerts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_fact_checks_show_claim_and_what_is_true_newest_first(client, language):
    old = FactCheckFactory(published_on=datetime.date(2026, 1, 1), claim_en="Old rumor", claim_es="Rumor viejo")
    FactCheckFactory(published_on=datetime.date(2026, 3, 1), claim_en="New rumor", claim_es="Rumor nuevo")
    page = html(client.get(FACT_CHECKS[language]))
    claims = [article.h2.a.get_text(strip=True) for article in page.select("article.fact-check")]
    assert claims == ({"en": ["New rumor", "Old rumor"], "es": ["Rumor nuevo", "Rumor viejo"]}[language])
    heading = {"en": "What is true", "es": "Lo que es verdad"}[language]
    assert page.select_one("article.fact-check h3").get_text(strip=True) == heading
    # Each keeps its anchor on the list and links to a page of its own.
    article = page.find("article", id=f"fact-check-{old.pk}")
    assert article.h2.a["href"] == f"{FACT_CHECKS[language]}{old.slug}/"


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_fact_check_has_a_page_with_the_claim_what_is_true_and_a_way_back(client, language):
    from tests.factories import PolicyFactory

    policy = PolicyFactory()
    fact_check = FactCheckFactory(
        claim_en="Police are checking papers at the market",
        claim_es="La policía pide papeles en el mercado",
        related_policy=policy,
    )
    assert fact_check.slug == "police-are-checking-papers-at-the-market"
    with translation.override(language):
        url = fact_check.get_absolute_url()
    assert url == f"{FACT_CHECKS[language]}police-are-checking-papers-at-the-market/"

    page = html(client.get(url))

    assert getattr(fact_check, f"claim_{language}") in page.h1.get_text()
    assert {"en": "False.", "es": "Falso."}[language] in page.select_one(".rich-text").get_text()
    assert page.find("a", href={"en": "/en/policies/", "es": "/es/politicas/"}[language] + f"{policy.slug}/")
    assert page.find("a", href=FACT_CHECKS[language])


def test_fact_checks_are_paged_twenty_at_a_time_and_bad_page_numbers_are_not_found(client):
    from outreach.views import FACT_CHECKS_PER_PAGE

    FactCheckFactory.create_batch(FACT_CHECKS_PER_PAGE + 1)
    assert len(html(client.get(FACT_CHECKS["en"])).select("article.fact-check")) == FACT_CHECKS_PER_PAGE
    assert len(html(client.get(FACT_CHECKS["en"], {"page": 2})).select("article.fact-check")) == 1
    for page in ("0", "3", "x", "-2"):
        assert client.get(FACT_CHECKS["en"], {"page": page}).status_code == 404


def test_an_old_link_to_a_fact_check_on_the_list_finds_its_page(client):
    fact_check = FactCheckFactory()
    response = client.get(FACT_CHECKS["es"], {"item": fact_check.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{FACT_CHECKS['es']}{fact_check.slug}/"
    assert client.get(FACT_CHECKS["es"], {"item": fact_check.pk + 1}).status_code == 404


def test_a_draft_fact_check_has_no_public_page(client):
    fact_check = FactCheckFactory(status="draft")
    assert client.get(fact_check.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["/en/", "/es/eventos/", "/en/faq/", "/es/recursos/", "/en/no-such-page/"])
def test_active_alert_is_a_banner_on_every_page(client, path):
    AlertFactory()
    banner = html(client.get(path)).select_one(".alert-banner")
    assert banner is not None
    expected = "cancelled because of the storm" if path.startswith("/en") else "se canceló por la tormenta"
    assert expected in banner.get_text()


def test_alert_appears_at_starts_at_and_disappears_at_ends_at_without_a_restart(client):
    start = timezone.now() + datetime.timedelta(hours=1)
    AlertFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    assert not html(client.get("/en/")).select_one(".alert-banner")
    with time_machine.travel(start + datetime.timedelta(minutes=1)):
        assert html(client.get("/en/")).select_one(".alert-banner")
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1)):
        assert not html(client.get("/en/")).select_one(".alert-banner")


def test_alert_link_follows_the_reader_language(client):
    AlertFactory(link="/en/events/")
    banner = html(client.get("/es/")).select_one(".alert-banner")
    assert banner.find("a")["href"] == "/es/eventos/"


def test_draft_alert_is_not_shown(client):
    AlertFactory(status="draft")
    assert not html(client.get("/en/")).select_one(".alert-banner")


# --- Home page ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_home_page_has_everything_a_resident_needs_first(client, language):
    from tests.factories import PolicyFactory

    EventFactory.create_batch(4)
    commitment = PolicyFactory(is_key_commitment=True, title_en="No raids", title_es="Sin redadas")
    exception = PolicyFactory(is_exception=True, title_en="Warrants", title_es="Órdenes de arresto")
    PolicyFactory(title_en="Minor", title_es="Menor")
    fact_check = FactCheckFactory()
    FaqEntryFactory(is_highlighted=True, question_en="Highlighted?", question_es="¿Destacada?")

    page = html(client.get(f"/{language}/"))

    assert len(page.select(".event-card")) == 3
    commitments = page.select_one(".key-commitments")
    assert commitments.find(
        "a",
        href=commitment.get_absolute_url()
        .replace("/en/", f"/{language}/")
        .replace("/policies/", "/politicas/" if language == "es" else "/policies/"),
    )
    assert getattr(exception, f"title_{language}") in commitments.select_one(".warrant-exception").get_text()
    assert getattr(fact_check, f"claim_{language}") in page.get_text()
    assert {"en": "Highlighted?", "es": "¿Destacada?"}[language] in page.get_text()
    assert page.find("a", href=RESOURCES[language])
    assert page.select_one(".emergency-numbers").find("strong").get_text() == "911"


# --- Bounded queries ---------------------------------------------------------------------------------------------


def _bulk(model, count, **values):
    objects = [
        model(**{key: (value(n) if callable(value) else value) for key, value in values.items()}) for n in range(count)
    ]
    model.objects.bulk_create(objects)


@pytest.mark.parametrize(
    "path",
    [
        "/en/faq/",
        "/es/preguntas-frecuentes/",
        "/en/faq/category-bounded/",
        "/en/resources/",
        "/es/recursos/",
        "/es/recursos/?category=hotline",
        "/en/fact-checks/",
        "/es/verificacion/",
        "/en/",
        "/es/",
    ],
)
def test_content_pages_run_the_same_number_of_queries_for_5_and_200_items(client, path):
    from tests.factories import PolicyFactory

    category = FaqCategoryFactory(slug="category-bounded")
    policy = PolicyFactory(is_key_commitment=True)
    for _ in range(5):
        FaqEntryFactory(category=category, related_policy=policy, is_highlighted=True)
        ResourceFactory(category="hotline")
        FactCheckFactory(related_policy=policy)
        EventFactory()
        AlertFactory()
    few = queries_for(client, path)

    _bulk(
        FaqEntry,
        195,
        slug=lambda n: f"q-{n}",
        question_en=lambda n: f"Q{n}",
        answer_en="<p>A</p>",
        category=category,
        related_policy=policy,
        status="published",
        is_highlighted=True,
    )
    _bulk(
        Resource,
        195,
        slug=lambda n: f"r-{n}",
        name_en=lambda n: f"R{n}",
        description_en="D",
        category="hotline",
        last_verified=timezone.localdate(),
        status="published",
    )
    _bulk(
        FactCheck,
        195,
        slug=lambda n: f"c-{n}",
        claim_en=lambda n: f"C{n}",
        facts_en="<p>F</p>",
        related_policy=policy,
        status="published",
    )
    many = queries_for(client, path)

    assert few == many <= 7
