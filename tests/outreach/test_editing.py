"""Publishing, previews, edit conflicts and the audit trail, through the admin and the public pages."""

import datetime

import icalendar
import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from editorial.publication import PublishStatus
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    staff_in_role,
)
from tests.helpers import admin_path, all_sitemaps, form_data, html

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]


def change_url(obj):
    return admin_path(f"{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/")


def signed_in(role, **kwargs):
    client = Client()
    client.force_login(staff_in_role(role, **kwargs))
    return client


# --- Drafts and scheduled publishing -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "translator"])
@pytest.mark.parametrize(
    ("factory", "path"), [(EventFactory, "/es/eventos/{slug}/"), (PolicyFactory, "/en/policies/{slug}/")]
)
def test_staff_preview_a_draft_at_its_real_address_with_a_banner(role, factory, path):
    draft = factory(status=PublishStatus.DRAFT)
    url = path.format(slug=draft.slug)
    assert Client().get(url).status_code == 404
    page = html(signed_in(role).get(url))
    banner = page.select_one(".preview-banner")
    assert banner is not None
    assert ("Vista previa del borrador" if url.startswith("/es/") else "Draft preview") in banner.get_text()
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})


def test_published_page_has_no_preview_banner_even_for_staff():
    event = EventFactory()
    assert html(signed_in("editor").get(event.get_absolute_url())).select_one(".preview-banner") is None


def test_draft_is_absent_from_every_public_listing():
    draft = EventFactory(status=PublishStatus.DRAFT, title_en="Unannounced meeting", slug="unannounced")
    FaqEntryFactory(status=PublishStatus.DRAFT, question_en="Unannounced question?")
    client = Client()
    for url in ["/en/", "/en/events/", "/en/faq/", "/en/events/feed/"]:
        assert "nannounced" not in client.get(url).content.decode(), url
    assert "nannounced" not in all_sitemaps(client)
    assert not html(client.get("/en/search/?q=unannounced")).select(".search-result")
    calendar = icalendar.Calendar.from_ical(client.get("/en/events/calendar.ics").content)
    assert not [vevent for vevent in calendar.walk("VEVENT") if draft.slug in str(vevent["url"])]


def test_publish_at_takes_effect_at_that_moment_without_a_restart():
    go_live = timezone.now() + datetime.timedelta(hours=2)
    event = EventFactory(
        publish_at=go_live, title_en="Scheduled meeting", starts_at=timezone.now() + datetime.timedelta(days=5)
    )
    client = Client()
    assert client.get(event.get_absolute_url()).status_code == 404
    with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
        assert client.get(event.get_absolute_url()).status_code == 200
        assert "Scheduled meeting" in client.get("/en/events/").content.decode()
        assert "Scheduled meeting" in client.get("/en/events/feed/").content.decode()


def test_unpublish_at_takes_effect_at_that_moment():
    stop = timezone.now() + datetime.timedelta(hours=1)
    policy = PolicyFactory(unpublish_at=stop)
    client = Client()
    assert client.get(policy.get_absolute_url()).status_code == 200
    with time_machine.travel(stop + datetime.timedelta(seconds=1)):
        assert client.get(policy.get_absolute_url()).status_code == 404
        assert policy.slug not in all_sitemaps(client)


@pytest.mark.parametrize(
    ("factory", "url"),
    [
        (EventFactory, admin_path("events/event/")),
        (PolicyFactory, admin_path("policies/policy/")),
        (FaqEntryFactory, admin_path("outreach/faqentry/")),
        (ResourceFactory, admin_path("outreach/resource/")),
        (FactCheckFactory, admin_path("outreach/factcheck/")),
        (AlertFactory, admin_path("outreach/alert/")),
    ],
)
def test_every_content_list_in_the_admin_shows_and_filters_publish_state(factory, url):
    factory()
    client = signed_in("editor")
    page = html(client.get(url))
    # The publish state is the first badge of the status column (then the translation status, when not complete).
    assert "status" in page.select_one("#result_list thead").get_text().lower()
    assert page.select_one("#result_list td.field-status_badges .status-badge").get_text() in {
        "Published",
        "Draft",
        "Scheduled",
        "Unpublished by date",
    }
    assert "By publish state" in page.select_one("#changelist-filter").get_text()
    for state in ["live", "draft", "scheduled", "expired"]:
        assert client.get(f"{url}?publication={state}").status_code == 200


def test_scheduled_item_shows_as_scheduled_in_the_admin_list():
    EventFactory(publish_at=timezone.now() + datetime.timedelta(days=1), title_en="Later")
    page = html(signed_in("editor").get(admin_path("events/event/?publication=scheduled")))
    assert "Later" in page.select_one("#result_list").get_text()
    assert "Scheduled" in page.select_one("#result_list").get_text()


