import datetime
import json

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

FAQ = {"en": "/en/faq/", "es": "/es/preguntas-frecuentes/"}
RESOURCES = {"en": "/en/resources/", "es": "/es/recursos/"}
FACT_CHECKS = {"en": "/en/fact-checks/", "es": "/es/verificacion/"}


# --- FAQ ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_faq_groups_published_entries_by_category_in_order(client, language):
    first, second = FaqCategoryFactory(order=1), FaqCategoryFactory(order=2)
    FaqEntryFactory(category=second, order=1, question_en="B1", question_es="B1 es")
    FaqEntryFactory(category=first, order=2, question_en="A2", question_es="A2 es")
    FaqEntryFactory(category=first, order=1, question_en="A1", question_es="A1 es")
    FaqEntryFactory(category=first, draft=True, question_en="Hidden", question_es="Oculta")
    FaqCategoryFactory(order=3)  # no published entries: not shown

    page = html(client.get(FAQ[language]))

    sections = page.select("section.faq-category")
    assert [section.h2.get_text(strip=True) for section in sections] == [
        getattr(first, f"name_{language}"),
        getattr(second, f"name_{language}"),
    ]
    questions = [h3.contents[0].strip() for h3 in sections[0].select(".faq-entry h3")]
    suffix = "" if language == "en" else " es"
    assert questions == [f"A1{suffix}", f"A2{suffix}"]


def test_each_faq_entry_has_a_stable_anchor_link(client):
    entry = FaqEntryFactory()
    page = html(client.get("/es/preguntas-frecuentes/"))
    article = page.find("article", id=f"faq-{entry.pk}")
    assert article.find("a", href=f"#faq-{entry.pk}")
    with translation.override("en"):
        assert entry.get_absolute_url() == f"/en/faq/#faq-{entry.pk}"


def test_faq_links_to_the_related_published_policy(client):
    from tests.factories import PolicyFactory

    policy = PolicyFactory()
    FaqEntryFactory(related_policy=policy)
    page = html(client.get("/es/preguntas-frecuentes/"))
    assert page.find("a", href=f"/es/politicas/{policy.slug}/")


@pytest.mark.parametrize("language", ["en", "es"])
def test_faq_has_schema_org_faqpage_json_ld(client, language):
    FaqEntryFactory(question_en="Is calling 911 safe?", question_es="¿Es seguro llamar al 911?")
    FaqEntryFactory(draft=True, question_en="Draft?", question_es="¿Borrador?")
    page = html(client.get(FAQ[language]))
    [script] = page.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "FAQPage"
    assert [question["name"] for question in data["mainEntity"]] == [
        {"en": "Is calling 911 safe?", "es": "¿Es seguro llamar al 911?"}[language]
    ]
    assert data["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"


def test_json_ld_cannot_break_out_of_its_script_element(client):
    FaqEntryFactory(question_en="</script><script>alert(1)</script>")
    body = client.get("/en/faq/").content.decode()
    assert "</script><script>alert(1)" not in body
    assert "\\u003C/script\\u003E" in body


def test_untranslated_faq_answer_is_marked_english(client):
    entry = FaqEntryFactory(answer_es="")
    article = html(client.get("/es/preguntas-frecuentes/")).find("article", id=entry.anchor)
    assert article.select_one(".rich-text")["lang"] == "en"
    assert article.select_one(".fallback-notice")


# --- Resources ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_resources_show_phone_languages_cost_and_last_verified(client, language):
    resource = ResourceFactory(
        phone="(555) 0142", languages=["es", "vi"], is_free=True, last_verified=datetime.date(2026, 10, 5)
    )
    card = html(client.get(RESOURCES[language])).find("article", id=f"resource-{resource.pk}")
    assert card.find("a", href="tel:5550142")
    text = card.get_text(" ", strip=True)
    expected = {
        "en": ["Spanish, Vietnamese", "Free", "Monday, October 5, 2026"],
        "es": ["español, vietnamita", "Gratis", "lunes 5 de octubre de 2026"],
    }[language]
    for fragment in expected:
        assert fragment in text


def test_resources_filter_by_category(client):
    ResourceFactory(category="consulate", name_en="A consulate")
    ResourceFactory(category="hotline", name_en="A hotline")
    page = html(client.get("/en/resources/?category=hotline"))
    assert [h2.get_text(strip=True) for h2 in page.select(".resource h2")] == ["A hotline"]
    assert page.select_one(".nav-pills [aria-current=page]").get_text(strip=True) == "Hotlines"


@pytest.mark.parametrize("category", ["nope", "<script>", "legal-aid'--"])
def test_unknown_resource_category_is_not_found(client, category):
    assert client.get("/en/resources/", {"category": category}).status_code == 404


def test_unpublished_resources_are_hidden(client):
    ResourceFactory(status="draft", name_en="Draft clinic")
    assert "Draft clinic" not in client.get("/en/resources/").content.decode()


# --- Fact checks and alerts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_fact_checks_show_claim_and_what_is_true_newest_first(client, language):
    FactCheckFactory(published_on=datetime.date(2026, 1, 1), claim_en="Old rumor", claim_es="Rumor viejo")
    FactCheckFactory(published_on=datetime.date(2026, 3, 1), claim_en="New rumor", claim_es="Rumor nuevo")
    page = html(client.get(FACT_CHECKS[language]))
    claims = [article.h2.select("span")[-1].get_text(strip=True) for article in page.select("article.fact-check")]
    assert claims == ({"en": ["New rumor", "Old rumor"], "es": ["Rumor nuevo", "Rumor viejo"]}[language])
    heading = {"en": "What is true", "es": "Lo que es verdad"}[language]
    assert page.select_one("article.fact-check h3").get_text(strip=True) == heading


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
        "/en/resources/",
        "/es/recursos/",
        "/en/fact-checks/",
        "/es/verificacion/",
        "/en/",
        "/es/",
    ],
)
def test_content_pages_run_the_same_number_of_queries_for_5_and_200_items(client, path):
    from tests.factories import PolicyFactory

    category = FaqCategoryFactory()
    policy = PolicyFactory(is_key_commitment=True)
    for _ in range(5):
        FaqEntryFactory(category=category, related_policy=policy, is_highlighted=True)
        ResourceFactory()
        FactCheckFactory(related_policy=policy)
        EventFactory()
        AlertFactory()
    few = queries_for(client, path)

    _bulk(
        FaqEntry,
        195,
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
        name_en=lambda n: f"R{n}",
        description_en="D",
        category="hotline",
        last_verified=timezone.localdate(),
        status="published",
    )
    _bulk(FactCheck, 195, claim_en=lambda n: f"C{n}", facts_en="<p>F</p>", related_policy=policy, status="published")
    many = queries_for(client, path)

    assert few == many <= 7
