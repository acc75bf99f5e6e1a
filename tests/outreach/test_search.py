import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from outreach.search import RESULTS_PER_KIND
from tests.factories import (
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    staff_in_role,
)
from tests.helpers import admin_path, form_data, html, queries_for

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

SEARCH = {"en": "/en/search/", "es": "/es/buscar/"}


def titles(response):
    return [a.get_text(strip=True) for a in html(response).select(".search-result h3 a")]


def test_search_finds_every_kind_of_content_in_spanish(client):
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
    link = html(response).select_one(".search-result h3 a")
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


@pytest.mark.parametrize(
    ("language", "query", "text"),
    [
        ("es", "politica", "Las políticas del departamento"),
        ("es", "reuniones", "Una reunión en la iglesia"),
        ("es", "derecho", "Conozca sus derechos"),
        ("en", "warrants", "An outstanding warrant"),
        ("en", "meeting", "Weekly meetings at the church"),
    ],
)
def test_search_finds_other_forms_of_a_word_on_both_databases(client, language, query, text):
    # PostgreSQL stems with the language's own stemmer; SQLite's Porter stemmer also folds Spanish plurals.
    FaqEntryFactory(**{f"question_{language}": text})
    assert titles(client.get(SEARCH[language], {"q": query})) == [text]


def test_title_matches_rank_above_body_matches(client):
    FaqEntryFactory(question_en="Other question", answer_en="<p>It mentions warrants, warrants and warrants.</p>")
    FaqEntryFactory(question_en="About warrants", answer_en="<p>Explained below.</p>")
    assert titles(client.get("/en/search/", {"q": "warrants"})) == ["About warrants", "Other question"]


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
        # FTS5 query syntax: quotes, prefix, column filters, NEAR, boolean words, groups, the initial-token mark.
        '"',
        '"unbalanced',
        "*",
        "safe*",
        "-safe",
        "- -",
        "NEAR(safe seguro)",
        "NEAR",
        "title:safe",
        "{title body}: safe",
        "safe:",
        "^safe",
        "AND",
        "OR NOT",
        "safe AND",
        "(safe",
        ")",
        "+",
        'safe" OR "x',
        "_",
        "a_b",
        "'",
        ":",
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
    call_command("rebuild_search_index", stdout=StringIO())  # bulk_create sends no signals, as in outreach/scale.py
    many = queries_for(client, "/en/search/?q=safety")
    assert few == many <= 7
    assert len(titles(client.get("/en/search/?q=safety"))) == RESULTS_PER_KIND


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"safe"', True),
        ("safe*", True),
        ("-safe", True),
        ("^safe", True),
        ("(safe)", True),
        ("safe:", True),
        ("{question}: safe", False),  # "question" is a word like any other, and not in the text
        ("title:safe", False),
        ("NEAR(safe call)", False),
        ('safe" OR "x', False),
        ("safe OR x", False),  # "x" is a word too (PostgreSQL drops "or", a stop word: the answer is the same)
    ],
)
def test_query_syntax_is_never_obeyed_only_the_words_count(client, query, found):
    FaqEntryFactory(question_en="100% safe to call", answer_en="<p>Yes.</p>")
    FaqEntryFactory(question_en="Something else", answer_en="<p>No.</p>")
    assert titles(client.get("/en/search/", {"q": query})) == (["100% safe to call"] if found else [])


# --- The index follows every change ------------------------------------------------------------------------------


def signed_in(role):
    staff = Client()
    staff.force_login(staff_in_role(role))
    return staff


def change_url(item):
    return admin_path(f"{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/")


def entries_of(item):
    from outreach.models import SearchEntry

    label = item._meta.label_lower
    return {
        entry.language: (entry.text.title, entry.text.body)
        for entry in SearchEntry.objects.filter(kind=label, object_id=item.pk).select_related("text")
    }


def test_a_new_item_is_indexed_in_every_language_as_plain_text():
    event = EventFactory(
        title_en="Coffee with an officer",
        title_es="Café con un agente",
        summary_en="Bring your questions.",
        description_en=(
            "<p>First&nbsp;paragraph</p><p>second <b>bold</b>word &amp; more</p><ul><li>one</li><li>two</li></ul>"
        ),
        host_en="",
    )
    entries = entries_of(event)
    assert set(entries) == {"en", "es"}
    assert entries["en"] == (
        "Coffee with an officer",
        "Bring your questions. First paragraph second boldword & more one two",
    )
    assert entries["es"][0] == "Café con un agente"


