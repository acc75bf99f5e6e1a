"""Legal and community help: an overview of the kinds, a page per kind (filtered, paged), a page per resource."""

import datetime

import pytest

from outreach.views import RESOURCES_PER_KIND, RESOURCES_PER_PAGE
from tests.factories import ResourceFactory, SuperuserFactory
from tests.helpers import html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

RESOURCES = {"en": "/en/resources/", "es": "/es/recursos/"}
LANGUAGES = ["en", "es"]


def names(page):
    return [heading.get_text(strip=True) for heading in page.select(".resource h3")]


# --- The overview -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_overview_lists_each_kind_of_help_with_its_number_and_the_first_few(client, language):
    ResourceFactory.create_batch(RESOURCES_PER_KIND + 2, category="legal-aid")
    hotline = ResourceFactory(category="hotline", name_en="Help line", name_es="Línea de ayuda")
    ResourceFactory(category="consulate", status="draft")

    page = html(client.get(RESOURCES[language]))

    kinds = page.select("section.resource-kind")
    assert [kind.h2.get_text(strip=True) for kind in kinds] == {
        "en": ["Legal aid", "Hotlines"],
        "es": ["Ayuda legal", "Líneas de ayuda"],
    }[language]
    assert kinds[0].h2.a["href"] == f"{RESOURCES[language]}?category=legal-aid"
    assert len(kinds[0].select("ul a")) == RESOURCES_PER_KIND
    count = {"en": f"{RESOURCES_PER_KIND + 2} organizations", "es": f"{RESOURCES_PER_KIND + 2} organizaciones"}
    assert count[language] in kinds[0].get_text(" ", strip=True)
    link = kinds[1].select_one("ul a")
    assert link.get_text(strip=True) == getattr(hotline, f"name_{language}")
    assert link["href"] == f"{RESOURCES[language]}{hotline.slug}/"


def test_unpublished_resources_are_hidden(client):
    ResourceFactory(status="draft", name_en="Draft clinic")
    assert "Draft clinic" not in client.get("/en/resources/").content.decode()
    assert "Draft clinic" not in client.get("/en/resources/?category=legal-aid").content.decode()


# --- A kind of help -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_resources_show_phone_languages_cost_and_last_verified(client, language):
    resource = ResourceFactory(
        phone="(555) 0142", languages=["es", "vi"], is_free=True, last_verified=datetime.date(2026, 10, 5)
    )
    card = html(client.get(RESOURCES[language], {"category": "legal-aid"})).find("article", id=resource.anchor)
    assert card.find("a", href="tel:5550142")
    assert card.h3.a["href"] == f"{RESOURCES[language]}{resource.slug}/"
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
    assert names(page) == ["A hotline"]
    assert page.select_one(".nav-pills [aria-current=page]").get_text(strip=True) == "Hotlines"


@pytest.mark.parametrize("category", ["nope", "<script>", "legal-aid'--", "LEGAL-AID"])
def test_unknown_resource_category_is_not_found(client, category):
    assert client.get("/en/resources/", {"category": category}).status_code == 404


def test_residents_narrow_a_kind_of_help_by_language_and_cost(client):
    ResourceFactory(name_en="Spanish, free", languages=["es", "en"], is_free=True)
    ResourceFactory(name_en="Vietnamese, free", languages=["en", "vi"], is_free=True)
    ResourceFactory(name_en="Vietnamese, fee", languages=["vi"], is_free=False)
    ResourceFactory(name_en="Chinese", languages=["zh-hans"], is_free=True)

    def shown(**filters):
        return names(html(client.get("/en/resources/", {"category": "legal-aid", **filters})))

    assert shown(language="vi") == ["Vietnamese, free", "Vietnamese, fee"]
    assert shown(free="on") == ["Spanish, free", "Vietnamese, free", "Chinese"]
    assert shown(language="vi", free="on") == ["Vietnamese, free"]
    assert shown(language="zh-hans") == ["Chinese"]
    assert shown(language="ar") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filter_that_matches_nothing_says_so_and_leads_back(client, language):
    ResourceFactory(languages=["es"])
    page = html(client.get(RESOURCES[language], {"category": "legal-aid", "language": "ko"}))
    empty = page.select_one(".empty-state")
    assert {"en": "No organizations match", "es": "Ninguna organización coincide"}[language] in empty.get_text()
    assert empty.find("a", href=f"{RESOURCES[language]}?category=legal-aid")


