"""A weekly series: made once without doubles, then changed or called off as a whole from any of its meetings."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, EventStatus
from tests.factories import EventFactory, VenueFactory, in_days
from tests.helpers import admin_path, form_data, html

pytestmark = pytest.mark.django_db

CHANGELIST = admin_path("events/event/")


@pytest.fixture
def series(admin_client):
    """A published meeting tomorrow at 7 p.m. repeated for three more weeks: [original, copy, copy, copy]."""
    original = EventFactory(starts_at=in_days(1))
    until = (timezone.localdate() + datetime.timedelta(days=22)).isoformat()
    repeat(admin_client, original, until)
    return list(Event.objects.order_by("starts_at"))


def repeat(client, event, until):
    return client.post(
        CHANGELIST,
        {"action": "repeat_weekly", "_selected_action": [event.pk], "apply": "1", "until": until},
        follow=True,
    )


def change_page(event):
    return admin_path(f"events/event/{event.pk}/change/")


def test_every_copy_remembers_the_meeting_it_was_repeated_from(series):
    original, *copies = series
    assert len(copies) == 3
    assert all(copy.series == original for copy in copies)
    assert original.series is None


def test_repeating_a_copy_again_keeps_the_whole_series_together_without_doubles(admin_client, series):
    original, first_copy, *_ = series
    until = (timezone.localdate() + datetime.timedelta(days=36)).isoformat()
    repeat(admin_client, first_copy, until)
    assert Event.objects.count() == 6, "two new weeks, none doubled"
    assert set(Event.objects.exclude(pk=original.pk).values_list("series", flat=True)) == {original.pk}


def test_the_change_form_offers_to_apply_changes_to_the_rest_of_the_series(admin_client, series):
    original, *copies = series
    assert html(admin_client.get(change_page(original))).find("input", attrs={"name": "apply_to_series"})
    assert not html(admin_client.get(change_page(copies[-1]))).find("input", attrs={"name": "apply_to_series"}), (
        "the last meeting has nothing after it"
    )
    single = EventFactory()
    assert not html(admin_client.get(change_page(single))).find("input", attrs={"name": "apply_to_series"})


def test_changing_the_original_with_the_series_box_changes_every_later_meeting_and_keeps_their_dates(
    admin_client, series
):
    original, *copies = series
    new_venue = VenueFactory(city="Garland")
    data = form_data(admin_client.get(change_page(original)))
    start = timezone.localtime(original.starts_at)
    data.update(
        title_en="Community meeting, new hall",
        title_es="Reunión comunitaria, salón nuevo",
        venue=str(new_venue.pk),
        starts_at_0=start.date().isoformat(),
        starts_at_1="18:30:00",
        ends_at_0=start.date().isoformat(),
        ends_at_1="20:00:00",
        apply_to_series="on",
    )
    response = admin_client.post(change_page(original), data, follow=True)
    assert "3 later meetings of the series changed too." in " ".join(html(response).get_text().split())
    for before, copy in zip(series[1:], Event.objects.filter(series=original).order_by("starts_at"), strict=True):
        local = timezone.localtime(copy.starts_at)
        assert local.date() == timezone.localtime(before.starts_at).date(), "each keeps its own date"
        assert (local.hour, local.minute) == (18, 30)
        assert copy.ends_at - copy.starts_at == datetime.timedelta(minutes=90)
        assert (copy.title_en, copy.title_es, copy.venue) == (
            "Community meeting, new hall",
            "Reunión comunitaria, salón nuevo",
            new_venue,
        )
        assert copy.slug == before.slug


def test_changing_a_meeting_without_the_series_box_changes_only_that_meeting(admin_client, series):
    original, *copies = series
    data = form_data(admin_client.get(change_page(original)))
    data["title_en"] = "Only this one"
    admin_client.post(change_page(original), data)
    assert not Event.objects.filter(series=original, title_en="Only this one").exists()


def test_cancelling_with_the_series_box_cancels_the_later_meetings_too(admin_client, series):
    original, first_copy, *later = series
    admin_client.post(
        CHANGELIST,
        {
            "action": "cancel",
            "_selected_action": [first_copy.pk],
            "apply": "1",
            "note_en": "The series has ended.",
            "whole_series": "on",
        },
    )
    statuses = dict(Event.objects.values_list("pk", "event_status"))
    assert statuses[original.pk] == EventStatus.SCHEDULED, "an earlier meeting is left alone"
    assert all(statuses[event.pk] == EventStatus.CANCELLED for event in [first_copy, *later])
    assert set(Event.objects.filter(event_status=EventStatus.CANCELLED).values_list("status_note_en", flat=True)) == {
        "The series has ended."
    }


def test_the_cancel_form_offers_the_series_box_only_for_a_series(admin_client, series):
    page = html(admin_client.post(CHANGELIST, {"action": "cancel", "_selected_action": [series[0].pk]}, follow=True))
    assert page.find("input", attrs={"name": "whole_series"})
    page = html(
        admin_client.post(CHANGELIST, {"action": "cancel", "_selected_action": [EventFactory().pk]}, follow=True)
    )
    assert not page.find("input", attrs={"name": "whole_series"})
