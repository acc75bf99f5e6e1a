import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from editorial.publication import PublishStatus
from outreach.models import FaqCategory, FaqEntry
from policies.models import Policy
from policies.sitemaps import PolicySitemap
from policies.views import POLICIES_PER_PAGE, POLICIES_PER_TOPIC, REVISIONS_PER_PAGE, TOPICS_PER_PAGE
from tests.factories import PolicyFactory, PolicyTopicFactory, SuperuserFactory
from tests.helpers import admin_path, html, queries_for

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

LIST = {"en": "/en/policies/", "es": "/es/politicas/"}
DETAIL = {"en": "/en/policies/{slug}/", "es": "/es/politicas/{slug}/"}
HISTORY = {"en": "/en/policies/{slug}/history/", "es": "/es/politicas/{slug}/historial/"}
LANGUAGES = ["en", "es"]


def detail(policy, language="en"):
    return DETAIL[language].format(slug=policy.slug)


def history(policy, language="en"):
    return HISTORY[language].format(slug=policy.slug)


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% a tiny test file\n%%EOF\n", content_type="application/pdf")


def titles(nodes):
    return [node.get_text(strip=True) for node in nodes]


def text_of(response):
    return html(response).get_text(" ", strip=True)


# --- Index --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_lists_key_commitments_first_then_the_exception_then_each_topic(client, language):
    later_topic = PolicyTopicFactory(order=2, name_en="Reporting", name_es="Denuncias")
    first_topic = PolicyTopicFactory(order=1, name_en="Language access", name_es="Acceso en su idioma")
    reporting = PolicyFactory(topic=later_topic)
    interpreters = PolicyFactory(topic=first_topic)
    exception = PolicyFactory(exception=True, topic=later_topic)
    call_911 = PolicyFactory(key_commitment=True, topic=later_topic)
    no_raids = PolicyFactory(key_commitment=True, topic=first_topic)

    page = html(client.get(LIST[language]))

    field = f"title_{language}"
    sections = page.select("main section")
    commitments = sections[0]
    assert (
        commitments.find("h2").get_text(strip=True)
        == {"en": "Our key commitments", "es": "Nuestros compromisos principales"}[language]
    )
    assert titles(commitments.select(".policy-card .card-title a")) == [
        getattr(no_raids, field),
        getattr(call_911, field),
    ]
    assert titles(commitments.select(".warrant-exception h3 a")) == [getattr(exception, field)]
    assert [section.find("h2").get_text(strip=True) for section in sections[1:]] == [
        getattr(first_topic, f"name_{language}"),
        getattr(later_topic, f"name_{language}"),
    ]
    assert titles(sections[1].select(".card-title a")) == [getattr(interpreters, field)]
    assert titles(sections[2].select(".card-title a")) == [getattr(reporting, field)]
    assert page.html["lang"] == language


def test_exception_sits_in_a_highlighted_box_right_after_the_commitments(client):
    PolicyFactory(key_commitment=True)
    exception = PolicyFactory(
        exception=True, summary_en="A person with an outstanding criminal warrant can be arrested."
    )

    page = html(client.get(LIST["en"]))

    box = page.select_one(".key-commitments .warrant-exception")
    assert box is not None
    assert "outstanding criminal warrant" in box.get_text()
    assert box.find_previous_sibling("ul").select(".policy-card")
    # The exception is shown once, beside the commitments, never again further down the page.
    assert len(page.find_all("a", href=exception.get_absolute_url())) == 1


def test_exception_is_shown_even_when_no_commitment_is_published(client):
    PolicyFactory(exception=True, title_en="The exception")
    page = html(client.get(LIST["en"]))
    assert titles(page.select(".warrant-exception h3 a")) == ["The exception"]


