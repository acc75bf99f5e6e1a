"""One publication rule, the same everywhere: querysets, instances, the admin, history, alerts and sitemaps."""

import datetime
import itertools

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from editorial import publication
from editorial.models import next_visibility_change, publishable_models
from editorial.publication import PublicationState, PublishStatus
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    GuideFactory,
    PolicyFactory,
    ResourceFactory,
    in_days,
    staff_in_role,
)
from tests.helpers import admin_path, form_data, html

pytestmark = pytest.mark.django_db

FACTORIES = {
    "events.event": EventFactory,
    "policies.policy": PolicyFactory,
    "guides.guide": GuideFactory,
    "outreach.faqentry": FaqEntryFactory,
    "outreach.resource": ResourceFactory,
    "outreach.alert": AlertFactory,
    "outreach.factcheck": FactCheckFactory,
}
MODELS = sorted(FACTORIES)
AT = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
SECOND = datetime.timedelta(seconds=1)


def test_every_publishable_model_is_covered_by_these_tests():
    assert {model._meta.label_lower for model in publishable_models()} == set(FACTORIES)


def make(label, **kwargs):
    return FACTORIES[label](**kwargs)


@pytest.mark.parametrize("label", MODELS)
class TestBoundaries:
    def test_visible_from_exactly_publish_at(self, label):
        item = make(label, publish_at=AT)
        model = type(item)
        assert not model.objects.published(AT - SECOND).filter(pk=item.pk).exists()
        assert model.objects.scheduled(AT - SECOND).filter(pk=item.pk).exists()
        assert model.objects.published(AT).filter(pk=item.pk).exists()
        assert item.publication_state(AT - SECOND) == PublicationState.SCHEDULED
        assert item.publication_state(AT) == PublicationState.LIVE

    def test_hidden_from_exactly_unpublish_at(self, label):
        item = make(label, unpublish_at=AT)
        model = type(item)
        assert model.objects.published(AT - SECOND).filter(pk=item.pk).exists()
        assert not model.objects.published(AT).filter(pk=item.pk).exists()
        assert model.objects.expired(AT).filter(pk=item.pk).exists()
        assert item.publication_state(AT - SECOND) == PublicationState.LIVE
        assert item.publication_state(AT) == PublicationState.EXPIRED

    def test_a_draft_is_never_visible_whatever_its_dates(self, label):
        item = make(label, status=PublishStatus.DRAFT, publish_at=AT - SECOND, unpublish_at=AT + SECOND)
        model = type(item)
        assert not model.objects.published(AT).filter(pk=item.pk).exists()
        assert model.objects.drafts().filter(pk=item.pk).exists()
        assert item.publication_state(AT) == PublicationState.DRAFT
        assert not item.is_published

    def test_an_inverted_window_is_refused_by_full_clean(self, label):
        item = make(label)
        item.publish_at, item.unpublish_at = AT, AT - SECOND
        with pytest.raises(ValidationError) as refused:
            item.full_clean()
        assert "unpublish_at" in refused.value.message_dict

    def test_an_empty_window_is_refused_too(self, label):
        item = make(label)
        item.publish_at = item.unpublish_at = AT
        with pytest.raises(ValidationError) as refused:
            item.full_clean()
        assert "unpublish_at" in refused.value.message_dict

    def test_an_inverted_window_stored_anyway_is_scheduled_then_never_visible(self, label):
        # Written around the form (a bulk update): the states still do not overlap.
        item = make(label)
        type(item).objects.filter(pk=item.pk).update(publish_at=AT, unpublish_at=AT - SECOND)
        item.refresh_from_db()
        assert item.publication_state(AT - 2 * SECOND) == PublicationState.SCHEDULED
        assert item.publication_state(AT) == PublicationState.EXPIRED
        assert not type(item).objects.published(AT - SECOND).filter(pk=item.pk).exists()


MOMENTS = [None, AT - SECOND, AT, AT + SECOND]


@pytest.mark.parametrize("label", MODELS)
def test_database_and_python_agree_on_every_combination_of_status_and_dates(label):
    """Every status with every publish/unpublish moment around `AT`: each item is in exactly one state, and the
    queryset for that state (SQL) holds it exactly when `publication_state()` (Python) says so."""
    items = [
        make(label, status=status, publish_at=start, unpublish_at=end)
        for status, start, end in itertools.product(PublishStatus.values, MOMENTS, MOMENTS)
    ]
    model = type(items[0])
    for state in PublicationState:
        in_database = set(
            model.objects.in_state(state, AT).filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True)
        )
        in_python = {item.pk for item in items if item.publication_state(AT) == state}
        assert in_database == in_python, state
    states = [item.publication_state(AT) for item in items]
    assert len(states) == len(items)  # exactly one each (state_of picks the first; the sets above are disjoint)


def test_holds_follows_sql_null_semantics():
    class Item:
        publish_at = None

    assert not publication.holds(publication.Q(publish_at__gt=AT), Item())
    assert publication.holds(~publication.Q(publish_at__gt=AT), Item())
    assert publication.holds(publication.Q(publish_at__isnull=True), Item())
    with pytest.raises(ValueError, match="icontains"):
        publication.holds(publication.Q(publish_at__icontains="x"), Item())


