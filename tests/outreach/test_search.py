import pytest
from django.db import connection

from tests.factories import EventFactory, FactCheckFactory, FaqEntryFactory, ResourceFactory
from tests.helpers import html, queries_for

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

SEARCH = {"en": "/en/search/", "es": "/es/buscar/"}


def titles(response):
    return [a.get_text(strip=True) for a in html(response).select(".search-result h2 a")]


def test_search_finds_every_kind_of_content_in_spanish(client):
    from tests.factories import PolicyFactory

    PolicyFactory(title_es="Política de inmigración", title_en="Immigration policy")
    FaqEntryFactory(question_es="¿Qué pasa con la inmigración?", question_en="What about immigration?")
    FactCheckFactory(claim_es="Rumor sobre inmigración", claim_en="Immigration rumor")
    ResourceFactory(name_es="Abogados de inmigración", name_en="Immigration lawyers")
    EventFactory(title_es="Reunión sobre inmigración", title_en="Immigration meeting")

    found = titles(client.get("/es/buscar/", {"q": "inmigración"}))

    assert sorted(found) == sorted(
        [
            "Política de inmigración",
            "¿Qué pasa con la inmigración?",
            "Rumor sobre inmigración",
            "Abogados de inmigración",
            "Reunión sobre inmigración",
        ]
    )


@pytest.mark.parametrize(
    ("query", "text"),
    [("politica", "política"), ("busqueda", "búsqueda"), ("POLÍTICA", "política"), ("Búsqueda", "BÚSQUEDA")],
)
def test_search_ignores_accents_and_case(client, query, text):
    FaqEntryFactory(question_es=f"Una {text} importante", question_en="Something")
    assert titles(client.get("/es/buscar/", {"q": query})) == [f"Una {text} importante"]


def test_search_uses_the_active_language(client):
    FaqEntryFactory(question_en="Can I bring my children?", question_es="¿Puedo llevar a mis hijos?")
    assert titles(client.get("/en/search/", {"q": "children"})) == ["Can I bring my children?"]
    assert titles(client.get("/es/buscar/", {"q": "children"})) == []
    assert titles(client.get("/es/buscar/", {"q": "hijos"})) == ["¿Puedo llevar a mis hijos?"]


def test_search_falls_back_to_english_where_spanish_is_missing(client):
    FaqEntryFactory(question_en="Untranslated warrant question", question_es="", answer_es="")
    response = client.get("/es/buscar/", {"q": "warrant"})
    link = html(response).select_one(".search-result h2 a")
    assert link.get_text(strip=True) == "Untranslated warrant question"
    assert link["lang"] == "en"


def test_search_skips_drafts(client):
    FaqEntryFactory(question_en="Secret draft answer", draft=True)
    EventFactory(title_en="Secret draft meeting", draft=True)
    assert titles(client.get("/en/search/", {"q": "secret"})) == []


def test_search_highlights_the_matched_words_in_an_escaped_snippet(client):
    FaqEntryFactory(
        question_en="Calling", answer_en="<p>You can call <b>911</b> about any <i>emergency</i> &amp; more.</p>"
    )
    snippet = html(client.get("/en/search/", {"q": "emergency"})).select_one(".search-result__snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["emergency"]
    assert not snippet.find("b")
    assert "& more" in snippet.get_text()


def test_stemmed_spanish_search_on_postgresql(client):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's; the portable search matches substrings")
    FaqEntryFactory(question_es="Las políticas del departamento", question_en="x")
    assert titles(client.get("/es/buscar/", {"q": "politica"})) == ["Las políticas del departamento"]


def test_postgresql_ranks_title_matches_first(client):
    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL's full-text rank")
    FaqEntryFactory(question_en="Other question", answer_en="<p>It mentions warrants once.</p>")
    FaqEntryFactory(question_en="About warrants", answer_en="<p>Warrants explained.</p>")
    assert titles(client.get("/en/search/", {"q": "warrants"}))[0] == "About warrants"


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "'\"",
        "%",
        "_",
        "100%",
        "'; DROP TABLE outreach_faqentry; --",
        "\\",
        "<script>alert(1)</script>",
        "  ",
        "a" * 300 + " b",
        "ñ" * 50,
        "🙂 emoji",
        "\x00",
        "OR 1=1",
        "a & b | !c",
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_odd_queries_give_a_normal_page(client, query, language):
    FaqEntryFactory(question_en="100% safe", question_es="100% seguro")
    response = client.get(SEARCH[language], {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


def test_very_long_query_is_shortened_with_a_note(client):
    page = html(client.get("/en/search/", {"q": "immigration " * 1000}))
    assert "only its beginning was used" in page.get_text()
    assert page.select_one("main input[name=q]")["value"].startswith("immigration immigration")


@pytest.mark.parametrize("language", ["en", "es"])
def test_empty_result_suggests_the_faq(client, language):
    page = html(client.get(SEARCH[language], {"q": "zzzznothing"}))
    empty = page.select_one(".empty-state")
    faq = {"en": "/en/faq/", "es": "/es/preguntas-frecuentes/"}[language]
    assert empty.find("a", href=faq)


def test_search_page_without_a_query_explains_itself(client):
    page = html(client.get("/es/buscar/"))
    assert page.find("a", href="/es/preguntas-frecuentes/")
    assert not page.select(".search-result")


def test_search_runs_the_same_number_of_queries_for_5_and_200_items(client):
    from outreach.models import FaqEntry

    for _ in range(5):
        FaqEntryFactory(question_en="Safety question")
    few = queries_for(client, "/en/search/?q=safety")
    category = FaqEntry.objects.first().category
    FaqEntry.objects.bulk_create(
        [
            FaqEntry(
                question_en=f"Safety {n}",
                slug=f"safety-{n}",
                answer_en="<p>A</p>",
                category=category,
                status="published",
            )
            for n in range(195)
        ]
    )
    many = queries_for(client, "/en/search/?q=safety")
    assert few == many <= 7