def test_index_leaves_out_drafts_scheduled_and_expired_policies(client):
    PolicyFactory(title_en="Live")
    PolicyFactory(draft=True, title_en="Draft")
    PolicyFactory(title_en="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1))
    PolicyFactory(title_en="Expired", unpublish_at=timezone.now() - datetime.timedelta(days=1))

    page = html(client.get(LIST["en"]))

    assert titles(page.select(".card-title a")) == ["Live"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_links_to_policy_pages_in_the_readers_language(client, language):
    policy = PolicyFactory()
    page = html(client.get(LIST[language]))
    assert page.select_one(".card-title a")["href"] == detail(policy, language)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "No policies are published yet."), ("es", "Todavía no hay políticas publicadas.")],
)
def test_empty_index_says_so(client, language, message):
    PolicyFactory(draft=True)
    empty = html(client.get(LIST[language])).select_one(".empty-state")
    assert empty is not None and message in empty.get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_shows_the_first_few_policies_of_each_topic_and_links_to_the_topic_page(client, language):
    topic = PolicyTopicFactory(slug="traffic-stops", name_en="Traffic stops", name_es="Paradas de tráfico")
    policies = [PolicyFactory(topic=topic, order=number) for number in range(POLICIES_PER_TOPIC + 2)]
    PolicyFactory(key_commitment=True, topic=topic)  # listed with the commitments, not under its topic

    page = html(client.get(LIST[language]))

    section = page.select_one("section.policy-topic")
    topic_page = f"{LIST[language]}?topic=traffic-stops"
    assert section.h2.a["href"] == topic_page
    assert titles(section.select(".card-title a")) == [
        getattr(policy, f"title_{language}") for policy in policies[:POLICIES_PER_TOPIC]
    ]
    more = section.select_one(".policy-topic__more")
    assert more["href"] == topic_page
    assert (
        more.get_text(strip=True)
        == {
            "en": f"See all {POLICIES_PER_TOPIC + 2} policies about Traffic stops",
            "es": f"Ver las {POLICIES_PER_TOPIC + 2} políticas sobre Paradas de tráfico",
        }[language]
    )


def test_index_splits_many_topics_into_pages_and_keeps_the_commitments_and_exception_on_each(client):
    topics = [PolicyTopicFactory(order=number) for number in range(TOPICS_PER_PAGE + 1)]
    for topic in topics:
        PolicyFactory(topic=topic)
    PolicyFactory(key_commitment=True, title_en="No raids")
    PolicyFactory(exception=True, title_en="Warrants")

    first = html(client.get(LIST["en"]))
    second = html(client.get(LIST["en"], {"page": 2}))

    assert len(first.select("section.policy-topic")) == TOPICS_PER_PAGE
    assert [section.h2.get_text(strip=True) for section in second.select("section.policy-topic")] == [
        topics[-1].name_en
    ]
    for page in (first, second):
        commitments = page.select_one(".key-commitments")
        assert titles(commitments.select(".policy-card .card-title a")) == ["No raids"]
        assert titles(commitments.select(".warrant-exception h3 a")) == ["Warrants"]
    assert client.get(LIST["en"], {"page": 3}).status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_topic_page_lists_the_topic_policies_a_page_at_a_time(client, language):
    topic = PolicyTopicFactory(slug="traffic-stops", name_en="Traffic stops", name_es="Paradas de tráfico")
    policies = [PolicyFactory(topic=topic, order=number) for number in range(POLICIES_PER_PAGE + 2)]
    PolicyFactory(topic=topic, draft=True)
    PolicyFactory()  # another topic's

    first = html(client.get(LIST[language], {"topic": "traffic-stops"}))
    second = html(client.get(LIST[language], {"topic": "traffic-stops", "page": 2}))

    assert first.h1.get_text(strip=True) == getattr(topic, f"name_{language}")
    assert len(first.select(".policy-card")) == POLICIES_PER_PAGE
    assert first.find("a", rel="next")["href"] == "?topic=traffic-stops&page=2"
    assert titles(second.select(".card-title a")) == [
        getattr(policy, f"title_{language}") for policy in policies[POLICIES_PER_PAGE:]
    ]
    assert (
        first.find("link", rel="canonical")["href"]
        == f"https://outreach.example.org{LIST[language]}?topic=traffic-stops"
    )
    alternates = {link["hreflang"]: link["href"] for link in second.select("link[rel=alternate][hreflang]")}
    assert alternates["es"] == "https://outreach.example.org/es/politicas/?topic=traffic-stops&page=2"


