import pytest
from django.urls import reverse
from django.utils import translation

from editorial.publication import PublishStatus
from tests.factories import (
    FaqEntryFactory,
    GuideFactory,
    GuideStepFactory,
    PolicyFactory,
    ResourceFactory,
    staff_in_role,
)
from tests.helpers import all_sitemaps, html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

LIST = {"en": "/en/guides/", "es": "/es/guias/"}
DETAIL = {"en": "/en/guides/{slug}/", "es": "/es/guias/{slug}/"}
LANGUAGES = ["en", "es"]


def detail(guide, language="en"):
    return DETAIL[language].format(slug=guide.slug)


def text_of(response):
    return html(response).get_text(" ", strip=True)


def test_guide_addresses_follow_the_url_contract():
    for language in LANGUAGES:
        with translation.override(language):
            assert reverse("guides:guide-list") == LIST[language]
            assert reverse("guides:guide-detail", kwargs={"slug": "u-visa"}) == DETAIL[language].format(slug="u-visa")


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_list_shows_published_guides_only_in_the_readers_language(client, language):
    GuideFactory(title_en="Report a crime", title_es="Denuncie un delito", summary_es="Cómo denunciar.")
    GuideFactory(title_en="Secret draft", title_es="Borrador secreto", draft=True)

    response = client.get(LIST[language])

    assert response.status_code == 200
    text = text_of(response)
    assert ("Report a crime" if language == "en" else "Denuncie un delito") in text
    assert "Secret draft" not in text and "Borrador secreto" not in text
    assert not response.cookies


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_page_shows_its_steps_in_order_with_what_to_bring_how_long_and_who_to_contact(client, language):
    guide = GuideFactory()
    GuideStepFactory(guide=guide, order=2, title_en="Second, send it", title_es="Segundo, envíela")
    GuideStepFactory(guide=guide, order=1, title_en="First, ask", title_es="Primero, pregunte")

    page = html(client.get(detail(guide, language)))

    steps = [step.select_one(".guide-step__title").get_text(" ", strip=True) for step in page.select(".guide-step")]
    if language == "en":
        assert steps == ["Step 1 : First, ask", "Step 2 : Second, send it"]
    else:
        assert steps == ["Paso 1 : Primero, pregunte", "Paso 2 : Segundo, envíela"]
    facts = page.select_one(".guide-step__facts").get_text(" ", strip=True)
    expected = (
        ["What to bring", "Your report number", "How long it takes", "About 10 minutes", "Who to contact"]
        if language == "en"
        else ["Qué traer", "Su número de reporte", "Cuánto tarda", "Unos 10 minutos", "A quién contactar"]
    )
    for words in expected:
        assert words in facts
    # "What to bring" is a list, one thing per line.
    assert len(page.select(".guide-step__facts ul li")) >= 2


def test_an_untranslated_step_is_shown_in_english_and_marked(client):
    guide = GuideFactory()
    GuideStepFactory(guide=guide, title_es="", body_es="", what_to_bring_es="", how_long_es="", contact_es="")

    page = html(client.get(detail(guide, "es")))

    title = page.select_one(".guide-step__title span[lang]")
    assert title is not None and title["lang"] == "en"
    assert "Do thing" in title.get_text()


def test_a_draft_guide_is_404_for_visitors_and_a_preview_for_editors(client):
    guide = GuideFactory(draft=True)

    assert client.get(detail(guide)).status_code == 404

    client.force_login(staff_in_role("editor"))
    response = client.get(detail(guide))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_target_time_is_said_in_both_languages(client):
    guide = GuideFactory(target_days=45)

    assert "within 45 days" in text_of(client.get(detail(guide, "en")))
    assert "45 días" in text_of(client.get(detail(guide, "es")))


def test_guide_lists_its_published_policies_and_the_policy_links_back(client):
    policy = PolicyFactory(title_en="Call 911 whatever your status")
    hidden = PolicyFactory(title_en="Draft policy", draft=True)
    guide = GuideFactory(title_en="Report a crime step by step")
    guide.related_policies.add(policy, hidden)

    guide_text = text_of(client.get(detail(guide)))
    assert "Call 911 whatever your status" in guide_text
    assert "Draft policy" not in guide_text

    policy_page = html(client.get(policy.get_absolute_url()))
    section = policy_page.select_one(".policy-guides")
    assert section is not None and "Report a crime step by step" in section.get_text()


