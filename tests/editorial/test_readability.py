"""
Plain language for writers (editorial/readability.py): the admin shows an estimated reading level under the
summary and answer fields in every language that has a formula, against the site's target (a reading age of 9), as
a nudge that never stops a save.
"""

import pytest
from django.urls import reverse

from editorial.readability import plain_text, reading_level
from events.models import Event
from outreach.models import FaqEntry
from policies.models import Policy
from tests.factories import EventFactory, FaqEntryFactory, PolicyFactory, SuperuserFactory, staff_in_role
from tests.helpers import form_data, html

pytestmark = pytest.mark.django_db

SIMPLE_EN = "You can call 911. We will not ask about your papers. Call us if you need help."
SIMPLE_ES = "Puede llamar al 911. No le vamos a pedir papeles. Llámenos si necesita ayuda."
COMPLEX_EN = (
    "Notwithstanding the aforementioned jurisdictional considerations, the department's institutional commitments "
    "regarding immigration enforcement cooperation remain substantially contingent upon prevailing administrative "
    "determinations promulgated by federal authorities."
)
COMPLEX_ES = (
    "No obstante las consideraciones jurisdiccionales anteriormente mencionadas, los compromisos institucionales del "
    "departamento respecto a la cooperación en materia de aplicación migratoria permanecen sustancialmente "
    "supeditados a las determinaciones administrativas vigentes promulgadas por las autoridades federales."
)


def levels(page, field):
    """The reading-level lines of the field `field`'s row on an admin change form."""
    row = page.select_one(f".field-{field}, .field-{field}_display")
    return [line.get_text(" ", strip=True) for line in row.select(".reading-level")] if row else []


def change_form(client, obj):
    opts = obj._meta
    return client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


def test_simple_text_is_at_or_under_the_target_in_both_languages():
    english, spanish = reading_level(SIMPLE_EN, "en"), reading_level(SIMPLE_ES, "es")
    assert english.age <= 9 and not english.above_target and english.target == 9
    assert spanish.age <= 11 and "INFLESZ" in str(spanish.detail)


def test_a_long_complex_sentence_is_above_the_target_in_both_languages():
    english, spanish = reading_level(COMPLEX_EN, "en"), reading_level(COMPLEX_ES, "es")
    assert english.above_target and english.age_label == "18+"
    assert spanish.above_target and spanish.age_label == "18+" and "very difficult" in str(spanish.detail)


def test_no_estimate_without_a_formula_or_enough_words(settings):
    assert reading_level(SIMPLE_EN, "vi") is None
    assert reading_level("Call 911.", "en") is None
    assert reading_level("", "es") is None


def test_rich_text_is_read_without_its_markup_and_each_list_item_is_a_sentence():
    assert plain_text("<p>Bring:</p><ul><li>your ID</li><li>the letter &amp; a pen</li></ul>", rich=True) == (
        "Bring: your ID. the letter & a pen."
    )


def test_the_target_is_configurable(settings):
    settings.READING_AGE_TARGET = 12
    level = reading_level(SIMPLE_EN, "en")
    assert level.target == 12 and not level.above_target


@pytest.mark.parametrize("language", ["en", "es"])
def test_editors_see_the_level_of_each_language_beside_the_summary(client, site_settings, language):
    client.force_login(SuperuserFactory())
    policy = PolicyFactory(summary_en=COMPLEX_EN, summary_es=SIMPLE_ES)
    page = html(client.get(reverse("admin:policies_policy_change", args=[policy.pk]), HTTP_ACCEPT_LANGUAGE=language))
    english, spanish = levels(page, "summary_en"), levels(page, "summary_es")
    if language == "en":
        assert len(english) == 1 and "Reading level: about age" in english[0] and "(target: 9)" in english[0]
        assert "Above the target" in english[0]
        assert len(spanish) == 1 and "Above the target" not in spanish[0]
    else:
        assert "Nivel de lectura: alrededor de" in english[0] and "(meta: 9)" in english[0]
        assert "Por encima de la meta" in english[0]


def test_translators_see_the_level_of_the_english_they_read_and_the_spanish_they_write(client, site_settings):
    client.force_login(staff_in_role("translator"))
    policy = PolicyFactory(summary_en=COMPLEX_EN, summary_es=COMPLEX_ES)
    page = html(change_form(client, policy))
    assert not page.select("textarea[name=summary_en]")  # read-only for translators
    english, spanish = levels(page, "summary_en"), levels(page, "summary_es")
    assert len(english) == 1 and "Above the target" in english[0]
    assert len(spanish) == 1 and "Above the target" in spanish[0] and "INFLESZ" in spanish[0]


def test_the_faq_answer_and_the_event_summary_show_their_level(client, site_settings):
    client.force_login(SuperuserFactory())
    entry = FaqEntryFactory(answer_en=f"<p>{COMPLEX_EN}</p>", answer_es=f"<ul><li>{SIMPLE_ES}</li></ul>")
    page = html(change_form(client, entry))
    assert "Above the target" in levels(page, "answer_en")[0]
    assert "Above the target" not in levels(page, "answer_es")[0]
    translator = staff_in_role("translator")
    client.force_login(translator)
    assert "Above the target" in levels(html(change_form(client, entry)), "answer_en")[0]
    client.force_login(SuperuserFactory())
    event = EventFactory(summary_en=COMPLEX_EN)
    assert "Above the target" in levels(html(change_form(client, event)), "summary_en")[0]