@pytest.mark.parametrize("language", ["en", "es"])
def test_words_in_separate_paragraphs_never_glue_together(client, language):
    FaqEntryFactory(**{f"answer_{language}": "<p>alpha</p><p>omega</p>", f"question_{language}": "Greek"})
    assert titles(client.get(SEARCH[language], {"q": "omega"})) == ["Greek"]
    assert titles(client.get(SEARCH[language], {"q": "alphaomega"})) == []


def test_an_edit_is_found_at_once_and_the_old_words_are_gone(client):
    entry = FaqEntryFactory(question_en="Can I bring my children?", answer_en="<p>Yes.</p>")
    entry.question_en = "Can I bring my grandmother?"
    entry.save()
    assert titles(client.get("/en/search/", {"q": "grandmother"})) == ["Can I bring my grandmother?"]
    assert titles(client.get("/en/search/", {"q": "children"})) == []


def test_a_translator_edit_in_the_admin_changes_the_spanish_results_only(client):
    event = EventFactory(title_en="Coffee with an officer", title_es="Café con un agente")
    translator = signed_in("translator")
    data = form_data(translator.get(change_url(event)))
    data["title_es"] = "Desayuno con la policía"
    translator.post(change_url(event), data)

    assert titles(client.get("/es/buscar/", {"q": "desayuno"})) == ["Desayuno con la policía"]
    assert titles(client.get("/es/buscar/", {"q": "agente"})) == []
    assert titles(client.get("/en/search/", {"q": "coffee"})) == ["Coffee with an officer"]


def test_a_translation_written_later_replaces_the_english_fallback(client):
    entry = FaqEntryFactory(question_en="What is a warrant?", question_es="", answer_es="")
    assert html(client.get("/es/buscar/", {"q": "warrant"})).select_one(".search-result h3 a")["lang"] == "en"
    entry.question_es = "¿Qué es una orden judicial?"
    entry.answer_es = "<p>Un papel firmado por un juez.</p>"
    entry.save()
    assert titles(client.get("/es/buscar/", {"q": "warrant"})) == []
    link = html(client.get("/es/buscar/", {"q": "orden judicial"})).select_one(".search-result h3 a")
    assert link.get_text(strip=True) == "¿Qué es una orden judicial?"
    assert not link.has_attr("lang")


def test_a_deleted_item_leaves_the_index(client):
    from outreach.models import SearchEntry, SearchText

    policy = PolicyFactory(title_en="Use of force")
    policy.delete()
    assert titles(client.get("/en/search/", {"q": "force"})) == []
    assert not SearchEntry.objects.exists()
    assert not SearchText.objects.exists()


def test_publish_and_unpublish_through_the_admin_actions_show_and_hide_at_once(client):
    event = EventFactory(title_en="Quiet meeting", draft=True)
    editor = signed_in("editor")
    assert titles(client.get("/en/search/", {"q": "quiet"})) == []
    editor.post(admin_path("events/event/"), {"action": "publish", "_selected_action": [event.pk]})
    assert titles(client.get("/en/search/", {"q": "quiet"})) == ["Quiet meeting"]
    editor.post(admin_path("events/event/"), {"action": "unpublish", "_selected_action": [event.pk]})
    assert titles(client.get("/en/search/", {"q": "quiet"})) == []


def test_scheduled_items_appear_and_expire_at_their_moment_without_reindexing(client):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    stop = go_live + datetime.timedelta(days=1)
    FaqEntryFactory(question_en="Scheduled answer", publish_at=go_live, unpublish_at=stop)
    assert titles(client.get("/en/search/", {"q": "scheduled"})) == []
    with time_machine.travel(go_live):
        assert titles(client.get("/en/search/", {"q": "scheduled"})) == ["Scheduled answer"]
    with time_machine.travel(stop):
        assert titles(client.get("/en/search/", {"q": "scheduled"})) == []


