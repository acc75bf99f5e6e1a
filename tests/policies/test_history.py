"""
The public history lists exactly the versions the public could read, by the one publication rule, and shows what
each changed: the words before and after, in the reader's language and the English original, with the editors' note.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from editorial.publication import PublishStatus
from policies.history import public_versions, published_revisions
from tests.factories import PolicyFactory
from tests.helpers import html

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) - datetime.timedelta(days=30)


def save_at(moment, policy, **changes):
    with time_machine.travel(moment, tick=False):
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.save()
    return policy


def summaries(policy, at=None):
    return [str(record.summary_en) for record, _seen in public_versions(policy, at)]


def test_a_version_saved_after_its_unpublish_date_was_never_public():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    # Taken down by date while its text was changed, then put back with other words.
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Never shown.", unpublish_at=START)
    save_at(START + datetime.timedelta(days=2), policy, summary_en="Back again.", unpublish_at=None)
    assert summaries(policy) == ["First words.", "Back again."]


def test_a_version_replaced_before_its_publish_date_was_never_public():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    later = START + datetime.timedelta(days=5)
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Planned, then dropped.", publish_at=later)
    save_at(START + datetime.timedelta(days=2), policy, summary_en="What went out.", publish_at=None)
    assert summaries(policy) == ["First words.", "What went out."]


def test_a_scheduled_version_is_listed_from_its_publish_date_not_its_save():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    goes_out = START + datetime.timedelta(days=3)
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Scheduled words.", publish_at=goes_out)
    assert summaries(policy, at=goes_out - datetime.timedelta(seconds=1)) == ["First words."]
    versions = public_versions(policy, at=goes_out)
    assert [seen for _record, seen in versions] == [START, goes_out]


def test_drafts_between_public_versions_are_left_out():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Draft words.", status=PublishStatus.DRAFT)
    save_at(START + datetime.timedelta(days=2), policy, summary_en="Second words.", status=PublishStatus.PUBLISHED)
    revisions = published_revisions(policy, "en")
    assert [revision.summary for revision in revisions] == ["Second words.", "First words."]
    assert revisions[0].is_current and not revisions[1].is_current
    assert revisions[1].is_first


def test_the_history_page_shows_when_each_version_went_out(client, site_settings):
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    goes_out = START + datetime.timedelta(days=3)
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Scheduled words.", publish_at=goes_out)
    page = client.get(f"/en/policies/{policy.slug}/history/").content.decode()
    assert timezone.localtime(goes_out).strftime("%Y-%m-%dT%H:%M:%S") in page
    assert "Scheduled words." in page


# --- What the text said before and after ---------------------------------------------------------------------------

HISTORY = {"en": "/en/policies/{slug}/history/", "es": "/es/politicas/{slug}/historial/"}
LABELS = {"en": ("removed:", "added:"), "es": ("eliminado:", "añadido:")}


def history_page(client, policy, language):
    response = client.get(HISTORY[language].format(slug=policy.slug))
    assert response.status_code == 200
    return html(response)


def newest(page):
    return page.select_one(".policy-revision--current")


def changed_words(diff, tag):
    """The words in each <del> or <ins>, without the hidden label screen readers say first."""
    words = []
    for element in diff.find_all(tag):
        label = element.select_one(".visually-hidden")
        words.append(element.get_text(" ", strip=True).removeprefix(label.get_text(strip=True)).strip())
    return words


def revise(policy, note=None, **changes):
    if note:
        policy._change_reason = note
    return save_at(START + datetime.timedelta(days=1), policy, **changes)


def first_version(**fields):
    with time_machine.travel(START, tick=False):
        return PolicyFactory(**fields)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_history_shows_the_words_removed_and_added_in_the_readers_language(client, site_settings, language):
    policy = first_version(
        summary_en="Officers never ask about status.", summary_es="Los agentes nunca preguntan por el estatus."
    )
    revise(
        policy,
        summary_en="Officers never ask about immigration status.",
        summary_es="Los agentes nunca preguntan por el estatus migratorio.",
    )

    diff = newest(history_page(client, policy, language)).select_one(f".word-diff[lang={language}]")

    removed_label, added_label = LABELS[language]
    if language == "en":
        assert changed_words(diff, "ins") == ["immigration"]
        assert "Officers never ask about" in diff.get_text()
    else:
        assert changed_words(diff, "ins") == ["estatus migratorio."]
        assert changed_words(diff, "del") == ["estatus."]
        assert "Los agentes nunca preguntan por el" in diff.get_text()
    assert diff.select_one("ins .visually-hidden").get_text(strip=True) == added_label
    if diff.find("del"):
        assert diff.select_one("del .visually-hidden").get_text(strip=True) == removed_label


def test_the_spanish_history_shows_the_english_original_too_marked_as_such(client, site_settings):
    policy = first_version(title_en="Call 911", title_es="Llame al 911")
    revise(policy, title_en="Call 911 any time", title_es="Llame al 911 cuando sea")

    revision = newest(history_page(client, policy, "es"))

    spanish, english = revision.select(".policy-revision__text .word-diff")
    assert spanish["lang"] == "es" and changed_words(spanish, "ins") == ["cuando sea"]
    assert english["lang"] == "en" and changed_words(english, "ins") == ["any time"]
    assert "(inglés, el original)" in revision.get_text()
    # The hidden labels are in the reader's language, and say so inside the English text.
    assert english.select_one("ins .visually-hidden")["lang"] == "es"
    # In English there is one original: no second copy, no mark.
    english_page = newest(history_page(client, policy, "en"))
    assert [diff["lang"] for diff in english_page.select(".word-diff")] == ["en"]
    assert "the original" not in english_page.get_text()


def test_an_english_change_shows_on_the_spanish_history_when_the_spanish_text_did_not_change(client, site_settings):
    policy = first_version(summary_en="We keep records for a year.", summary_es="Guardamos los registros un año.")
    revise(policy, summary_en="We keep records for six months.")

    revision = newest(history_page(client, policy, "es"))

    (diff,) = revision.select(".word-diff")
    assert diff["lang"] == "en"
    assert changed_words(diff, "del") == ["a year."]
    assert changed_words(diff, "ins") == ["six months."]


def test_a_change_in_another_language_is_listed_but_not_spelled_out(client, site_settings):
    policy = first_version(body_es="<p>Texto.</p>")
    revise(policy, body_es="<p>Texto corregido.</p>")

    revision = newest(history_page(client, policy, "en"))

    assert [item.get_text(strip=True) for item in revision.select(".policy-revision__changes li")] == [
        "Full text (Spanish)"
    ]
    assert revision.select(".word-diff") == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_history_escapes_markup_written_in_the_text(client, site_settings, language):
    policy = first_version(summary_en="Plain words.", summary_es="Palabras.")
    revise(policy, summary_en='Plain <script>alert("x")</script> <b>words</b>.', summary_es="<img src=x onerror=y>")

    page = history_page(client, policy, language)

    assert page.find("script", string=lambda text: text and "alert" in text) is None
    assert page.find("b", string="words") is None
    assert page.find("img", src="x") is None
    text = newest(page).get_text()
    assert '<script>alert("x")</script>' in text or "<img src=x onerror=y>" in text


def test_the_full_text_is_compared_as_words_a_reader_sees_paragraphs_kept_apart(client, site_settings):
    policy = first_version(body_en="<p>First paragraph.</p><p>Second one &amp; more.</p>")
    revise(policy, body_en="<p>First paragraph.</p><p>Second one &amp; <strong>much</strong> more.</p>")

    diff = newest(history_page(client, policy, "en")).select_one(".word-diff")

    assert changed_words(diff, "ins") == ["much"]
    assert diff.find("p") is None and diff.find("strong") is None  # the markup itself is not shown
    assert "First paragraph.<br/>Second one" in str(diff)  # a line break where the paragraph ended
    assert "&amp;" in str(diff) and "<p>" not in diff.get_text()


def test_a_long_unchanged_text_is_shortened_around_the_change(client, site_settings):
    words = [f"word{number}" for number in range(200)]
    policy = first_version(body_en=f"<p>{' '.join(words)}</p>")
    words[100] = "changed"
    revise(policy, body_en=f"<p>{' '.join(words)}</p>")

    diff = newest(history_page(client, policy, "en")).select_one(".word-diff")

    text = diff.get_text(" ")
    assert "word99" in text and "word101" in text and "…" in text
    assert "word0 " not in text and "word199" not in text
    assert changed_words(diff, "del") == ["word100"] and changed_words(diff, "ins") == ["changed"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_editors_change_note_is_shown_with_the_version(client, site_settings, language):
    policy = first_version()
    revise(policy, note="Made the retention period shorter.", summary_en="Shorter.")

    page = history_page(client, policy, language)

    note = newest(page).select_one(".policy-revision__note")
    assert "Made the retention period shorter." in note.get_text()
    assert {"en": "Note from the editors:", "es": "Nota de los editores:"}[language] in note.get_text()
    assert len(page.select(".policy-revision__note")) == 1  # the first version had none


def test_the_history_page_runs_few_queries_with_long_texts_to_compare(
    client, site_settings, django_assert_max_num_queries
):
    policy = first_version()
    for number in range(25):
        save_at(START + datetime.timedelta(hours=number + 1), policy, body_en=f"<p>{'word ' * 300} {number}</p>")
    url = HISTORY["en"].format(slug=policy.slug)
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