def test_topic_page_leaves_the_commitments_and_exception_to_the_index_and_points_there(client):
    topic = PolicyTopicFactory(slug="status")
    PolicyFactory(topic=topic, key_commitment=True, title_en="No raids")
    PolicyFactory(topic=topic, exception=True, title_en="Warrants")
    PolicyFactory(topic=topic, title_en="Interpreters")

    page = html(client.get(LIST["en"], {"topic": "status"}))

    assert titles(page.select(".card-title a")) == ["Interpreters"]
    assert not page.select(".warrant-exception")
    assert page.find("a", href="/en/policies/#key-commitments")


@pytest.mark.parametrize("query", [{"topic": "no-such-topic"}, {"topic": "x", "page": "1"}, {"topic": "<b>"}])
def test_unknown_topic_is_not_found(client, query):
    PolicyFactory()
    assert client.get(LIST["en"], query).status_code == 404


@pytest.mark.parametrize("page", ["0", "2", "x", "-1"])
def test_topic_page_number_past_the_end_or_malformed_is_not_found(client, page):
    PolicyFactory(topic=PolicyTopicFactory(slug="status"))
    assert client.get(LIST["en"], {"topic": "status", "page": page}).status_code == 404


# --- Policy page --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_page_shows_the_plain_summary_above_the_full_text(client, language):
    policy = PolicyFactory(
        summary_en="You can call 911.",
        summary_es="Puede llamar al 911.",
        body_en="<h2>Details</h2><p>The long version.</p>",
        body_es="<h2>Detalles</h2><p>La versión larga.</p>",
    )

    page = html(client.get(detail(policy, language)))

    summary = page.select_one(".policy-summary")
    body = page.select_one(".policy-body .rich-text")
    assert summary.get_text(" ", strip=True).endswith(getattr(policy, f"summary_{language}"))
    assert body.decode_contents() == getattr(policy, f"body_{language}")
    source = str(page)
    assert source.index('class="policy-summary') < source.index('class="policy-body')
    assert page.find("h1").get_text(strip=True) == getattr(policy, f"title_{language}")