def test_the_level_follows_what_was_typed_when_the_form_has_errors_and_never_blocks_a_save(client, site_settings):
    client.force_login(SuperuserFactory())
    policy = PolicyFactory(summary_en=SIMPLE_EN)
    url = reverse("admin:policies_policy_change", args=[policy.pk])
    data = form_data(client.get(url))
    response = client.post(url, {**data, "summary_en": COMPLEX_EN, "title_en": "", "change_note": "Harder."})
    assert response.status_code == 200  # the missing title, not the reading level, stopped it
    assert "Above the target" in levels(html(response), "summary_en")[0]
    response = client.post(url, {**data, "summary_en": COMPLEX_EN, "change_note": "Harder words."})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.summary_en == COMPLEX_EN


def test_an_empty_add_form_shows_no_level(client, site_settings):
    client.force_login(SuperuserFactory())
    page = html(client.get(reverse("admin:policies_policy_add")))
    assert not page.select(".reading-level")
    assert page.select_one("textarea[name=summary_en]")


def test_a_text_too_short_to_estimate_shows_its_field_as_usual(client, site_settings):
    client.force_login(SuperuserFactory())
    page = html(change_form(client, PolicyFactory(summary_en="Call us.")))
    assert page.select_one("textarea[name=summary_en]").get_text().strip() == "Call us."
    assert levels(page, "summary_en") == []


def test_the_models_declare_their_fields():
    from django.contrib import admin

    assert admin.site._registry[Policy].reading_level_fields == ("summary",)
    assert admin.site._registry[FaqEntry].reading_level_fields == ("answer",)
    assert admin.site._registry[Event].reading_level_fields == ("summary",)


@pytest.mark.parametrize("inline_class", ["TranslationStackedInline", "TranslationTabularInline"])
def test_an_inline_declares_its_fields_and_each_row_shows_its_own_level(rf, site_settings, inline_class):
    """How a page made of steps (a guide's) uses it: each row's level comes from that row's text."""
    from django.contrib import admin
    from modeltranslation import admin as translation_admin

    from editorial.admin import ReadingLevelMixin
    from outreach.models import FaqCategory

    class EntryInline(ReadingLevelMixin, getattr(translation_admin, inline_class)):
        model = FaqEntry
        fields = ["question_en", "question_es", "answer_en", "answer_es", "order"]
        reading_level_fields = ("answer",)

    category = FaqEntryFactory(answer_en=f"<p>{COMPLEX_EN}</p>", answer_es=f"<p>{SIMPLE_ES}</p>").category
    FaqEntryFactory(category=category, answer_en=f"<p>{SIMPLE_EN}</p>", answer_es="")
    request = rf.get("/")
    request.user = SuperuserFactory()
    inline = EntryInline(FaqCategory, admin.site)
    formset = inline.get_formset(request, category)(instance=category, queryset=category.entries.order_by("pk"))
    shown = [(str(form["answer_en"]), str(form["answer_es"])) for form in formset.forms if form.instance.pk]
    assert len(shown) == 2
    (hard_en, hard_es), (easy_en, easy_es) = shown
    assert "reading-level--above" in hard_en and "Reading level: about age" in hard_es
    assert "reading-level" in easy_en and "reading-level--above" not in easy_en
    assert "Reading level" not in easy_es  # nothing written, nothing to estimate
    # Typed text with an error elsewhere in the row: the level follows what was typed.
    data = {
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-0-answer_en": COMPLEX_EN,
        "entries-0-question_en": "",
    }
    bound = inline.get_formset(request, category)(data, instance=category, queryset=FaqEntry.objects.none())
    assert not bound.is_valid()
    assert "reading-level--above" in str(bound.forms[0]["answer_en"])


# --- Live, while typing (static/js/reading-level.js asks the admin) -------------------------------------------------


def test_the_fields_carry_what_the_script_needs_and_the_page_loads_it(client, site_settings):
    client.force_login(staff_in_role("translator"))
    response = change_form(client, FaqEntryFactory(answer_es=f"<p>{SIMPLE_ES}</p>"))
    page = html(response)
    field = page.select_one("textarea[name=answer_es]")
    assert field["data-reading-level"] == "es" and field["data-reading-level-rich"] == "true"
    assert field["data-reading-level-url"] == reverse("admin:reading-level")
    assert page.select_one(".field-answer_es .reading-level-slot .reading-level")
    assert any(script.get("src", "").endswith("js/reading-level.js") for script in page.select("script"))


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_staff_get_the_level_of_what_they_type(client, site_settings, role):
    client.force_login(staff_in_role(role))
    url = reverse("admin:reading-level")
    hard = html(client.post(url, {"text": COMPLEX_ES, "language": "es"}))
    assert "Above the target" in hard.get_text() and "INFLESZ" in hard.get_text()
    easy = client.post(url, {"text": f"<ul><li>{SIMPLE_EN}</li></ul>", "language": "en", "rich": "true"})
    assert "Reading level: about age" in easy.content.decode() and "Above" not in easy.content.decode()
    assert "no-store" in easy["Cache-Control"]
    assert client.post(url, {"text": "Hi.", "language": "en"}).content == b""
    assert client.post(url, {"text": SIMPLE_EN, "language": "xx"}).status_code == 400
    assert client.get(url, {"text": SIMPLE_EN, "language": "en"}).status_code == 405


def test_the_public_cannot_use_the_live_level(client):
    response = client.post(reverse("admin:reading-level"), {"text": SIMPLE_EN, "language": "en"})
    assert response.status_code == 302 and "login" in response["Location"]
