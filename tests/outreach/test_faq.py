"""The FAQ: an index of categories, a page per category (answers, a page at a time) and a page per question."""

import json

import pytest
from django.utils import translation

from outreach.models import FaqEntry
from outreach.services import convert_to_faq_draft
from outreach.views import QUESTIONS_PER_CATEGORY, QUESTIONS_PER_PAGE
from tests.factories import FaqCategoryFactory, FaqEntryFactory, PolicyFactory, SuperuserFactory
from tests.helpers import html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

INDEX = {"en": "/en/faq/", "es": "/es/preguntas-frecuentes/"}
LANGUAGES = ["en", "es"]


def category_url(category, language="en"):
    return f"{INDEX[language]}{category.slug}/"


def entry_url(entry, language="en"):
    return f"{INDEX[language]}{entry.category.slug}/{entry.slug}/"


def json_ld(page):
    [script] = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


# --- The index ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_lists_each_category_with_its_number_of_questions_and_the_first_ones(client, language):
    first, second = FaqCategoryFactory(order=1), FaqCategoryFactory(order=2)
    FaqEntryFactory(category=second, order=1, question_en="B1", question_es="B1 es")
    FaqEntryFactory(category=first, order=2, question_en="A2", question_es="A2 es")
    FaqEntryFactory(category=first, order=1, question_en="A1", question_es="A1 es")
    FaqEntryFactory(category=first, order=3, question_en="A3", question_es="A3 es", is_highlighted=True)
    FaqEntryFactory(category=first, draft=True, question_en="Hidden", question_es="Oculta")
    FaqCategoryFactory(order=3)  # no published entries: not shown

    page = html(client.get(INDEX[language]))

    sections = page.select("section.faq-category")
    assert [section.h2.get_text(strip=True) for section in sections] == [
        getattr(first, f"name_{language}"),
        getattr(second, f"name_{language}"),
    ]
    assert sections[0].h2.a["href"] == category_url(first, language)
    suffix = "" if language == "en" else " es"
    # Highlighted questions first, then in the order staff gave them; drafts never.
    questions = sections[0].select(".faq-questions a")
    assert [link.get_text(strip=True) for link in questions] == [f"A3{suffix}", f"A1{suffix}", f"A2{suffix}"]
    a3 = FaqEntry.objects.get(question_en="A3")
    assert questions[0]["href"] == entry_url(a3, language)
    count = {"en": "3 questions", "es": "3 preguntas"}[language]
    assert count in sections[0].get_text(" ", strip=True)
    # No answers on the index, so no FAQPage data either.
    assert not page.find_all("script", type="application/ld+json")


def test_index_shows_only_the_first_few_questions_of_a_category_and_links_to_all_of_them(client):
    category = FaqCategoryFactory(name_en="Calling the police")
    FaqEntryFactory.create_batch(QUESTIONS_PER_CATEGORY + 3, category=category)

    section = html(client.get(INDEX["en"])).select_one("section.faq-category")

    assert len(section.select(".faq-questions li")) == QUESTIONS_PER_CATEGORY
    more = section.select_one(".faq-category__more")
    assert more["href"] == category_url(category)
    assert more.get_text(strip=True) == f"See all {QUESTIONS_PER_CATEGORY + 3} questions about Calling the police"


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_index_says_so(client, language):
    FaqEntryFactory(draft=True)
    empty = html(client.get(INDEX[language])).select_one(".empty-state")
    assert (
        empty.get_text(strip=True)
        == {
            "en": "No questions have been answered here yet.",
            "es": "Todavía no hay preguntas respondidas aquí.",
        }[language]
    )


# --- A category's page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_category_page_shows_its_answers_with_the_page_questions_listed_on_top(client, language):
    category = FaqCategoryFactory()
    later = FaqEntryFactory(category=category, order=2, answer_en="<p>Later.</p>", answer_es="<p>Después.</p>")
    sooner = FaqEntryFactory(category=category, order=1)
    FaqEntryFactory(category=category, draft=True)
    FaqEntryFactory()  # another category's

    page = html(client.get(category_url(category, language)))

    assert page.h1.get_text(strip=True) == getattr(category, f"name_{language}")
    articles = page.select("article.faq-entry")
    assert [article["id"] for article in articles] == [sooner.anchor, later.anchor]
    assert {"en": "Later.", "es": "Después."}[language] in articles[1].select_one(".rich-text").get_text()
    on_top = page.select("nav.faq-questions a")
    assert [link["href"] for link in on_top] == [f"#{sooner.anchor}", f"#{later.anchor}"]
    assert [link.get_text(strip=True) for link in on_top] == [
        getattr(sooner, f"question_{language}"),
        getattr(later, f"question_{language}"),
    ]
    assert articles[0].find("a", href=entry_url(sooner, language)), "each answer links its own page"


