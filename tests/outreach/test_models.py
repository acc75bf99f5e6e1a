import datetime

import pytest
from django.utils import timezone, translation

from editorial.models import TranslationStatus
from outreach.models import SiteSettings
from tests.factories import EventFactory, VenueFactory

pytestmark = pytest.mark.django_db


class TestPublishedQueryset:
    def test_draft_is_not_published(self):
        EventFactory(draft=True)
        assert not EventFactory._meta.model.objects.published().exists()

    def test_publish_at_in_the_future_hides_until_that_moment(self):
        soon = timezone.now() + datetime.timedelta(minutes=5)
        event = EventFactory(publish_at=soon)
        events = type(event).objects
        assert not events.published().exists()
        assert events.published(at=soon).get() == event

    def test_unpublish_at_hides_from_that_moment(self):
        end = timezone.now() + datetime.timedelta(minutes=5)
        event = EventFactory(unpublish_at=end)
        events = type(event).objects
        assert events.published().get() == event
        assert not events.published(at=end).exists()
        assert event.is_published


class TestTranslationStatus:
    def test_complete_when_every_field_is_translated(self):
        assert EventFactory().translation_status == TranslationStatus.COMPLETE

    def test_missing_when_spanish_is_empty_where_english_is_not(self):
        event = EventFactory(untranslated=True)
        assert event.translation_status == TranslationStatus.MISSING
        assert event.translation_status_for("es") == TranslationStatus.MISSING

    def test_outdated_when_english_changes_after_the_spanish_was_saved(self):
        event = EventFactory(summary_en="Old English.", summary_es="Español viejo.")
        event = type(event).objects.get(pk=event.pk)
        event.summary_en = "New English."
        event.save()
        assert event.translation_status == TranslationStatus.OUTDATED
        assert event.source_changes("es") == [("summary", "Old English.", "New English.")]

    def test_saving_a_new_spanish_text_makes_it_complete_again(self):
        event = EventFactory(summary_en="Old English.", summary_es="Español viejo.")
        event.summary_en = "New English."
        event.save()
        event = type(event).objects.get(pk=event.pk)
        event.summary_es = "Español nuevo."
        event.save()
        assert event.translation_status == TranslationStatus.COMPLETE

    def test_confirming_a_minor_english_change_keeps_the_translation_complete(self):
        event = EventFactory(summary_en="Come and ask.")
        event.summary_en = "Come and ask!"
        event.confirm_translations()
        event.save()
        assert event.translation_status == TranslationStatus.COMPLETE

    def test_status_survives_a_reload(self):
        event = EventFactory(summary_en="Old.")
        event.summary_en = "New."
        event.save()
        assert type(event).objects.get(pk=event.pk).translation_status == TranslationStatus.OUTDATED

    def test_venue_tracks_its_own_translation(self):
        venue = VenueFactory(directions_es="")
        assert venue.translation_status == TranslationStatus.MISSING

    def test_falls_back_only_for_empty_fields_in_a_non_source_language(self):
        event = EventFactory(summary_es="")
        assert event.falls_back("summary", "es")
        assert not event.falls_back("title", "es")
        assert not event.falls_back("summary", "en")
        with translation.override("es"):
            assert event.fallback_fields() == ["summary"]
            assert event.summary == event.summary_en


def test_rich_text_is_sanitized_on_every_save():
    event = EventFactory(
        description_es='<p onclick="x()">Hola <script>alert(1)</script><a href="javascript:x()">y</a></p>'
    )
    event.refresh_from_db()
    assert "<script" not in event.description_es
    assert "onclick" not in event.description_es
    assert "javascript:" not in event.description_es
    assert "Hola" in event.description_es


def test_site_settings_is_a_single_row_read_from_the_cache(django_assert_num_queries):
    first = SiteSettings.load()
    with django_assert_num_queries(0):
        again = SiteSettings.load()
    assert first.pk == again.pk == 1
    other = SiteSettings(program_name_en="Renamed")
    other.save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().program_name_en == "Renamed"