@pytest.mark.parametrize(
    ("language", "effective", "reviewed"),
    [
        ("en", "Wednesday, January 15, 2025", "Monday, June 30, 2025"),
        ("es", "miércoles 15 de enero de 2025", "lunes 30 de junio de 2025"),
    ],
)
def test_policy_page_shows_effective_and_last_reviewed_dates(client, language, effective, reviewed):
    policy = PolicyFactory(effective_date=datetime.date(2025, 1, 15), last_reviewed=datetime.date(2025, 6, 30))

    page = html(client.get(detail(policy, language)))

    dates = page.select(".policy-dates time")[:2]  # then, on a translation, the date of its own text
    assert [time.get_text(strip=True) for time in dates] == [effective, reviewed]
    assert [time["datetime"] for time in dates] == ["2025-01-15", "2025-06-30"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_commitment_page_shows_the_exception_beside_it(client, language):
    commitment = PolicyFactory(key_commitment=True)
    exception = PolicyFactory(exception=True)
    PolicyFactory(exception=True, draft=True, title_en="Draft exception", title_es="Excepción en borrador")

    page = html(client.get(detail(commitment, language)))

    boxes = page.select(".warrant-exception")
    assert titles(box.find("a") for box in boxes) == [getattr(exception, f"title_{language}")]
    assert boxes[0].find("a")["href"] == detail(exception, language)


def test_ordinary_policy_page_has_no_exception_box(client):
    policy = PolicyFactory()
    PolicyFactory(exception=True)
    assert html(client.get(detail(policy))).select_one(".policy-exception") is None


def test_exception_page_lists_the_commitments_it_applies_to(client):
    commitment = PolicyFactory(key_commitment=True, title_es="Llame al 911")
    PolicyFactory(key_commitment=True, draft=True)
    exception = PolicyFactory(exception=True)

    page = html(client.get(detail(exception, "es")))

    assert "Excepción a nuestros compromisos" in page.select_one(".policy-badge").get_text()
    assert titles(page.select(".policy-commitments li a")) == ["Llame al 911"]
    assert page.select_one(".policy-commitments a")["href"] == detail(commitment, "es")


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_page_offers_the_pdf_in_the_readers_language(client, language):
    policy = PolicyFactory(document_en=pdf("policy-en.pdf"), document_es=pdf("politica-es.pdf"))

    page = html(client.get(detail(policy, language)))

    link = page.select_one(".policy-document a")
    assert link["href"] == getattr(policy, f"document_{language}").url
    assert link["hreflang"] == language
    assert link["type"] == "application/pdf"
    assert "PDF" in link.get_text()
    assert page.select_one(".policy-document__language") is None


def test_spanish_reader_gets_the_english_pdf_labelled_as_english(client):
    policy = PolicyFactory(document_en=pdf("policy-en.pdf"))

    page = html(client.get(detail(policy, "es")))

    link = page.select_one(".policy-document a")
    assert link["href"] == policy.document_en.url
    assert link["hreflang"] == "en"
    assert link["type"] == "application/pdf"
    label = page.select_one(".policy-document__language").get_text(strip=True)
    assert label == "Este documento solo está disponible en inglés."


def test_english_reader_gets_the_spanish_pdf_labelled_when_it_is_the_only_one(client):
    policy = PolicyFactory(document_es=pdf("politica-es.pdf"))
    page = html(client.get(detail(policy, "en")))
    assert page.select_one(".policy-document a")["hreflang"] == "es"
    assert page.select_one(".policy-document__language").get_text(strip=True) == (
        "This document is only available in Spanish."
    )


def test_pdf_link_gives_its_size_for_readers_on_little_data(client):
    policy = PolicyFactory(document_en=pdf("policy-en.pdf"))
    assert "bytes" in html(client.get(detail(policy))).select_one(".policy-document a").get_text()


def test_pdf_missing_from_storage_still_gives_a_page(client):
    policy = PolicyFactory()
    Policy.objects.filter(pk=policy.pk).update(document_en="policies/gone.pdf")
    response = client.get(detail(policy))
    assert response.status_code == 200
    assert html(response).select_one(".policy-document a")["href"].endswith("policies/gone.pdf")


def test_policy_without_a_pdf_has_no_document_section(client):
    policy = PolicyFactory()
    assert html(client.get(detail(policy))).select_one(".policy-document") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_page_lists_its_published_faq_entries(client, language):
    policy = PolicyFactory()
    category = FaqCategory.objects.create(name_en="Calling", name_es="Llamadas", slug="calling")
    answer = FaqEntry.objects.create(
        question_en="Will they ask for my papers?",
        question_es="¿Me pedirán papeles?",
        answer_en="<p>No.</p>",
        answer_es="<p>No.</p>",
        category=category,
        related_policy=policy,
        status=PublishStatus.PUBLISHED,
    )
    FaqEntry.objects.create(
        question_en="Draft question", category=category, related_policy=policy, status=PublishStatus.DRAFT
    )
    FaqEntry.objects.create(question_en="Another policy's", category=category, status=PublishStatus.PUBLISHED)

    page = html(client.get(detail(policy, language)))

    links = page.select(".policy-faq li a")
    assert titles(links) == [getattr(answer, f"question_{language}")]
    faq = {"en": "/en/faq/", "es": "/es/preguntas-frecuentes/"}[language]
    assert links[0]["href"] == f"{faq}calling/will-they-ask-for-my-papers/"
    assert page.select_one(".policy-faq").find("a", href=faq) is None  # all of them are listed


def test_policy_page_lists_only_the_first_ten_faq_entries_and_leads_to_the_rest(client):
    policy = PolicyFactory()
    category = FaqCategory.objects.create(name_en="Calling", name_es="Llamadas", slug="calling")
    for number in range(12):
        FaqEntry.objects.create(
            question_en=f"Question {number}?",
            category=category,
            related_policy=policy,
            order=number,
            status="published",
        )

    section = html(client.get(detail(policy, "es"))).select_one(".policy-faq")

    assert titles(section.select("li a")) == [f"Question {number}?" for number in range(10)]
    assert (
        section.find("a", href="/es/preguntas-frecuentes/").get_text(strip=True) == "Todas las preguntas y respuestas"
    )


def test_policy_without_faq_entries_has_no_questions_section(client):
    policy = PolicyFactory()
    assert html(client.get(detail(policy))).select_one(".policy-faq") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_page_links_to_its_history(client, language):
    policy = PolicyFactory()
    page = html(client.get(detail(policy, language)))
    assert page.find("a", href=history(policy, language)) is not None


def test_untranslated_policy_falls_back_to_english_marked_lang_en(client):
    policy = PolicyFactory(untranslated=True, title_en="Only in English", summary_en="English summary.")

    page = html(client.get(detail(policy, "es")))

    heading = page.find("h1")
    assert heading.get_text(strip=True) == "Only in English"
    assert heading["lang"] == "en"
    assert page.select_one(".policy-summary .lead")["lang"] == "en"
    assert page.select_one(".policy-body .rich-text")["lang"] == "en"
    assert "aún no están disponibles en español" in page.select_one(".fallback-notice").get_text()
    # The topic is translated, so it is not marked.
    assert not page.select_one(".policy-nav span").has_attr("lang")
    listing = html(client.get(LIST["es"]))
    assert listing.select_one(".card-title a")["lang"] == "en"


def test_translated_policy_has_no_fallback_notice(client):
    policy = PolicyFactory()
    page = html(client.get(detail(policy, "es")))
    assert page.select_one(".fallback-notice") is None
    assert not page.find("h1").has_attr("lang")


def test_a_translation_made_before_the_english_changed_says_so_at_the_top_with_a_link_to_the_english(
    client, django_capture_on_commit_callbacks
):
    policy = PolicyFactory(summary_en="Calling 911 is safe.", summary_es="Llamar al 911 es seguro.")
    with django_capture_on_commit_callbacks(execute=True):
        policy.summary_en = "Calling 911 is safe, and so is calling 311."
        policy.save()

    page = html(client.get(detail(policy, "es")))
    notice = page.select_one(".outdated-notice")
    assert notice is not None
    assert notice.sourceline < page.select_one(".policy-summary").sourceline
    assert "La versión en inglés de esta página cambió" in notice.get_text()
    assert notice.find("a", href=detail(policy, "en"))["hreflang"] == "en"
    assert html(client.get(detail(policy, "en"))).select_one(".outdated-notice") is None


@pytest.mark.parametrize(
    ("language", "said", "translated"),
    [("es", "La versión en inglés de esta página cambió el martes 3 de marzo de 2026", "1 de febrero de 2026")],
)
def test_the_outdated_notice_gives_the_date_the_english_changed_and_the_page_the_date_of_its_own_text(
    client, django_capture_on_commit_callbacks, language, said, translated
):
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC), tick=False):
        policy = PolicyFactory(summary_en="Calling 911 is safe.", summary_es="Llamar al 911 es seguro.")
    with (
        time_machine.travel(datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        policy.summary_en = "Calling 911 is safe, and so is calling 311."
        policy.save()

    page = html(client.get(detail(policy, language)))
    assert said in " ".join(page.select_one(".outdated-notice").get_text().split())
    own_date = page.select_one(".policy-dates__translation")
    assert translated in own_date.get_text(), "the Spanish page dates the Spanish text, not the English"
    assert html(client.get(detail(policy, "en"))).select_one(".policy-dates__translation") is None


def test_a_translator_saving_the_spanish_dates_the_spanish_text(client):
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC), tick=False):
        policy = PolicyFactory()
    with time_machine.travel(datetime.datetime(2026, 4, 9, 12, tzinfo=datetime.UTC), tick=False):
        policy = Policy.objects.get(pk=policy.pk)
        policy.summary_es = "Llamar al 911 es seguro, siempre."
        policy.save()
    policy.refresh_from_db()
    assert policy.text_date("es").date() == datetime.date(2026, 4, 9)
    assert policy.text_date("en").date() == datetime.date(2026, 2, 1), "the English text did not change"