def test_a_stale_index_row_never_shows_an_unpublished_item(client):
    from outreach.models import FaqEntry

    entry = FaqEntryFactory(question_en="Stale answer")
    FaqEntry.objects.filter(pk=entry.pk).update(status="draft")  # behind the index's back
    assert titles(client.get("/en/search/", {"q": "stale"})) == []


def test_deleting_many_at_once_in_the_admin_empties_their_entries(client):
    from outreach.models import SearchEntry

    kept = FaqEntryFactory(question_en="Kept question")
    doomed = [FaqEntryFactory(question_en=f"Doomed question {n}") for n in range(3)]
    signed_in("editor").post(
        admin_path("outreach/faqentry/"),
        {"action": "delete_selected", "_selected_action": [entry.pk for entry in doomed], "post": "yes"},
    )
    assert titles(client.get("/en/search/", {"q": "question"})) == ["Kept question"]
    assert set(SearchEntry.objects.values_list("object_id", flat=True)) == {kept.pk}


# --- Rebuilding -----------------------------------------------------------------------------------------------


def wipe_the_index():
    from outreach.models import SearchEntry, SearchText

    SearchText.objects.all().delete()
    SearchEntry.objects.all().delete()


def test_rebuild_command_indexes_everything_again(client):
    from outreach.models import SearchEntry

    EventFactory(title_en="Coffee with an officer")
    PolicyFactory(title_en="Use of force", draft=True)
    FaqEntryFactory(question_en="What is a warrant?")
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "language", "status"))
    wipe_the_index()
    assert titles(client.get("/en/search/", {"q": "coffee"})) == []

    output = StringIO()
    call_command("rebuild_search_index", stdout=output)

    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "language", "status")) == before
    assert "6 entries" in output.getvalue()
    assert titles(client.get("/en/search/", {"q": "coffee"})) == ["Coffee with an officer"]
    assert titles(client.get("/es/buscar/", {"q": "warrant"})) == []
    assert titles(client.get("/en/search/", {"q": "force"})) == []  # a draft, indexed but never shown


def test_rebuild_is_safe_to_run_twice(client):
    FaqEntryFactory(question_en="What is a warrant?")
    call_command("rebuild_search_index", stdout=StringIO())
    call_command("rebuild_search_index", stdout=StringIO())
    assert titles(client.get("/en/search/", {"q": "warrant"})) == ["What is a warrant?"]


def test_migrate_indexes_a_site_that_has_content_but_no_index(client):
    FaqEntryFactory(question_en="What is a warrant?")
    wipe_the_index()
    call_command("migrate", verbosity=0)
    assert titles(client.get("/en/search/", {"q": "warrant"})) == ["What is a warrant?"]


def test_migrate_indexes_the_languages_the_index_lacks(client):
    # As when a language is added to LANGUAGES: the index has the others only.
    from outreach.models import SearchEntry, SearchText

    FaqEntryFactory(question_en="What is a warrant?", question_es="¿Qué es una orden judicial?")
    SearchText.objects.filter(entry__language="es").delete()
    SearchEntry.objects.filter(language="es").delete()
    call_command("migrate", verbosity=0)
    assert titles(client.get("/es/buscar/", {"q": "orden"})) == ["¿Qué es una orden judicial?"]


def test_the_bulk_built_large_site_is_searchable(client):
    from outreach import scale

    scale.build_site(scale.SIZES["small"])
    page = html(client.get("/es/buscar/", {"q": "reunión"}))
    # Every meeting matches: a page of them at most, and at most three copies of each weekly series.
    assert len(page.select(".search-result")) <= 5 * RESULTS_PER_KIND
    meetings = [a.get_text(strip=True) for a in page.select("section:last-of-type .search-result h3 a")]
    assert len(meetings) == RESULTS_PER_KIND
    assert titles(client.get("/en/search/", {"q": "coffee officer"}))


# --- Results -----------------------------------------------------------------------------------------------


