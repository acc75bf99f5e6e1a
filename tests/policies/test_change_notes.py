"""
Editors mark a change to a published policy as major, with a short public note in each language (or as minor, for
translators). The note is kept with that version, and residents read it on the policy's page ("Updated 3 March
2026: …"), beside the version on its history page, on the home page for 14 days and in the policy changes feed.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from editorial.models import next_visibility_change
from policies import demo
from policies.feeds import FEED_ITEMS, PolicyChangesFeed
from policies.models import NOTE_ON_HOME_PAGE, Policy
from tests.factories import PolicyFactory, staff_in_role
from tests.helpers import admin_path, form_data, html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

LANGUAGES = ["en", "es"]
DETAIL = {"en": "/en/policies/{slug}/", "es": "/es/politicas/{slug}/"}
HISTORY = {"en": "/en/policies/{slug}/history/", "es": "/es/politicas/{slug}/historial/"}
FEED = {"en": "/en/policies/feed/", "es": "/es/politicas/feed/"}
LIST = {"en": "/en/policies/", "es": "/es/politicas/"}

NOTE = {
    "en": "Victims and witnesses are now named in the promise.",
    "es": "Ahora la promesa nombra a víctimas y testigos.",
}


@pytest.fixture
def editor_client(client):
    client.force_login(staff_in_role("editor"))
    return client


def change_url(policy):
    return admin_path(f"policies/policy/{policy.pk}/change/")


def edit(client, policy, **changes):
    data = form_data(client.get(change_url(policy)))
    data.update(changes)
    return client.post(change_url(policy), data)


def major_change(policy, note=NOTE, at=None, **changes):
    """What the admin does for a major change: save the policy with the mark and its note, dated `at`."""
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.is_major = True
    policy.note_en, policy.note_es = note["en"], note["es"]
    if at is not None:
        policy._history_date = at
    policy.save()
    if at is not None:
        del policy._history_date
    return policy


# --- The admin ----------------------------------------------------------------------------------------------------


def test_a_major_change_without_an_english_note_is_refused_and_keeps_what_was_typed(editor_client):
    policy = PolicyFactory()

    response = edit(editor_client, policy, summary_en="A much clearer summary.", is_major="on", note_en="")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["note_en"] == [
        "A major change needs a public note: say in one or two plain sentences what changed."
    ]
    page = html(response)
    assert page.find("textarea", attrs={"name": "summary_en"}).get_text().strip() == "A much clearer summary."
    assert page.find("input", attrs={"name": "is_major"}).has_attr("checked")
    policy.refresh_from_db()
    assert policy.summary_en != "A much clearer summary."


def test_the_form_error_is_in_spanish_for_a_spanish_speaking_editor(editor_client):
    policy = PolicyFactory()
    data = {**form_data(editor_client.get(change_url(policy))), "is_major": "on", "note_en": ""}

    response = editor_client.post(change_url(policy), data, HTTP_ACCEPT_LANGUAGE="es")

    assert response.context["adminform"].form.errors["note_en"] == [
        "Un cambio importante necesita una nota pública: diga en una o dos oraciones sencillas qué cambió."
    ]


def test_a_major_change_is_recorded_with_its_notes_and_needs_no_separate_change_note(editor_client):
    policy = PolicyFactory()

    response = edit(editor_client, policy, summary_en="Clearer.", is_major="on", note_en=NOTE["en"], note_es=NOTE["es"])

    assert response.status_code == 302
    record = policy.history.order_by("-history_date").first()
    assert (record.is_major, record.note_en, record.note_es) == (True, NOTE["en"], NOTE["es"])
    policy.refresh_from_db()
    # The row forgets the mark: the next save is not major unless an editor says so.
    assert not policy.is_major
    assert policy.major_change_at == record.history_date
    assert policy.home_note_until == record.history_date + NOTE_ON_HOME_PAGE
    assert not html(editor_client.get(change_url(policy))).find("input", attrs={"name": "is_major"}).has_attr("checked")


def test_the_next_ordinary_save_is_not_a_major_change(editor_client):
    policy = major_change(PolicyFactory())

    response = edit(editor_client, policy, summary_en="Typo fixed.", change_note="Typo.")

    assert response.status_code == 302
    assert policy.history.filter(is_major=True).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minor_change": "on"}, "is_major", "A change cannot be both minor and major: untick one of them."),
        (
            {"status": "draft"},
            "is_major",
            "Only a change to a published policy can be major: residents have not seen a draft.",
        ),
    ],
)
def test_a_major_change_cannot_also_be_minor_nor_be_made_to_a_draft(editor_client, changes, field, message):
    policy = PolicyFactory()

    response = edit(editor_client, policy, summary_en="Clearer.", is_major="on", note_en=NOTE["en"], **changes)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]


def test_a_new_major_change_needs_its_own_note(editor_client):
    policy = major_change(PolicyFactory())

    response = edit(editor_client, policy, summary_en="Another change.", is_major="on")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["note_en"] == [
        "This is the note of the previous major change. Write what this change is about."
    ]


def test_translating_the_note_amends_the_latest_major_change_without_making_a_new_one(client):
    policy = major_change(PolicyFactory(), note={"en": NOTE["en"], "es": ""})
    client.force_login(staff_in_role("translator"))

    response = edit(client, policy, note_es=NOTE["es"])

    assert response.status_code == 302
    majors = policy.history.filter(is_major=True)
    assert majors.count() == 1
    assert majors.get().note_es == NOTE["es"]
    page = html(client.get(HISTORY["es"].format(slug=policy.slug)))
    assert NOTE["es"] in page.select_one(".policy-change-note").get_text()


# --- The policy's page and its history ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Updated Tuesday, March 3, 2026: {NOTE['en']}"),
        ("es", f"Actualizado el martes 3 de marzo de 2026: {NOTE['es']}"),
    ],
)
def test_policy_page_shows_the_latest_major_change_dated_in_the_language(client, language, expected):
    changed_at = timezone.make_aware(datetime.datetime(2026, 3, 3, 10, 0))
    policy = major_change(PolicyFactory(), at=changed_at)

    page = html(client.get(DETAIL[language].format(slug=policy.slug)))

    note = page.select_one(".policy-change-note")
    assert note.get_text(" ", strip=True).replace(" :", ":") == expected
    assert note.find("time")["datetime"] == "2026-03-03"


def test_a_missing_spanish_note_is_shown_in_english_marked_as_such(client):
    policy = major_change(PolicyFactory(), note={"en": NOTE["en"], "es": ""})

    page = html(client.get(DETAIL["es"].format(slug=policy.slug)))

    text = page.select_one(".policy-change-note span[lang=en]")
    assert text.get_text(strip=True) == NOTE["en"]


def test_policy_page_without_a_major_change_shows_no_note_and_runs_no_extra_query(client):
    plain = PolicyFactory()
    changed = major_change(PolicyFactory())

    assert html(client.get(DETAIL["en"].format(slug=plain.slug))).select_one(".policy-change-note") is None
    assert queries_for(client, DETAIL["en"].format(slug=plain.slug)) == queries_for(
        client, DETAIL["en"].format(slug=changed.slug)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_history_page_shows_the_note_beside_its_version(client, language):
    policy = PolicyFactory()
    policy.summary_en = "A first, minor clarification."
    policy.save()
    major_change(policy, summary_en="The promise now names victims and witnesses.")

    page = html(client.get(HISTORY[language].format(slug=policy.slug)))

    newest, older, first = page.select(".policy-revision")
    label = {"en": "Major change:", "es": "Cambio importante:"}[language]
    assert newest.select_one(".policy-change-note").get_text(" ", strip=True) == f"{label} {NOTE[language]}"
    assert older.select_one(".policy-change-note") is None
    assert first.select_one(".policy-change-note") is None
    record = policy.history.get(is_major=True)
    assert newest["id"] == f"revision-{record.history_id}"


def test_a_major_change_that_changed_only_its_note_is_still_listed_in_the_history(client):
    policy = major_change(PolicyFactory())

    page = html(client.get(HISTORY["en"].format(slug=policy.slug)))

    assert NOTE["en"] in page.select_one(".policy-revision").get_text()


# --- The changes feed ---------------------------------------------------------------------------------------------


def test_feed_address_is_the_contracts_in_both_languages_and_not_a_policy_slug():
    assert reverse("policies:policy-changes-feed") == "/en/policies/feed/"
    with translation.override("es"):
        assert reverse("policies:policy-changes-feed") == "/es/politicas/feed/"
        assert resolve("/es/politicas/feed/").url_name == "policy-changes-feed"
    assert resolve("/en/policies/feed/").url_name == "policy-changes-feed"


def feed_items(client, language):
    response = client.get(FEED[language])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_lists_only_published_policies_major_notes_newest_first(client, language):
    now = timezone.now()
    older = major_change(
        PolicyFactory(), note={"en": "Older note.", "es": "Nota anterior."}, at=now - datetime.timedelta(days=40)
    )
    newer = major_change(PolicyFactory(), at=now - datetime.timedelta(days=2))
    draft = major_change(PolicyFactory(), note={"en": "Secret.", "es": "Secreto."})
    Policy.objects.filter(pk=draft.pk).update(status="draft")
    minor = PolicyFactory()
    minor.summary_en = "A minor change."
    minor.save()

    channel, items = feed_items(client, language)

    assert [item.findtext("description") for item in items] == [
        NOTE[language],
        {"en": "Older note.", "es": "Nota anterior."}[language],
    ]
    assert items[0].findtext("title") == getattr(newer, f"title_{language}")
    record = newer.history.get(is_major=True)
    history = HISTORY[language].format(slug=newer.slug)
    assert items[0].findtext("link") == f"{settings.SITE_URL}{history}#revision-{record.history_id}"
    assert channel.findtext("link") == f"{settings.SITE_URL}{LIST[language]}"
    assert older.slug in items[1].findtext("link")


def test_feed_is_bounded_and_its_queries_do_not_grow_with_the_number_of_changes(client):
    policies = PolicyFactory.create_batch(3)
    for policy in policies:
        major_change(policy)
    few = queries_for(client, FEED["en"])
    for policy in PolicyFactory.create_batch(FEED_ITEMS):
        major_change(policy)

    many = queries_for(client, FEED["en"])

    assert few == many
    assert len(feed_items(client, "en")[1]) == FEED_ITEMS


def test_feed_carries_no_character_xml_cannot_hold():
    policy = major_change(PolicyFactory(), note={"en": "Bad\x0b character.", "es": ""})
    feed = PolicyChangesFeed()
    assert feed.items()[0].record.id == policy.pk
    with translation.override("en"):
        response = feed(RequestFactory().get("/en/policies/feed/"))
    description = ET.fromstring(response.content).find("channel/item").findtext("description")
    assert description.split() == ["Bad", "character."]


@pytest.mark.parametrize("language", LANGUAGES)
def test_policies_page_links_the_changes_feed(client, language):
    page = html(client.get(LIST[language]))

    assert page.find("link", rel="alternate", href=FEED[language])
    assert page.select_one(f".policy-feed-link a[href='{FEED[language]}']")


# --- The home page, for 14 days -------------------------------------------------------------------------------------


def test_the_end_of_the_14_days_is_a_moment_the_page_cache_must_not_outlive():
    changed_at = timezone.now() - datetime.timedelta(days=3)
    policy = major_change(PolicyFactory(), at=changed_at)

    assert next_visibility_change() == changed_at + NOTE_ON_HOME_PAGE
    policy.refresh_from_db()
    assert policy.home_note_until == changed_at + NOTE_ON_HOME_PAGE


def test_a_major_change_scheduled_with_its_policy_appears_when_it_is_published():
    publish_at = timezone.now() + datetime.timedelta(days=2)
    policy = major_change(PolicyFactory(), publish_at=publish_at)

    assert policy.major_change_at == publish_at
    assert next_visibility_change() == publish_at
    assert not Policy.objects.published().recently_changed().exists()
    assert list(Policy.objects.published(publish_at).recently_changed(publish_at)) == [policy]


# --- The demo -----------------------------------------------------------------------------------------------------


def test_seed_gives_one_policy_a_major_change_noted_in_both_languages(client):
    demo.seed()

    records = Policy.history.filter(is_major=True)
    assert [record.slug for record in records] == ["calling-911"]
    record = records.get()
    assert record.note_en and record.note_es
    for language in LANGUAGES:
        _channel, items = feed_items(client, language)
        assert [item.findtext("description") for item in items] == [getattr(record, f"note_{language}")]
        home = html(client.get(f"/{language}/"))
        assert getattr(record, f"note_{language}") in home.select_one(".policy-changes").get_text()