def test_a_draft_guide_is_not_linked_from_its_policy(client):
    policy = PolicyFactory()
    GuideFactory(title_en="Not yet", draft=True).related_policies.add(policy)

    assert "Not yet" not in text_of(client.get(policy.get_absolute_url()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answer_links_to_its_guide_while_the_guide_is_published(client, language):
    guide = GuideFactory(title_en="Ask for a U visa certification", title_es="Pida la certificación de visa U")
    entry = FaqEntryFactory(related_guide=guide)

    with translation.override(language):
        url = entry.get_absolute_url()
        category_url = reverse("outreach:faq-category", kwargs={"category": entry.category.slug})
    title = guide.title_en if language == "en" else guide.title_es
    for page in (url, category_url):
        link = html(client.get(page)).select_one(".related-guide-link a")
        assert link is not None and link.get_text() == title

    guide.status = PublishStatus.DRAFT
    guide.save()
    assert html(client.get(url)).select_one(".related-guide-link") is None


def test_certification_guide_lists_free_legal_help_from_the_resources(client):
    ResourceFactory(name_en="Free Immigration Clinic", category="legal-aid", is_free=True)
    ResourceFactory(name_en="Paid Law Office", category="legal-aid", is_free=False)
    guide = GuideFactory(certification=True)

    section = html(client.get(detail(guide))).select_one(".guide-legal-help")

    assert section is not None
    assert "Free Immigration Clinic" in section.get_text()
    assert "Paid Law Office" not in section.get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_page_runs_the_same_number_of_queries_with_3_and_20_steps_and_many_policies(client, language):
    guide = GuideFactory()
    GuideStepFactory.create_batch(3, guide=guide)
    guide.related_policies.add(PolicyFactory())
    ResourceFactory(category="legal-aid")
    few = queries_for(client, detail(guide, language))

    GuideStepFactory.create_batch(17, guide=guide)
    guide.related_policies.add(*PolicyFactory.create_batch(30))
    ResourceFactory.create_batch(10, category="legal-aid")
    many = queries_for(client, detail(guide, language))

    assert many == few


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_list_runs_the_same_number_of_queries_for_2_and_60_guides(client, language):
    def outdated_guides(count):
        # Their English changed after the Spanish was written: the list says so, from what it already loaded.
        for guide in GuideFactory.create_batch(count):
            guide.summary_en = "A newer English summary."
            guide.save()

    outdated_guides(2)
    few = queries_for(client, LIST[language])
    outdated_guides(58)
    many = queries_for(client, LIST[language])

    assert many == few
    assert client.get(LIST[language] + "?page=3").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_a_guide_by_the_words_of_its_steps(client, language):
    guide = GuideFactory(title_en="Complaints", title_es="Quejas")
    step = GuideStepFactory(
        guide=guide, body_en="<p>Write down the badge number.</p>", body_es="<p>Anote el número de placa.</p>"
    )
    query = {"en": "badge", "es": "placa"}[language]
    search = {"en": "/en/search/", "es": "/es/buscar/"}[language]

    assert guide.get_absolute_url().split("/")[-2] in client.get(search, {"q": query}).content.decode()

    step.body_en, step.body_es = "<p>Nothing here.</p>", "<p>Nada aquí.</p>"
    step.save()
    assert f"/{guide.slug}/" not in client.get(search, {"q": query}).content.decode()


def test_search_forgets_a_deleted_step_and_never_shows_a_draft_guide(client):
    guide = GuideFactory(title_en="Interpreters")
    step = GuideStepFactory(guide=guide, body_en="<p>Say Vietnamese and stay on the line.</p>")
    draft = GuideFactory(title_en="Hidden", draft=True)
    GuideStepFactory(guide=draft, body_en="<p>Vietnamese too.</p>")

    content = client.get("/en/search/", {"q": "Vietnamese"}).content.decode()
    assert f"/{guide.slug}/" in content and f"/{draft.slug}/" not in content

    step.delete()
    assert f"/{guide.slug}/" not in client.get("/en/search/", {"q": "Vietnamese"}).content.decode()


def test_sitemap_lists_published_guides_in_both_languages(client):
    guide = GuideFactory()
    draft = GuideFactory(draft=True)

    sitemaps = all_sitemaps(client)

    assert f"/en/guides/{guide.slug}/" in sitemaps and f"/es/guias/{guide.slug}/" in sitemaps
    assert f"/{draft.slug}/" not in sitemaps
    assert "/en/guides/</loc>" in sitemaps


def test_main_navigation_links_to_the_guides_in_both_languages(client):
    for language, label in (("en", "Step by step"), ("es", "Paso a paso")):
        links = html(client.get(f"/{language}/")).select(".site-nav a.nav-link")
        assert (label, LIST[language]) in [(link.get_text(strip=True), link["href"]) for link in links]


def test_an_edited_step_shows_on_the_next_view_of_the_cached_page(client):
    guide = GuideFactory()
    step = GuideStepFactory(guide=guide, title_en="Old words")
    assert "Old words" in text_of(client.get(detail(guide)))

    step.title_en = "New words"
    step.save()

    assert "New words" in text_of(client.get(detail(guide)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_guide_asks_if_it_was_helpful_and_counts_only_the_answer(client, settings, language):
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import HelpfulCount

    settings.SITE_URL = "https://outreach.example.org"
    guide = GuideFactory()
    response = client.get(detail(guide, language))
    form = html(response).select_one("form.helpful")
    assert form is not None and not response.cookies

    voted = client.post(
        form["action"],
        {"item": f"guides.guide.{guide.pk}", "answer": "no"},
        HTTP_ORIGIN="https://outreach.example.org",
    )

    assert voted.status_code == 303 and not voted.cookies
    row = HelpfulCount.objects.get(content_type=ContentType.objects.get_for_model(guide), object_id=guide.pk)
    assert (row.language, row.yes, row.no) == (language, 0, 1)