def test_a_current_translation_has_no_outdated_notice(client):
    policy = PolicyFactory()
    assert html(client.get(detail(policy, "es"))).select_one(".outdated-notice") is None


def test_english_page_never_shows_a_fallback_notice(client):
    policy = PolicyFactory(untranslated=True)
    assert html(client.get(detail(policy, "en"))).select_one(".fallback-notice") is None


@pytest.mark.parametrize("url", [*DETAIL.values(), *HISTORY.values()])
def test_draft_policy_is_not_found_by_the_public(client, url):
    policy = PolicyFactory(draft=True)
    assert client.get(url.format(slug=policy.slug)).status_code == 404


@pytest.mark.parametrize("url", [DETAIL["en"], HISTORY["es"]])
def test_scheduled_policy_is_hidden_until_its_publish_time(client, url):
    policy = PolicyFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(url.format(slug=policy.slug)).status_code == 404


def test_staff_preview_a_draft_policy_with_a_banner_and_noindex(client):
    policy = PolicyFactory(draft=True)
    client.force_login(SuperuserFactory())
    page = html(client.get(detail(policy)))
    assert page.select_one(".preview-banner") is not None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_unknown_slug_is_not_found_in_both_languages(client):
    for url in [*DETAIL.values(), *HISTORY.values()]:
        assert client.get(url.format(slug="no-such-policy")).status_code == 404
    assert client.get("/es/policies/").status_code == 404


