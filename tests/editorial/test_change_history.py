"""
The admin's history of a policy or a meeting reads like the form: each change once, by its label and language,
texts as the words a reader sees (never raw HTML), and the change note the editor gave, or nothing. Editors give
that note when they save; a change to a published policy must have one, because residents read it.
"""

import pytest

from editorial.publication import PublishStatus
from tests.factories import EventFactory, PolicyFactory, staff_in_role
from tests.helpers import admin_path, form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

LANGUAGES = ["en", "es"]


@pytest.fixture
def editor_client(client):
    client.force_login(staff_in_role("editor"))
    return client


@pytest.fixture
def translator_client(client):
    client.force_login(staff_in_role("translator"))
    return client


def url(obj, page):
    return admin_path(f"{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/{page}/")


def edit(client, obj, language="en", **changes):
    """Open the item's admin form, change some fields as a person would, and save."""
    data = form_data(client.get(url(obj, "change"), HTTP_ACCEPT_LANGUAGE=language))
    data.update(changes)
    return client.post(url(obj, "change"), data, HTTP_ACCEPT_LANGUAGE=language)


def history_rows(client, obj, language="en"):
    page = html(client.get(url(obj, "history"), HTTP_ACCEPT_LANGUAGE=language))
    return page.select("#change-history tbody tr")


def changes_of(row):
    return {item.find("strong").get_text(strip=True).rstrip(":"): item for item in row.select(".history-changes li")}


def note_cell(row):
    return row.find_all("td")[-2]


def words(item, tag):
    element = item.find(tag)
    return element.get_text(" ", strip=True).removeprefix(element.select_one(".visually-hidden").get_text(strip=True))


# --- The admin's history list -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_history_shows_a_policys_changes_once_each_as_words_with_their_language(editor_client, language):
    policy = PolicyFactory(body_en="<p>Call when you need help.</p>", summary_es="Nadie será denunciado.")
    edit(
        editor_client,
        policy,
        body_en="<p>Call <strong>whenever</strong> you need help.</p>",
        summary_es="Nadie que llame será denunciado.",
        change_note="Clearer wording.",
    )

    newest, first = history_rows(editor_client, policy, language)

    changes = changes_of(newest)
    body, summary = {
        "en": ("Full text (English)", "Plain-language summary (Spanish)"),
        "es": ("Texto completo (inglés)", "Resumen en lenguaje sencillo (español)"),
    }[language]
    assert set(changes) == {body, summary}  # each field once: not also the untranslated copy, nor bookkeeping
    assert words(changes[body], "del").strip() == "when"
    assert words(changes[body], "ins").strip() == "whenever"
    assert words(changes[summary], "ins").strip() == "que llame"
    text = newest.get_text()
    assert "<p>" not in text and "<strong>" not in text and "chars]" not in text
    assert note_cell(newest).get_text(strip=True) == "Clearer wording."
    assert note_cell(first).get_text(strip=True) == ""  # no "None"
    assert "None" not in html(editor_client.get(url(policy, "history"))).select_one("#change-history").get_text()


def test_the_admin_history_shows_other_values_as_the_form_reads_them(editor_client):
    policy = PolicyFactory(is_exception=False)
    edit(editor_client, policy, is_exception=["on"], status="draft", change_note="Taken down to fix.")

    changes = changes_of(history_rows(editor_client, policy)[0])

    assert " ".join(changes["Exception to the commitments"].get_text(" ").split()).endswith("No → Yes")
    assert " ".join(changes["Publishing status"].get_text(" ").split()).endswith("Published → Draft")


def test_the_admin_history_of_a_meeting_reads_the_same_way(editor_client):
    event = EventFactory(description_en="<p>We answer <em>every</em> question.</p>", languages=["en", "es"])
    edit(editor_client, event, description_en="<p>We answer every question we can.</p>", change_note="Honest.")

    newest = history_rows(editor_client, event)[0]

    changes = changes_of(newest)
    assert list(changes) == ["Description (English)"]
    assert words(changes["Description (English)"], "del").strip() == "question."
    assert words(changes["Description (English)"], "ins").strip() == "question we can."
    assert "<p>" not in newest.get_text() and "<em>" not in newest.get_text()
    assert note_cell(newest).get_text(strip=True) == "Honest."


