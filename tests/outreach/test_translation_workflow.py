"""The translator's desk: roles enforced on the server, the translation queue, and the diff of English changes."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from editorial.models import TranslationStatus
from editorial.publication import PublishStatus
from events.models import Event
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    VenueFactory,
    staff_in_role,
)
from tests.helpers import admin_path, form_data, html

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator_client(client, site_settings):
    client.force_login(staff_in_role("translator"))
    return client


@pytest.fixture
def editor_client(client, site_settings):
    client.force_login(staff_in_role("editor"))
    return client


def change_url(obj):
    return admin_path(f"{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/")


CONTENT = {
    "event": (EventFactory, "title"),
    "venue": (VenueFactory, "name"),
    "policy": (PolicyFactory, "title"),
    "faqentry": (FaqEntryFactory, "question"),
    "resource": (ResourceFactory, "name"),
    "alert": (AlertFactory, "message"),
    "factcheck": (FactCheckFactory, "claim"),
}


@pytest.mark.parametrize("kind", sorted(CONTENT))
def test_translator_sees_english_read_only_and_edits_only_spanish(translator_client, kind):
    factory, field = CONTENT[kind]
    obj = factory()
    page = html(translator_client.get(change_url(obj)))
    assert page.find(attrs={"name": f"{field}_es"}) is not None
    assert page.find(attrs={"name": f"{field}_en"}) is None
    assert str(getattr(obj, f"{field}_en")) in page.select_one("fieldset.translation-en").get_text()
    assert page.find(attrs={"name": "status"}) is None


@pytest.mark.parametrize("kind", sorted(CONTENT))
def test_translator_cannot_change_english_title_or_publishing_by_a_forged_post(translator_client, kind):
    factory, field = CONTENT[kind]
    obj = factory(status=PublishStatus.DRAFT) if kind != "venue" else factory()
    data = form_data(translator_client.get(change_url(obj)))
    data.update(
        {
            f"{field}_es": "Traducción nueva",
            f"{field}_en": "Forged English",
            "status": "published",
            "slug": "forged-slug",
            "city": "Forged City",
            "publish_at_0": "2001-01-01",
            "publish_at_1": "00:00",
        }
    )

    response = translator_client.post(change_url(obj), data)

    assert response.status_code == 302, html(response).select(".errorlist")
    obj.refresh_from_db()
    assert getattr(obj, f"{field}_es") == "Traducción nueva"
    assert getattr(obj, f"{field}_en") != "Forged English"
    assert getattr(obj, "status", PublishStatus.DRAFT) == PublishStatus.DRAFT
    assert getattr(obj, "slug", "") != "forged-slug"
    assert getattr(obj, "publish_at", None) is None


def test_translator_cannot_change_meeting_dates_venue_or_image(translator_client):
    event = EventFactory()
    before = (event.starts_at, event.venue_id, event.event_status)
    data = form_data(translator_client.get(change_url(event)))
    data.update(
        {
            "starts_at_0": "2030-01-01",
            "starts_at_1": "10:00",
            "venue": VenueFactory().pk,
            "event_status": "cancelled",
            "languages": ["vi"],
        }
    )
    translator_client.post(change_url(event), data)
    event.refresh_from_db()
    assert (event.starts_at, event.venue_id, event.event_status) == before
    assert event.languages == ["es", "en"]


@pytest.mark.parametrize("kind", sorted(CONTENT))
def test_translator_cannot_add_or_delete(translator_client, kind):
    factory, _field = CONTENT[kind]
    obj = factory()
    base = admin_path(f"{obj._meta.app_label}/{obj._meta.model_name}/")
    assert translator_client.get(base + "add/").status_code == 403
    assert translator_client.post(base + "add/", {f"{_field}_en": "New"}).status_code == 403
    assert translator_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("action", ["publish", "unpublish", "cancel", "duplicate", "repeat_weekly"])
def test_translator_cannot_run_publishing_actions(translator_client, action):
    draft = EventFactory(status=PublishStatus.DRAFT)
    live = EventFactory()
    translator_client.post(
        admin_path("events/event/"),
        {"action": action, "_selected_action": [draft.pk, live.pk], "apply": "1", "until": "2030-01-01"},
    )
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status, live.event_status) == ("draft", "published", "scheduled")
    assert Event.objects.count() == 2


def test_translator_cannot_delete_through_the_changelist_action(translator_client):
    event = EventFactory()
    translator_client.post(
        admin_path("events/event/"), {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert Event.objects.filter(pk=event.pk).exists()


def test_translator_can_edit_the_spanish_site_settings_but_not_the_numbers(translator_client, site_settings):
    data = form_data(translator_client.get(admin_path("outreach/sitesettings/1/change/")))
    data.update({"program_name_es": "Programa nuevo", "emergency_number": "000", "program_name_en": "Forged"})
    translator_client.post(admin_path("outreach/sitesettings/1/change/"), data)
    site_settings.refresh_from_db()
    assert site_settings.program_name_es == "Programa nuevo"
    assert (site_settings.emergency_number, site_settings.program_name_en) == ("911", "Community Outreach Program")


def test_translator_saving_the_spanish_marks_an_outdated_item_complete(translator_client):
    event = EventFactory(summary_en="Old English.")
    event.summary_en = "New English."
    event.save()
    assert event.translation_status == TranslationStatus.OUTDATED
    data = form_data(translator_client.get(change_url(event)))
    data["summary_es"] = "Español revisado."
    translator_client.post(change_url(event), data)
    event.refresh_from_db()
    assert event.translation_status == TranslationStatus.COMPLETE


def test_editor_typo_fix_with_minor_change_keeps_the_translation_complete(editor_client):
    event = EventFactory(summary_en="Come and ask us anything.")
    data = form_data(editor_client.get(change_url(event)))
    data.update(summary_en="Come and ask us anything!", minor_change="on")
    editor_client.post(change_url(event), data)
    event.refresh_from_db()
    assert event.summary_en == "Come and ask us anything!"
    assert event.translation_status == TranslationStatus.COMPLETE


def test_editor_change_without_minor_change_makes_the_translation_outdated(editor_client):
    event = EventFactory(summary_en="Come and ask us anything.")
    data = form_data(editor_client.get(change_url(event)))
    data.update(summary_en="Come on Tuesday instead.")
    editor_client.post(change_url(event), data)
    event.refresh_from_db()
    assert event.translation_status == TranslationStatus.OUTDATED


def test_outdated_item_shows_which_english_fields_changed_as_a_diff(translator_client):
    event = EventFactory(summary_en="Meet us at the church hall.")
    event.summary_en = "Meet us at the school gym."
    event.save()
    panel = html(translator_client.get(change_url(event))).select_one(".source-changes")
    assert "Summary" in panel.find("dt").get_text()
    diff = panel.select_one(".word-diff")
    for label in diff.select(".visually-hidden"):  # "removed:" and "added:", for screen readers
        label.extract()
    assert [d.get_text() for d in diff.find_all("del")] == ["church hall."]
    assert [i.get_text() for i in diff.find_all("ins")] == ["school gym."]


def test_the_translators_diff_keeps_paragraphs_apart(translator_client):
    event = EventFactory(description_en="<p>Bring questions.</p><p>No names.</p>")
    event.description_en = "<p>Bring questions.</p><p>No names are taken.</p>"
    event.save()
    diff = html(translator_client.get(change_url(event))).select_one(".source-changes .word-diff")
    assert "questions.<br/>" in str(diff), "each paragraph on a line of its own"


def test_complete_item_shows_no_diff(translator_client):
    assert html(translator_client.get(change_url(EventFactory()))).select_one(".source-changes") is None


class TestTranslationQueue:
    def test_lists_missing_and_outdated_items_across_models_oldest_first(self, translator_client):
        old = FaqEntryFactory(answer_es="")
        type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
        outdated = PolicyFactory(summary_en="Old.")
        outdated.summary_en = "New."
        outdated.save()
        missing = EventFactory(untranslated=True)
        EventFactory()  # complete: not listed

        page = html(translator_client.get(admin_path("translations/")))

        rows = [row.th.get_text(strip=True) for row in page.select("#translation-queue tbody tr")]
        assert rows == [str(old), str(outdated), str(missing)]
        assert "Plain-language summary" in page.select("#translation-queue tbody tr")[1].get_text()

    def test_filters_by_model(self, translator_client):
        FaqEntryFactory(answer_es="")
        event = EventFactory(untranslated=True)
        page = html(translator_client.get(admin_path("translations/?model=events.event")))
        assert [row.th.get_text(strip=True) for row in page.select("#translation-queue tbody tr")] == [str(event)]
        assert translator_client.get(admin_path("translations/?model=auth.user")).status_code == 404

    def test_the_next_page_keeps_the_chosen_kind_of_content(self, translator_client):
        from editorial import sites

        FaqEntryFactory(answer_es="")
        EventFactory.create_batch(3, untranslated=True)
        with mock.patch.object(sites, "QUEUE_PAGE_SIZE", 2):
            first = html(translator_client.get(admin_path("translations/?model=events.event")))
            next_link = first.select_one(".queue-pages a[rel=next]")["href"]
            second = html(translator_client.get(admin_path("translations/") + next_link))
        assert next_link == "?model=events.event&page=2"
        assert len(second.select("#translation-queue tbody tr")) == 1

    def test_admin_index_links_to_the_queue_with_counts(self, translator_client):
        EventFactory(untranslated=True)
        FaqEntryFactory(answer_es="")
        box = html(translator_client.get(admin_path())).select_one("#work-queues")
        assert box.find("a", href=admin_path("translations/"))
        assert "2 missing, 0 outdated" in " ".join(box.get_text().split())

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("en", "1 item has a missing translation. 0 items have outdated translations."),
            ("es", "1 elemento tiene una traducción que falta. 0 elementos tienen traducciones desactualizadas."),
        ],
    )
    def test_counts_say_item_or_items_in_every_language(self, translator_client, language, expected):
        EventFactory(untranslated=True)
        page = html(translator_client.get(admin_path("translations/"), HTTP_ACCEPT_LANGUAGE=language))
        assert expected in " ".join(page.select_one(".queue-counts").get_text().split())

    def test_is_for_staff_only(self, client):
        response = client.get(admin_path("translations/"))
        assert response.status_code == 302
        assert response["Location"].startswith(admin_path("login/"))


@pytest.mark.parametrize("kind", ["event", "policy"])
def test_translator_cannot_revert_to_an_old_version_through_the_history_pages(translator_client, kind):
    factory, field = CONTENT[kind]
    obj = factory(status=PublishStatus.PUBLISHED)
    old_version = obj.history.latest().history_id
    obj.title_en = "Corrected English"
    obj.status = PublishStatus.DRAFT
    obj.save()
    url = f"{change_url(obj).replace('change/', 'history/')}{old_version}/"

    assert translator_client.get(url).status_code == 403
    forged = {f"{field}_es": "Traducción", "loaded_version": obj.updated_at.isoformat(), "_change_history": "1"}
    assert translator_client.post(url, forged).status_code == 403

    obj.refresh_from_db()
    assert (obj.title_en, obj.status) == ("Corrected English", PublishStatus.DRAFT)


def test_editor_can_revert_to_an_old_version_on_the_first_try(editor_client):
    policy = PolicyFactory(summary_en="The original promise.")
    old_version = policy.history.latest().history_id
    policy.summary_en = "A careless edit."
    policy.save()
    url = f"{change_url(policy).replace('change/', 'history/')}{old_version}/"

    response = editor_client.post(url, form_data(editor_client.get(url)))

    assert response.status_code == 302, html(response).select(".errornote, .errorlist")
    policy.refresh_from_db()
    assert policy.summary_en == "The original promise."


def test_a_forged_change_without_the_version_stamp_is_refused(editor_client):
    event = EventFactory(summary_en="Kept.")
    data = form_data(editor_client.get(change_url(event)))
    data.pop("loaded_version")
    data["summary_en"] = "Overwritten blindly."
    assert editor_client.post(change_url(event), data).status_code == 200
    event.refresh_from_db()
    assert event.summary_en == "Kept."