def test_policy_page_links_the_stylesheet_with_print_styles_and_says_where_it_was_printed_from(client):
    policy = PolicyFactory()
    page = html(client.get(detail(policy)))
    stylesheet = page.find("link", attrs={"rel": "stylesheet"})
    assert stylesheet["href"].endswith("css/main.css")  # its print styles are under @media print
    assert f"https://outreach.example.org{detail(policy)}" in page.select_one(".policy-print-source").get_text()


def test_print_stylesheet_keeps_a_policy_clean_on_paper():
    # The sources of static/css/main.css (tests/outreach/test_css.py checks it is built from them).
    rules = (settings.BASE_DIR / "assets" / "scss" / "_print.scss").read_text()
    screen = (settings.BASE_DIR / "assets" / "scss" / "_site.scss").read_text()
    # Links to other pages are dropped, the summary stays framed and unbroken, the source address is printed.
    for rule in [".policy-actions", ".policy-summary", "break-inside: avoid", ".policy-print-source"]:
        assert rule in rules
    assert ".policy-print-source { display: none; }" in screen


# --- History ------------------------------------------------------------------------------------------------------


def publish_revision(policy, **changes):
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.save()
    return policy


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Plain-language summary (English)", "Full text (Spanish)", "Last checked"]),
        ("es", ["Resumen en lenguaje sencillo (inglés)", "Texto completo (español)", "Última revisión"]),
    ],
)
def test_history_lists_each_published_revision_newest_first_with_what_changed_per_language(client, language, expected):
    policy = PolicyFactory()
    publish_revision(
        policy,
        summary_en="Clearer summary.",
        body_es="<p>Texto corregido.</p>",
        last_reviewed=datetime.date(2025, 9, 1),
    )

    page = html(client.get(history(policy, language)))

    revisions = page.select(".policy-revision")
    assert len(revisions) == 2
    newest, first = revisions
    assert titles(newest.select(".policy-revision__changes li")) == expected
    assert "policy-revision--current" in newest["class"]
    assert first.select_one(".policy-revision__changes") is None
    assert {"en": "First published.", "es": "Primera publicación."}[language] in first.get_text()
    times = [revision.find("time")["datetime"] for revision in revisions]
    assert times == sorted(times, reverse=True)