def test_untranslated_text_is_marked_as_english_in_the_snippet_too(client):
    FaqEntryFactory(
        question_en="Untranslated warrant question", question_es="", answer_en="<p>A warrant.</p>", answer_es=""
    )
    FaqEntryFactory(
        question_en="Translated warrant question", question_es="Orden: warrant traducido", answer_es="<p>Traducido.</p>"
    )
    results = html(client.get("/es/buscar/", {"q": "warrant"})).select(".search-result")
    marks = {
        result.select_one("h3 a").get_text(strip=True): (
            result.select_one("h3 a").get("lang"),
            result.select_one(".search-result__snippet").get("lang"),
        )
        for result in results
    }
    assert marks == {"Untranslated warrant question": ("en", "en"), "Orden: warrant traducido": (None, None)}


def test_snippet_is_cut_around_the_match_with_ellipses(client):
    words = " ".join(f"word{n}" for n in range(200))
    FaqEntryFactory(question_en="Long answer", answer_en=f"<p>{words} needle {words}</p>")
    snippet = html(client.get("/en/search/", {"q": "needle"})).select_one(".search-result__snippet")
    text = snippet.get_text()
    assert text.startswith("… ") and text.endswith(" …")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["needle"]
    assert len(text) < 400


def test_snippet_marks_other_forms_of_the_word(client):
    FaqEntryFactory(question_en="Meetings", answer_en="<p>There are weekly meetings at the church.</p>")
    snippet = html(client.get("/en/search/", {"q": "meeting"})).select_one(".search-result__snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["meetings"]


def test_every_kind_found_costs_at_most_eight_queries_for_the_page(client, django_assert_max_num_queries):
    from tests.factories import PolicyFactory as Policies

    for _ in range(3):
        Policies(title_en="Immigration policy")
        FaqEntryFactory(question_en="Immigration question")
        FactCheckFactory(claim_en="Immigration rumor")
        ResourceFactory(name_en="Immigration lawyers")
        EventFactory(title_en="Immigration meeting")
    client.get("/en/search/?q=immigration")  # the site settings are cached from here on, as in production
    with django_assert_max_num_queries(8):
        response = client.get("/en/search/?q=immigration")
    assert len(titles(response)) == 15


def test_a_full_results_page_of_every_kind_stays_under_100_kb(client):
    long_text = " ".join(["Immigration lawyers answer questions about cases."] * 60)
    long_answer = f"<p>{long_text}</p>"
    for number in range(40):
        long_title = f"Immigration {number} " + "x" * 150
        FaqEntryFactory(question_en=long_title, answer_en=long_answer)
        PolicyFactory(title_en=long_title, body_en=long_answer)
        ResourceFactory(name_en=long_title, description_en=long_answer)
        FactCheckFactory(claim_en=long_title, facts_en=long_answer)
        EventFactory(title_en=long_title, description_en=long_answer)
    response = client.get("/en/search/?q=immigration")
    assert len(titles(response)) == 5 * RESULTS_PER_KIND
    assert len(response.content) < 100_000


# --- PostgreSQL: the index is really used ---------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the GIN index exists on PostgreSQL only (SQLite uses FTS5); CI runs the suite again on PostgreSQL",
)
@pytest.mark.parametrize(("language", "query"), [("en", "warrant"), ("es", "órden")])
def test_postgresql_plans_the_search_on_the_gin_index(language, query):
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from outreach.search import postgres_configuration, search

    FaqEntryFactory(question_en="What is a warrant?", question_es="¿Qué es una orden judicial?")
    with connection.cursor() as cursor:
        # Enough other entries, in both languages, that the planner chooses by cost as on a real site (on a
        # handful of rows it would rightly read the whole table), then the index and statistics as (auto)vacuum
        # keeps them: the pending list merged, the table analyzed.
        for code in ("en", "es"):
            cursor.execute(
                """
                INSERT INTO outreach_searchentry
                    (kind, object_id, language, status, title_is_fallback, body_is_fallback, vector)
                SELECT 'outreach.faqentry', 1000000 + n, %s, 'published', false, false,
                       to_tsvector(%s::regconfig, 'Meeting number ' || n || ' about school safety and coffee')
                FROM generate_series(1, 5000) AS n
                """,
                [code, postgres_configuration(code)],
            )
        cursor.execute("SELECT gin_clean_pending_list('outreach_search_vector'::regclass)")
        cursor.execute("ANALYZE outreach_searchentry")
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        assert search(query)
    sql = queries.captured_queries[0]["sql"]
    assert "@@" in sql
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on outreach_search_vector" in plan, plan