@pytest.mark.parametrize("query", [{"language": "xx"}, {"language": "<script>"}, {"free": "maybe"}, {"page": "1"}])
def test_bad_filter_values_give_a_page_never_an_error(client, query):
    ResourceFactory(name_en="Clinic")
    response = client.get("/en/resources/", {"category": "legal-aid", **query})
    assert response.status_code == 200
    assert names(html(response)) == ["Clinic"]


def test_an_unknown_language_is_reported_beside_the_filter(client):
    ResourceFactory()
    page = html(client.get("/en/resources/", {"category": "legal-aid", "language": "xx", "free": "on"}))
    assert page.select_one(".resource-filter .invalid-feedback")
    assert page.find("input", attrs={"name": "free"}).has_attr("checked")


def test_a_kind_of_help_is_split_into_pages_that_keep_the_filter(client):
    for number in range(RESOURCES_PER_PAGE + 3):
        ResourceFactory(name_en=f"Clinic {number:02d}", order=number, languages=["vi"])

    first = html(client.get("/en/resources/", {"category": "legal-aid", "language": "vi"}))
    next_link = first.find("a", rel="next")["href"]
    second = html(client.get(f"/en/resources/{next_link}"))

    assert len(names(first)) == RESOURCES_PER_PAGE
    assert next_link == "?category=legal-aid&amp;language=vi&amp;page=2".replace("&amp;", "&")
    assert names(second) == [f"Clinic {number:02d}" for number in range(RESOURCES_PER_PAGE, RESOURCES_PER_PAGE + 3)]
    # A kind's page (and its page number) is canonical; the filter is not.
    canonical = second.find("link", rel="canonical")["href"]
    assert canonical == "https://outreach.example.org/en/resources/?category=legal-aid&page=2"


@pytest.mark.parametrize("page", ["0", "2", "x"])
def test_a_page_number_past_the_end_or_malformed_is_not_found(client, page):
    ResourceFactory()
    assert client.get("/en/resources/", {"category": "legal-aid", "page": page}).status_code == 404


# --- A resource's page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_resource_has_a_page_with_its_details_and_a_way_back(client, language):
    resource = ResourceFactory(name_en="Legal clinic", name_es="Clínica legal", category="legal-aid", phone="555-0142")

    page = html(client.get(resource.get_absolute_url().replace("/en/resources/", RESOURCES[language])))

    assert resource.slug == "legal-clinic"
    assert page.h1.get_text(strip=True) == getattr(resource, f"name_{language}")
    assert page.find("a", href="tel:5550142")
    assert page.find("a", href=f"{RESOURCES[language]}?category=legal-aid")
    assert page.find("a", href=RESOURCES[language])


def test_a_draft_resource_has_no_public_page(client):
    resource = ResourceFactory(status="draft")
    assert client.get(resource.get_absolute_url()).status_code == 404
    client.force_login(SuperuserFactory())
    assert html(client.get(resource.get_absolute_url())).select_one(".preview-banner")


def test_an_old_link_to_a_resource_on_the_list_finds_its_page(client):
    resource = ResourceFactory(category="hotline")
    for query in ({"item": resource.pk}, {"category": "hotline", "item": resource.pk}):
        response = client.get("/es/recursos/", query)
        assert response.status_code == 302
        assert response["Location"] == f"/es/recursos/{resource.slug}/"
    assert client.get("/es/recursos/", {"item": "nope"}).status_code == 404