def test_a_long_history_is_split_into_pages_numbered_across_them(client):
    policy = PolicyFactory()
    for number in range(REVISIONS_PER_PAGE + 2):
        publish_revision(policy, summary_en=f"Revision {number}.")

    first = html(client.get(history(policy)))
    second = html(client.get(history(policy), {"page": 2}))

    assert len(first.select(".policy-revision")) == REVISIONS_PER_PAGE
    assert first.select_one(".policy-revisions")["start"] == str(REVISIONS_PER_PAGE + 3)
    assert "policy-revision--current" in first.select_one(".policy-revision")["class"]
    assert len(second.select(".policy-revision")) == 3
    assert second.select_one(".policy-revisions")["start"] == "3"
    assert "First published." in second.select(".policy-revision")[-1].get_text()
    assert client.get(history(policy), {"page": 3}).status_code == 404
    assert client.get(history(policy), {"page": "x"}).status_code == 404


def test_history_leaves_out_drafts_and_compares_with_the_previous_published_version(client):
    policy = PolicyFactory(summary_en="Version one.")
    publish_revision(policy, status=PublishStatus.DRAFT, summary_en="Work in progress, never published.")
    publish_revision(policy, summary_en="Version one.", title_en="A new title")
    publish_revision(policy, status=PublishStatus.PUBLISHED)

    page = html(client.get(history(policy)))

    revisions = page.select(".policy-revision")
    assert len(revisions) == 2
    assert titles(revisions[0].select(".policy-revision__changes li")) == ["Title (English)"]
    assert "Work in progress" not in page.get_text()
    assert policy.history.count() == 4


def test_history_skips_saves_that_changed_nothing_a_resident_reads(client):
    policy = PolicyFactory()
    publish_revision(policy, order=99)
    publish_revision(policy)
    assert len(html(client.get(history(policy))).select(".policy-revision")) == 1


def test_history_reports_a_new_or_replaced_pdf_per_language(client):
    policy = PolicyFactory()
    publish_revision(policy, document_es=pdf("politica.pdf"))
    page = html(client.get(history(policy, "es")))
    assert titles(page.select(".policy-revision__changes li")) == ["Documento PDF (español)"]


def test_history_shows_each_versions_summary_in_the_readers_language(client):
    policy = PolicyFactory(summary_es="Primera versión.")
    publish_revision(policy, summary_es="Segunda versión.")
    page = html(client.get(history(policy, "es")))
    summaries = [details.find("p").get_text(strip=True) for details in page.select(".policy-revision__summary")]
    assert summaries == ["Segunda versión.", "Primera versión."]


def test_history_summary_falls_back_to_english_marked_lang_en(client):
    policy = PolicyFactory(untranslated=True, summary_en="English only.")
    paragraph = html(client.get(history(policy, "es"))).select_one(".policy-revision__summary p")
    assert paragraph.get_text(strip=True) == "English only."
    assert paragraph["lang"] == "en"


def test_history_never_shows_who_made_a_change(client):
    editor = SuperuserFactory(username="maria.editor", first_name="María", last_name="Editora")
    client.force_login(editor)
    policy = PolicyFactory()
    response = client.post(
        admin_path(f"policies/policy/{policy.pk}/change/"),
        {**admin_form_data(policy), "summary_en": "Changed in the admin.", "change_note": "A clearer summary."},
    )
    assert response.status_code == 302
    assert policy.history.first().history_user == editor
    client.logout()

    text = client.get(history(policy)).content.decode()

    assert "maria.editor" not in text and "Editora" not in text
    assert "Plain-language summary (English)" in text


def test_history_of_a_policy_with_no_published_version_recorded_says_so(client):
    policy = PolicyFactory()
    policy.history.all().delete()
    page = html(client.get(history(policy, "es")))
    assert "No hay versiones anteriores registradas" in page.select_one(".empty-state").get_text()


def test_history_hides_a_version_scheduled_for_later(client):
    policy = PolicyFactory()
    publish_revision(policy, summary_en="Coming next month.", publish_at=timezone.now() + datetime.timedelta(days=30))
    Policy.objects.filter(pk=policy.pk).update(publish_at=None)
    assert "Coming next month." not in client.get(history(policy)).content.decode()