def test_a_translator_sees_the_history_without_links_to_revert(translator_client):
    policy = PolicyFactory()
    policy.save()
    page = html(translator_client.get(url(policy, "history")))
    assert page.select("#change-history tbody tr")
    assert page.select("#change-history tbody a[href*='/history/']") == []


# --- The change note ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_must_give_a_note_to_change_a_published_policy(editor_client, language):
    policy = PolicyFactory(summary_en="Old words.")

    response = edit(editor_client, policy, language, summary_en="New words.")

    assert response.status_code == 200
    error = html(response).select_one(".field-change_note .errorlist")
    assert {"en": "what you changed and why", "es": "qué cambió y por qué"}[language] in error.get_text()
    policy.refresh_from_db()
    assert policy.summary_en == "Old words."


def test_the_note_is_saved_as_the_versions_change_reason_and_shown_to_residents(editor_client, client):
    policy = PolicyFactory(summary_en="Old words.")

    response = edit(editor_client, policy, summary_en="New words.", change_note="Said it plainly.")

    assert response.status_code == 302
    assert policy.history.first().history_change_reason == "Said it plainly."
    client.logout()
    for path in (f"/en/policies/{policy.slug}/history/", f"/es/politicas/{policy.slug}/historial/"):
        note = html(client.get(path)).select_one(".policy-revision--current .policy-revision__note")
        assert "Said it plainly." in note.get_text()


def test_the_note_typed_is_kept_when_another_field_has_an_error(editor_client):
    policy = PolicyFactory()

    response = edit(editor_client, policy, title_en="", change_note="Shorter title.")

    assert response.status_code == 200
    page = html(response)
    assert page.select_one(".field-title_en .errorlist") is not None
    assert page.find("input", attrs={"name": "change_note"})["value"] == "Shorter title."


def test_the_note_field_says_residents_read_it(editor_client):
    page = html(editor_client.get(url(PolicyFactory(), "change")))
    help_text = page.select_one(".field-change_note").get_text(" ", strip=True)
    assert "shown to the public" in help_text and "history page" in help_text


@pytest.mark.parametrize(
    ("make", "changes"),
    [
        pytest.param(lambda: PolicyFactory(status=PublishStatus.DRAFT), {"summary_en": "Draft."}, id="draft policy"),
        pytest.param(PolicyFactory, {}, id="saving without a change"),
        pytest.param(EventFactory, {"summary_en": "New words."}, id="published meeting"),
    ],
)
def test_no_note_is_needed_for_a_draft_an_unchanged_save_or_a_meeting(editor_client, make, changes):
    obj = make()
    response = edit(editor_client, obj, **changes)
    assert response.status_code == 302
    assert obj.history.first().history_change_reason is None


def test_a_translator_may_save_a_translation_without_a_note_or_with_one(translator_client):
    policy = PolicyFactory(summary_es="Viejo.")

    assert edit(translator_client, policy, summary_es="Nuevo.").status_code == 302
    assert edit(translator_client, policy, summary_es="Más nuevo.", change_note="Mejor traducción.").status_code == 302

    assert [record.history_change_reason for record in policy.history.all()[:2]] == ["Mejor traducción.", None]


def test_a_new_policy_may_come_with_a_note(editor_client):
    page = html(editor_client.get(admin_path("policies/policy/add/")))
    field = page.find("input", attrs={"name": "change_note"})
    assert field is not None and not field.has_attr("required")


def test_items_without_a_history_are_not_asked_for_a_note(editor_client):
    from tests.factories import VenueFactory

    page = html(editor_client.get(url(VenueFactory(), "change")))
    assert page.find(attrs={"name": "change_note"}) is None