def test_category_page_is_split_into_pages_of_twenty(client):
    category = FaqCategoryFactory()
    entries = [FaqEntryFactory(category=category, order=number) for number in range(QUESTIONS_PER_PAGE + 5)]

    first = html(client.get(category_url(category)))
    second = html(client.get(category_url(category), {"page": 2}))

    assert len(first.select("article.faq-entry")) == QUESTIONS_PER_PAGE
    assert first.find("a", rel="next")["href"] == "?page=2"
    assert [article["id"] for article in second.select("article.faq-entry")] == [
        entry.anchor for entry in entries[QUESTIONS_PER_PAGE:]
    ]
    # Each page of a list is a page of its own for search engines.
    assert (
        second.find("link", rel="canonical")["href"] == f"https://outreach.example.org{category_url(category)}?page=2"
    )


@pytest.mark.parametrize("page", ["0", "3", "-1", "two", "1.5", "9" * 30])
def test_category_page_number_out_of_range_or_malformed_is_not_found(client, page):
    category = FaqCategoryFactory()
    FaqEntryFactory.create_batch(QUESTIONS_PER_PAGE + 1, category=category)
    assert client.get(category_url(category), {"page": page}).status_code == 404


def test_last_page_of_a_category_can_be_asked_for_by_name(client):
    category = FaqCategoryFactory()
    FaqEntryFactory.create_batch(QUESTIONS_PER_PAGE + 1, category=category)
    assert len(html(client.get(category_url(category), {"page": "last"})).select("article.faq-entry")) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_category_page_has_faqpage_json_ld_for_the_answers_it_shows_only(client, language):
    category = FaqCategoryFactory()
    FaqEntryFactory(category=category, question_en="Is calling 911 safe?", question_es="¿Es seguro llamar al 911?")
    FaqEntryFactory(category=category, draft=True, question_en="Draft?", question_es="¿Borrador?")
    FaqEntryFactory(question_en="Elsewhere?", question_es="¿En otra parte?")

    data = json_ld(html(client.get(category_url(category, language))))

    assert data["@type"] == "FAQPage"
    assert [question["name"] for question in data["mainEntity"]] == [
        {"en": "Is calling 911 safe?", "es": "¿Es seguro llamar al 911?"}[language]
    ]
    assert data["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"


def test_category_page_links_to_the_related_published_policy(client):
    policy = PolicyFactory()
    entry = FaqEntryFactory(related_policy=policy)
    page = html(client.get(category_url(entry.category, "es")))
    assert page.find("a", href=f"/es/politicas/{policy.slug}/")


def test_untranslated_answer_is_marked_english_on_the_category_page(client):
    entry = FaqEntryFactory(answer_es="")
    article = html(client.get(category_url(entry.category, "es"))).find("article", id=entry.anchor)
    assert article.select_one(".rich-text")["lang"] == "en"
    assert article.select_one(".fallback-notice")


def test_category_without_published_questions_says_so_and_unknown_category_is_not_found(client):
    category = FaqCategoryFactory()
    FaqEntryFactory(category=category, draft=True)
    assert html(client.get(category_url(category))).select_one(".empty-state")
    assert client.get("/en/faq/no-such-category/").status_code == 404


# --- A question's page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_question_has_a_page_with_its_answer_policy_and_a_way_back(client, language):
    policy = PolicyFactory()
    entry = FaqEntryFactory(related_policy=policy, answer_en="<p>No.</p>", answer_es="<p>No, nunca.</p>")

    page = html(client.get(entry_url(entry, language)))

    assert page.h1.get_text(strip=True) == getattr(entry, f"question_{language}")
    assert page.select_one(".rich-text").get_text(strip=True) == {"en": "No.", "es": "No, nunca."}[language]
    policy_path = {"en": f"/en/policies/{policy.slug}/", "es": f"/es/politicas/{policy.slug}/"}[language]
    assert page.find("a", href=policy_path)
    assert page.find("a", href=category_url(entry.category, language))
    assert page.find("a", href=INDEX[language])
    data = json_ld(page)
    assert [question["name"] for question in data["mainEntity"]] == [getattr(entry, f"question_{language}")]


def test_an_entry_address_is_its_page_under_its_category_in_every_language(client):
    entry = FaqEntryFactory(question_en="Will they ask for my papers?", category__slug="calling")
    assert entry.slug == "will-they-ask-for-my-papers"
    with translation.override("en"):
        assert entry.get_absolute_url() == "/en/faq/calling/will-they-ask-for-my-papers/"
    with translation.override("es"):
        assert entry.get_absolute_url() == "/es/preguntas-frecuentes/calling/will-they-ask-for-my-papers/"


def test_an_entry_moved_to_another_category_redirects_permanently_from_its_old_address(client):
    entry = FaqEntryFactory()
    old_address = entry_url(entry, "es")
    entry.category = FaqCategoryFactory()
    entry.save()

    response = client.get(old_address)

    assert response.status_code == 301
    assert response["Location"] == entry_url(entry, "es")
    assert client.get(response["Location"]).status_code == 200


def test_json_ld_cannot_break_out_of_its_script_element(client):
    entry = FaqEntryFactory(question_en="</script><script>alert(1)</script>")
    body = client.get(entry_url(entry)).content.decode()
    assert "</script><script>alert(1)" not in body
    assert "\\u003C/script\\u003E" in body


def test_untranslated_answer_is_marked_english_on_its_page(client):
    entry = FaqEntryFactory(answer_es="")
    page = html(client.get(entry_url(entry, "es")))
    assert page.select_one(".rich-text")["lang"] == "en"
    assert page.select_one(".fallback-notice")


def test_draft_question_is_not_found_by_the_public_and_previewed_by_staff(client):
    entry = FaqEntryFactory(draft=True)
    assert client.get(entry_url(entry)).status_code == 404
    client.force_login(SuperuserFactory())
    assert html(client.get(entry_url(entry))).select_one(".preview-banner")


# --- Slugs --------------------------------------------------------------------------------------------------------


def test_slugs_are_made_from_the_english_question_and_numbered_when_taken():
    first = FaqEntryFactory(question_en="Do I have to give my name?")
    second = FaqEntryFactory(question_en="Do I have to give my name?")
    chosen = FaqEntryFactory(question_en="Do I have to give my name?", slug="names")
    assert (first.slug, second.slug, chosen.slug) == (
        "do-i-have-to-give-my-name",
        "do-i-have-to-give-my-name-2",
        "names",
    )


def test_a_long_question_makes_a_short_slug_cut_at_a_word():
    entry = FaqEntryFactory(question_en="What happens " + "and then " * 30 + "?")
    assert len(entry.slug) <= 80
    assert not entry.slug.endswith("-")
    assert entry.slug.split("-")[-1] in ("and", "then")


def test_a_question_asked_in_spanish_gets_its_slug_from_the_spanish():
    from outreach.models import Question

    question = Question.objects.create(text="¿Puedo llamar al 911 sin papeles?", language="es")
    assert convert_to_faq_draft(question).slug == "puedo-llamar-al-911-sin-papeles"


# --- Links made before each answer had a page -------------------------------------------------------------------


def test_an_old_link_to_an_answer_on_the_one_page_faq_finds_the_answer_page(client):
    entry = FaqEntryFactory()
    response = client.get(INDEX["es"], {"item": entry.pk})
    assert response.status_code == 302
    assert response["Location"] == entry_url(entry, "es")


@pytest.mark.parametrize("item", ["0", "abc", "-1", "9" * 30])
def test_an_old_link_to_a_missing_answer_is_not_found(client, item):
    FaqEntryFactory(draft=True)
    assert client.get(INDEX["en"], {"item": item}).status_code == 404


def test_faq_pages_load_the_script_that_follows_old_links(client):
    page = html(client.get(INDEX["en"]))
    assert page.select_one("[data-item-anchors=faq]")
    assert page.find("script", src="/static/js/item-anchors.js")


@pytest.mark.parametrize("language", ["en", "es"])
def test_faq_questions_show_no_stray_hash_sign(client, site_settings, language):
    entry = FaqEntryFactory()
    with translation.override(language):
        page = html(client.get(entry.category.get_absolute_url()))
    heading = page.select_one(f"#{entry.anchor} h2")
    assert heading.get_text(strip=True) == (entry.question_es if language == "es" else entry.question_en)