def test_next_visibility_change_is_the_first_future_boundary_of_anything_published(django_assert_num_queries):
    EventFactory(starts_at=in_days(10), ends_at=in_days(10) + datetime.timedelta(hours=2))
    PolicyFactory(publish_at=AT + datetime.timedelta(days=5))
    AlertFactory(starts_at=AT + datetime.timedelta(days=2), ends_at=AT + datetime.timedelta(days=4))
    FaqEntryFactory(unpublish_at=AT + datetime.timedelta(days=1))
    FactCheckFactory(status=PublishStatus.DRAFT, publish_at=AT + datetime.timedelta(hours=1))  # a draft: no change
    with django_assert_num_queries(1):
        assert next_visibility_change(AT) == AT + datetime.timedelta(days=1)
    assert next_visibility_change(AT + datetime.timedelta(days=1)) == AT + datetime.timedelta(days=2)


def test_next_visibility_change_counts_a_meeting_leaving_the_upcoming_list():
    event = EventFactory(starts_at=AT, ends_at=AT + datetime.timedelta(hours=2))
    assert next_visibility_change(AT) == event.ends_at


def test_nothing_scheduled_means_no_next_change():
    PolicyFactory()
    assert next_visibility_change(AT) is None


# --- The admin uses the same rule ------------------------------------------------------------------------------

ADMIN_URLS = {
    "events.event": admin_path("events/event/"),
    "policies.policy": admin_path("policies/policy/"),
    "guides.guide": admin_path("guides/guide/"),
    "outreach.faqentry": admin_path("outreach/faqentry/"),
    "outreach.resource": admin_path("outreach/resource/"),
    "outreach.alert": admin_path("outreach/alert/"),
    "outreach.factcheck": admin_path("outreach/factcheck/"),
}


@pytest.fixture
def editor_client(client, site_settings):
    client.force_login(staff_in_role("editor"))
    return client


@pytest.mark.parametrize("label", MODELS)
def test_admin_filter_and_column_agree_with_the_public_pages(editor_client, label):
    now = timezone.now()
    items = {
        PublicationState.LIVE: make(label),
        PublicationState.DRAFT: make(label, status=PublishStatus.DRAFT),
        PublicationState.SCHEDULED: make(label, publish_at=now + datetime.timedelta(days=1)),
        PublicationState.EXPIRED: make(label, unpublish_at=now - datetime.timedelta(minutes=1)),
    }
    for state, item in items.items():
        page = html(editor_client.get(f"{ADMIN_URLS[label]}?publication={state}"))
        rows = page.select("#result_list tbody tr")
        assert len(rows) == 1, state
        assert f"/{item.pk}/change/" in str(rows[0])
        assert str(state.label) in rows[0].get_text()


@pytest.mark.parametrize("label", MODELS)
def test_admin_form_puts_an_inverted_window_error_beside_unpublish_at(editor_client, label):
    item = make(label)
    url = f"{ADMIN_URLS[label]}{item.pk}/change/"
    data = form_data(editor_client.get(url))
    data.update(
        publish_at_0=(AT.date()).isoformat(),
        publish_at_1="12:00:00",
        unpublish_at_0=(AT.date() - datetime.timedelta(days=1)).isoformat(),
        unpublish_at_1="12:00:00",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = html(response).select(".field-unpublish_at .errorlist")
    assert errors and "Unpublish after the publishing date" in errors[0].get_text()
    item.refresh_from_db()
    assert item.unpublish_at is None


def test_the_alert_banner_uses_the_rule_for_both_windows():
    alert = AlertFactory(message_en="Storm closure", starts_at=AT, ends_at=AT + datetime.timedelta(hours=1))
    active = type(alert).objects.active
    assert not active(AT - SECOND).exists()
    assert active(AT).get() == alert
    assert not active(AT + datetime.timedelta(hours=1)).exists()
    alert.unpublish_at = AT + datetime.timedelta(minutes=30)
    alert.save()
    assert not active(AT + datetime.timedelta(minutes=30)).exists()
    for moment in [AT - SECOND, AT, AT + datetime.timedelta(minutes=30)]:
        with time_machine.travel(moment, tick=False):
            assert alert.is_active == active().filter(pk=alert.pk).exists()


def test_a_broken_window_a_translator_cannot_change_does_not_block_their_translation(client, site_settings):
    # Stored around the form; the window is not in a translator's form, so it is not theirs to fix.
    client.force_login(staff_in_role("translator"))
    policy = PolicyFactory()
    type(policy).objects.filter(pk=policy.pk).update(publish_at=AT, unpublish_at=AT - SECOND)
    url = f"{ADMIN_URLS['policies.policy']}{policy.pk}/change/"
    data = form_data(client.get(url))
    data["title_es"] = "Un título nuevo"
    assert client.post(url, data).status_code == 302
    policy.refresh_from_db()
    assert policy.title_es == "Un título nuevo"
    assert policy.unpublish_at == AT - SECOND


def test_an_editor_who_adds_an_image_without_describing_it_is_told_beside_the_description(editor_client):
    # A model error about a translated field ("image_alt") lands on its source-language field ("image_alt_en").
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = EventFactory()
    url = f"{ADMIN_URLS['events.event']}{event.pk}/change/"
    data = form_data(editor_client.get(url))
    image = SimpleUploadedFile("hall.png", _png(), content_type="image/png")
    response = editor_client.post(url, {**data, "image": image})
    assert response.status_code == 200
    errors = html(response).select(".field-image_alt_en .errorlist")
    assert errors and "Describe the image" in errors[0].get_text()


def _png():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()