# --- No lost edits -----------------------------------------------------------------------------------------------


def test_a_save_on_top_of_someone_elses_newer_save_is_refused_and_keeps_the_typed_values():
    event = EventFactory(summary_en="Original summary.")
    ana = signed_in("editor", username="ana", first_name="Ana", last_name="López")
    ben = signed_in("editor", username="ben")
    ana_form = form_data(ana.get(change_url(event)))
    ben_form = form_data(ben.get(change_url(event)))

    ana_form["summary_en"] = "Ana's summary."
    assert ana.post(change_url(event), ana_form).status_code == 302

    ben_form["summary_en"] = "Ben's summary."
    ben_form["title_es"] = "Título de Ben"
    response = ben.post(change_url(event), ben_form)

    assert response.status_code == 200
    page = html(response)
    error = page.select_one(".errornote, .errorlist.nonfield").get_text(" ", strip=True)
    assert "Ana López" in " ".join(page.get_text().split())
    assert error
    assert page.find("textarea", attrs={"name": "summary_en"}).get_text().strip() == "Ben's summary."
    assert page.find("input", attrs={"name": "title_es"})["value"] == "Título de Ben"
    event.refresh_from_db()
    assert event.summary_en == "Ana's summary."


def test_after_reading_the_conflict_a_second_save_goes_through():
    event = EventFactory()
    ana, ben = signed_in("editor"), signed_in("editor")
    ana_form, ben_form = form_data(ana.get(change_url(event))), form_data(ben.get(change_url(event)))
    ana_form["summary_en"] = "Ana's."
    ana.post(change_url(event), ana_form)
    ben_form["summary_en"] = "Ben's, on purpose."
    refused = ben.post(change_url(event), ben_form)
    assert refused.status_code == 200
    assert ben.post(change_url(event), form_data(refused)).status_code == 302
    event.refresh_from_db()
    assert event.summary_en == "Ben's, on purpose."


def test_conflict_between_an_editor_and_a_translator_protects_the_translation():
    policy = PolicyFactory()
    editor, translator = signed_in("editor"), signed_in("translator", username="tere")
    editor_form = form_data(editor.get(change_url(policy)))
    translator_form = form_data(translator.get(change_url(policy)))
    translator_form["summary_es"] = "Resumen nuevo."
    assert translator.post(change_url(policy), translator_form).status_code == 302
    editor_form["summary_es"] = "Resumen viejo pisado."
    assert editor.post(change_url(policy), editor_form).status_code == 200
    policy.refresh_from_db()
    assert policy.summary_es == "Resumen nuevo."


# --- Audit -------------------------------------------------------------------------------------------------------


def test_every_admin_change_is_logged_with_who_and_which_language():
    event = EventFactory()
    client = signed_in("editor", username="ana")
    data = form_data(client.get(change_url(event)))
    data["title_es"] = "Nuevo título"
    client.post(change_url(event), data)
    entry = LogEntry.objects.get(object_id=str(event.pk))
    assert entry.user.username == "ana"
    assert "Title [es]" in entry.get_change_message()


def test_actions_are_logged_too():
    event = EventFactory(status=PublishStatus.DRAFT)
    client = signed_in("editor", username="ana")
    client.post(admin_path("events/event/"), {"action": "publish", "_selected_action": [event.pk]})
    client.post(
        admin_path("events/event/"),
        {"action": "cancel", "_selected_action": [event.pk], "apply": "1", "note_en": "The hall flooded."},
    )
    messages = list(LogEntry.objects.filter(object_id=str(event.pk)).values_list("change_message", flat=True))
    assert messages == ["Cancelled", "Published"]


@pytest.mark.parametrize(("factory", "field"), [(EventFactory, "title_es"), (PolicyFactory, "summary_es")])
def test_events_and_policies_keep_a_history_with_the_user(factory, field):
    obj = factory()
    client = signed_in("translator", username="tere")
    data = form_data(client.get(change_url(obj)))
    data[field] = "Cambiado por Tere"
    client.post(change_url(obj), data)
    latest = obj.history.latest()
    assert latest.history_user.username == "tere"
    assert field in latest.diff_against(latest.prev_record).changed_fields
    history_page = html(signed_in("editor").get(change_url(obj).replace("change/", "history/")))
    assert "tere" in history_page.get_text()


def test_editors_can_read_the_site_wide_change_log():
    EventFactory()
    client = signed_in("editor")
    assert client.get(admin_path("admin/logentry/")).status_code == 200
    assert signed_in("translator").get(admin_path("admin/logentry/")).status_code == 403
