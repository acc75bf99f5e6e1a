import pytest

from editorial.publication import PublishStatus
from policies.models import Policy, PolicyTopic
from tests.factories import PolicyFactory, PolicyTopicFactory, SuperuserFactory
from tests.helpers import admin_path, html, run_action

pytestmark = pytest.mark.django_db

CHANGELIST = admin_path("policies/policy/")
TRANSLATED = {"title", "summary", "body", "document"}


@pytest.fixture
def admin_client(client, site_settings):
    client.force_login(SuperuserFactory())
    return client


def legends(page):
    return [heading.get_text(strip=True) for heading in page.select("fieldset h2, fieldset legend")]


def new_policy_data(topic, **extra):
    return {
        "title_en": "Call 911 whatever your status",
        "title_es": "Llame al 911 sin importar su estatus",
        "slug": "call-911",
        "summary_en": "No one who calls is reported.",
        "summary_es": "Nadie que llame será denunciado.",
        "body_en": "<p>Call when you need help.</p>",
        "body_es": "<p>Llame cuando necesite ayuda.</p>",
        "topic": topic.pk,
        "is_key_commitment": "on",
        "order": "1",
        "effective_date": "2025-01-15",
        "last_reviewed": "2025-06-30",
        "issued_by": "department",
        "status": "published",
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        **extra,
    }


def test_policy_form_has_a_fieldset_per_language_then_the_shared_fields(admin_client):
    policy = PolicyFactory()
    page = html(admin_client.get(admin_path(f"policies/policy/{policy.pk}/change/")))

    assert legends(page)[:2] == ["English", "Español"]
    for code in ["en", "es"]:
        fieldset = page.select_one(f"fieldset.translation-{code}")
        names = {field["name"] for field in fieldset.select("input[name], textarea[name]")}
        assert {f"{name}_{code}" for name in TRANSLATED} <= names
    assert not page.find(attrs={"name": "title"})
    assert {"Where it appears", "Dates", "Publishing"} <= set(legends(page))
    for field in ["slug", "topic", "is_key_commitment", "is_exception", "effective_date", "last_reviewed"]:
        assert page.find(attrs={"name": field}) is not None


def test_untranslated_fieldsets_name_no_translated_field():
    from django.contrib import admin

    for model in [Policy, PolicyTopic]:
        model_admin = admin.site._registry[model]
        for _title, options in model_admin.fieldsets:
            assert not set(options["fields"]) & set(model.translated_field_names())


def test_policy_form_fills_the_slug_from_the_english_title(admin_client):
    page = html(admin_client.get(admin_path("policies/policy/add/")))
    config = page.find(attrs={"data-prepopulated-fields": True}) or page.find(
        id="django-admin-prepopulated-fields-constants"
    )
    assert config is not None
    assert "title_en" in str(config)


def test_changelist_has_the_columns_and_filters_staff_need(admin_client):
    PolicyFactory(key_commitment=True)
    PolicyFactory(exception=True, draft=True)
    page = html(admin_client.get(CHANGELIST))

    headers = [th.get_text(strip=True).lower() for th in page.select("#result_list thead th")]
    assert headers[1:] == ["title", "topic", "role", "last checked", "status"]
    roles = {cell.get_text(strip=True) for cell in page.select("#result_list td.field-role")}
    assert roles == {"Key commitment", "Exception"}
    badges = [badge.get_text() for badge in page.select("#result_list td.field-status_badges .status-badge")]
    assert sorted(badges) == ["Draft", "Published"]
    filters = page.select_one("#changelist-filter").get_text(" ", strip=True).lower()
    for name in ["topic", "key commitment", "translation status", "publish state"]:
        assert f"by {name}" in filters
    query = "?is_key_commitment__exact=1&translation_status=complete&publication=live"
    assert len(html(admin_client.get(CHANGELIST + query)).select("#result_list tbody tr")) == 1


def test_changelist_runs_a_bounded_number_of_queries(admin_client, django_assert_max_num_queries):
    topic = PolicyTopicFactory()
    PolicyFactory.create_batch(30, topic=topic)
    with django_assert_max_num_queries(15):
        admin_client.get(CHANGELIST)


@pytest.mark.parametrize("query", ["Llame al", "Call 911", "denunciado"])
def test_search_finds_a_policy_by_its_text_in_any_language(admin_client, query):
    PolicyFactory(
        title_en="Call 911 whatever your status",
        title_es="Llame al 911 sin importar su estatus",
        summary_es="Nadie que llame será denunciado.",
    )
    PolicyFactory(title_en="Help in your language", title_es="Ayuda en su idioma")
    page = html(admin_client.get(CHANGELIST, {"q": query}))
    rows = page.select("#result_list tbody tr")
    assert len(rows) == 1
    assert "Call 911" in rows[0].get_text()


def test_editor_creates_a_bilingual_policy_and_its_first_revision_is_recorded(admin_client):
    topic = PolicyTopicFactory()
    response = admin_client.post(admin_path("policies/policy/add/"), new_policy_data(topic))
    assert response.status_code == 302, html(response).select(".errorlist")

    policy = Policy.objects.get(slug="call-911")
    assert (policy.title_en, policy.title_es) == (
        "Call 911 whatever your status",
        "Llame al 911 sin importar su estatus",
    )
    assert policy.is_key_commitment and not policy.is_exception
    assert policy.translation_status == "complete"
    assert policy.history.count() == 1


def test_a_non_pdf_document_is_refused(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    topic = PolicyTopicFactory()
    upload = SimpleUploadedFile("policy.exe", b"MZ", content_type="application/octet-stream")
    response = admin_client.post(admin_path("policies/policy/add/"), new_policy_data(topic, document_en=upload))
    assert response.status_code == 200
    assert html(response).select(".errorlist")
    assert not Policy.objects.exists()


def test_publishing_from_the_list_is_recorded_in_the_public_history(admin_client, client):
    policy = PolicyFactory(draft=True)
    run_action(admin_client, CHANGELIST, "publish", [policy])
    policy.refresh_from_db()
    assert policy.status == PublishStatus.PUBLISHED
    assert policy.history.filter(status=PublishStatus.PUBLISHED).count() == 1

    client.logout()
    page = html(client.get(f"/en/policies/{policy.slug}/history/"))
    assert "First published." in page.select_one(".policy-revision").get_text()


def test_unpublish_action_takes_a_policy_off_the_site(admin_client, client):
    policy = PolicyFactory()
    response = run_action(admin_client, CHANGELIST, "unpublish", [policy])
    assert "1 item unpublished." in html(response).get_text()
    policy.refresh_from_db()
    assert policy.status == PublishStatus.DRAFT
    client.logout()
    assert client.get(f"/en/policies/{policy.slug}/").status_code == 404


def test_staff_history_view_in_the_admin_works(admin_client):
    policy = PolicyFactory()
    policy.summary_en = "Changed."
    policy.save()
    assert admin_client.get(admin_path(f"policies/policy/{policy.pk}/history/")).status_code == 200


def test_topic_form_has_language_fieldsets_and_search(admin_client):
    topic = PolicyTopicFactory(name_en="Language access", name_es="Acceso en su idioma")
    page = html(admin_client.get(admin_path(f"policies/policytopic/{topic.pk}/change/")))
    assert legends(page)[:2] == ["English", "Español"]
    assert page.find("input", attrs={"name": "name_es"})["value"] == "Acceso en su idioma"
    results = html(admin_client.get(admin_path("policies/policytopic/"), {"q": "idioma"}))
    assert len(results.select("#result_list tbody tr")) == 1