def admin_form_data(policy):
    return {
        "title_en": policy.title_en,
        "title_es": policy.title_es,
        "summary_en": policy.summary_en,
        "summary_es": policy.summary_es,
        "body_en": policy.body_en,
        "body_es": policy.body_es,
        "slug": policy.slug,
        "topic": policy.topic_id,
        "order": policy.order,
        "effective_date": policy.effective_date.isoformat(),
        "last_reviewed": policy.last_reviewed.isoformat(),
        "issued_by": policy.issued_by,
        "status": policy.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "loaded_version": type(policy).objects.get(pk=policy.pk).updated_at.isoformat(),
    }


# --- Sitemap ------------------------------------------------------------------------------------------------------


def test_sitemap_lists_published_policies_in_every_language():
    policy = PolicyFactory()
    PolicyFactory(draft=True)
    urls = PolicySitemap().get_urls(site=SimpleNamespace(domain="outreach.example.org"), protocol="https")
    locations = sorted(url["location"] for url in urls)
    assert locations == [
        f"https://outreach.example.org/en/policies/{policy.slug}/",
        f"https://outreach.example.org/es/politicas/{policy.slug}/",
    ]
    assert urls[0]["lastmod"] == policy.updated_at


# --- Query counts -------------------------------------------------------------------------------------------------


def bulk_policies(topics, count, **extra):
    return Policy.objects.bulk_create(
        Policy(
            title_en=f"Bulk policy {number}",
            title_es=f"Política masiva {number}",
            slug=f"bulk-policy-{number}",
            topic=topics[number % len(topics)],
            summary_en="A plain summary.",
            summary_es="Un resumen sencillo.",
            body_en="<p>Text.</p>",
            body_es="<p>Texto.</p>",
            is_key_commitment=number % 7 == 0,
            is_exception=number % 50 == 0,
            effective_date=datetime.date(2025, 1, 1),
            last_reviewed=datetime.date(2025, 6, 1),
            order=number,
            status=PublishStatus.PUBLISHED,
            **extra,
        )
        for number in range(count)
    )


@pytest.mark.parametrize("url", [LIST["en"], LIST["es"]])
def test_index_runs_the_same_number_of_queries_for_5_and_200_policies(client, url):
    topics = PolicyTopicFactory.create_batch(5)
    PolicyFactory(key_commitment=True, topic=topics[0])
    PolicyFactory(exception=True, topic=topics[1])
    PolicyFactory.create_batch(3, topic=topics[2])
    few = queries_for(client, url)

    bulk_policies(topics, 195)
    many = queries_for(client, url)

    assert few == many
    assert many <= 7


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_page_runs_the_same_number_of_queries_for_5_and_200_items(client, language):
    topics = PolicyTopicFactory.create_batch(3)
    policy = PolicyFactory(key_commitment=True, topic=topics[0], document_en=pdf("policy.pdf"))
    PolicyFactory(exception=True, topic=topics[1])
    category = FaqCategory.objects.create(name_en="Calling", name_es="Llamadas", slug="calling")
    faq = [
        FaqEntry(
            question_en=f"Question {number}?",
            question_es=f"¿Pregunta {number}?",
            answer_en="<p>Answer.</p>",
            category=category,
            slug=f"question-{number}",
            related_policy=policy,
            order=number,
            status=PublishStatus.PUBLISHED,
        )
        for number in range(200)
    ]
    FaqEntry.objects.bulk_create(faq[:5])
    few = queries_for(client, detail(policy, language))

    FaqEntry.objects.bulk_create(faq[5:])
    bulk_policies(topics, 195)
    many = queries_for(client, detail(policy, language))

    assert few == many
    assert many <= 5


@pytest.mark.parametrize("language", LANGUAGES)
def test_history_runs_the_same_number_of_queries_for_5_and_200_revisions(client, language):
    policy = PolicyFactory()
    for number in range(4):
        publish_revision(policy, summary_en=f"Revision {number}.")
    few = queries_for(client, history(policy, language))

    for number in range(4, 199):
        publish_revision(policy, summary_en=f"Revision {number}.", summary_es=f"Revisión {number}.")
    many = queries_for(client, history(policy, language))

    assert len(html(client.get(history(policy, language))).select(".policy-revision")) == 20
    assert few == many
    assert many <= 4
