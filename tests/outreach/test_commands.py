import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from editorial.models import TranslationStatus
from events.models import Event, EventStatus, Venue
from outreach.models import FaqEntry, SiteSettings

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_an_empty_database_with_the_meeting_series():
    call_command("seed_demo")

    events = Event.objects.published()
    first = events.order_by("starts_at").first()
    assert first.venue.name_en == "Familia Bethel Internacional church"
    assert events.upcoming().count() >= 8
    assert events.past().exists()
    cities = set(events.values_list("venue__city", flat=True))
    assert "Dallas" in cities and len(cities - {"Dallas"}) >= 3
    assert events.filter(event_status=EventStatus.CANCELLED).count() == 1
    assert events.filter(translation_status=TranslationStatus.MISSING).count() == 1
    assert SiteSettings.load().program_name_es


def test_seed_demo_dates_are_relative_to_today():
    call_command("seed_demo")
    upcoming = Event.objects.published().upcoming().first()
    assert 0 <= (upcoming.starts_at - timezone.now()).days < 8


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (Event.objects.count(), Venue.objects.count(), SiteSettings.objects.count())
    call_command("seed_demo")
    assert (Event.objects.count(), Venue.objects.count(), SiteSettings.objects.count()) == counts


def test_seed_demo_if_empty_leaves_an_existing_site_alone():
    SiteSettings.objects.create(program_name_en="Our own program")
    call_command("seed_demo", "--if-empty")
    assert not Event.objects.exists()
    assert SiteSettings.load().program_name_en == "Our own program"


def test_seed_demo_content_is_bilingual():
    call_command("seed_demo")
    event = Event.objects.filter(translation_status=TranslationStatus.COMPLETE).first()
    with translation.override("es"):
        assert event.title == "Conozca sus derechos ante la policía: Dallas"
    with translation.override("en"):
        assert event.title == "Know your rights with the police: Dallas"


def test_seed_demo_reads_like_a_real_site():
    call_command("seed_demo")
    summaries = set(Event.objects.values_list("summary_en", flat=True))
    assert len(summaries) >= 5, "the meetings are not all the same paragraph"
    answer = FaqEntry.objects.get(question_en__startswith="What number do I call when it is not an emergency")
    assert SiteSettings.load().non_emergency_number in answer.answer_en
    assert SiteSettings.load().non_emergency_number in answer.answer_es
    for notes in Venue.objects.values_list("accessibility_notes_en", flat=True):
        assert "childcare" not in notes.lower(), "childcare is not an accessibility feature"
    cancelled = Event.objects.get(event_status="cancelled")
    assert cancelled.replacement is not None and cancelled.status_note_es


def test_seed_demo_uses_no_invented_phone_numbers():
    call_command("seed_demo")
    settings_row = SiteSettings.load()
    assert settings_row.emergency_number == "911"
    assert settings_row.non_emergency_number.startswith("555-01")
    assert settings_row.contact_email.endswith("@example.org")


def test_seed_demo_gives_every_faq_entry_resource_and_fact_check_a_page_that_stays_put(client):
    from outreach.models import FactCheck, FaqEntry, Resource

    def addresses():
        models = [FaqEntry, Resource, FactCheck]
        return [item.get_absolute_url() for model in models for item in model.objects.published().order_by("pk")]

    call_command("seed_demo")
    first = addresses()
    call_command("seed_demo")

    assert addresses() == first
    for address in first:
        assert client.get(address).status_code == 200, address
    # The filters of the legal-help pages have something to show.
    assert Resource.objects.serving("vi").exists() and Resource.objects.exclude(is_free=True).exists()
