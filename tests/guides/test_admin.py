import pytest

from editorial.models import TranslationStatus
from guides.models import Guide, GuideStep
from tests.factories import GuideFactory, GuideStepFactory, PolicyFactory, staff_in_role
from tests.helpers import admin_path, form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

ADD = admin_path("guides/guide/add/")


def change_url(guide):
    return admin_path(f"guides/guide/{guide.pk}/change/")


def step_url(step):
    return admin_path(f"guides/guidestep/{step.pk}/change/")


@pytest.fixture
def editor(client):
    client.force_login(staff_in_role("editor"))
    return client


@pytest.fixture
def translator(client):
    client.force_login(staff_in_role("translator"))
    return client


def test_editor_writes_a_guide_and_its_steps_on_one_page(editor):
    policy = PolicyFactory()
    data = form_data(editor.get(ADD))
    data.update(
        title_en="Report a crime anonymously",
        title_es="Denuncie un delito sin dar su nombre",
        slug="report-anonymously",
        summary_en="You do not have to give your name.",
        summary_es="No tiene que dar su nombre.",
        order="1",
        related_policies=[str(policy.pk)],
        status="published",
        **{
            "steps-0-order": "1",
            "steps-0-title_en": "Call the tip line",
            "steps-0-title_es": "Llame a la línea de avisos",
            "steps-0-body_en": "<p>Say what you saw.</p>",
            "steps-0-body_es": "<p>Diga lo que vio.</p>",
            "steps-0-how_long_en": "5 minutes",
            "steps-1-order": "2",
            "steps-1-title_en": "Keep your tip number",
            "steps-1-body_en": "<p>Write it down.</p>",
        },
    )

    response = editor.post(ADD, data)

    assert response.status_code == 302, html(response).select(".errorlist")
    guide = Guide.objects.get(slug="report-anonymously")
    assert list(guide.steps.values_list("title_en", flat=True)) == ["Call the tip line", "Keep your tip number"]
    assert list(guide.related_policies.all()) == [policy]
    # The second step has no Spanish yet: it waits in the translation queue.
    assert guide.steps.get(order=2).translation_status == TranslationStatus.MISSING
    queue = html(editor.get(admin_path("translations/"))).get_text(" ", strip=True)
    assert "Keep your tip number" in queue


def test_translator_reads_the_steps_on_the_guide_but_cannot_change_or_add_them_there(translator):
    step = GuideStepFactory(title_en="Call the tip line")
    page = html(translator.get(change_url(step.guide)))

    assert "Call the tip line" in page.get_text()
    assert page.select_one("[name='steps-0-title_es']") is None
    assert page.select_one("[name='steps-TOTAL_FORMS']") is None or not page.select(".add-row")
    # Each step links to its own page, where the translator translates it.
    assert page.select_one(f"a[href='{step_url(step)}']") is not None


def test_translator_translates_a_step_on_its_own_page_but_cannot_change_its_english(translator):
    step = GuideStepFactory(title_es="", body_es="", what_to_bring_es="", how_long_es="", contact_es="")
    data = form_data(translator.get(step_url(step)))
    assert "title_en" not in data
    data.update(
        title_en="Forged English",
        title_es="Llame a la línea",
        body_es="<p>Diga lo que vio.</p>",
        what_to_bring_es="Nada",
        how_long_es="5 minutos",
        contact_es="La línea de avisos",
    )

    response = translator.post(step_url(step), data)

    assert response.status_code == 302, html(response).select(".errorlist")
    step.refresh_from_db()
    assert step.title_es == "Llame a la línea"
    assert step.title_en.startswith("Do thing")
    assert step.translation_status == TranslationStatus.COMPLETE


def test_translator_cannot_add_a_guide_or_publish_one(translator):
    guide = GuideFactory(draft=True)
    assert translator.get(ADD).status_code == 403
    data = form_data(translator.get(change_url(guide)))
    data["status"] = "published"
    translator.post(change_url(guide), data)
    guide.refresh_from_db()
    assert guide.status == "draft"


def test_changing_the_english_of_a_step_marks_its_spanish_outdated(editor):
    step = GuideStepFactory()
    assert step.translation_status == TranslationStatus.COMPLETE
    data = form_data(editor.get(step_url(step)))
    data["title_en"] = "A new English title"

    assert editor.post(step_url(step), data).status_code == 302

    assert GuideStep.objects.get(pk=step.pk).translation_status == TranslationStatus.OUTDATED


COMPLEX_EN = (
    "Notwithstanding the aforementioned jurisdictional considerations, the department's institutional commitments "
    "regarding cooperation in immigration enforcement remain substantially contingent upon administrative "
    "determinations promulgated by federal authorities."
)


@pytest.mark.parametrize("language", ["en", "es"])
def test_editors_see_the_reading_level_of_the_summary_and_of_each_steps_text_in_both_languages(editor, language):
    # (Texts under four words get no estimate.)
    step = GuideStepFactory(body_en=f"<p>{COMPLEX_EN}</p>", body_es="<p>Llame a la línea y diga lo que vio.</p>")
    page = html(editor.get(change_url(step.guide)))

    summary = page.select_one(f".field-summary_{language} .reading-level")
    assert summary is not None and "(target: 9)" in summary.get_text()
    body = page.select_one(f".field-body_{language} .reading-level")
    assert body is not None
    if language == "en":
        assert "reading-level--above" in str(page.select_one(".field-body_en"))
    assert page.select_one(f".field-what_to_bring_{language} .reading-level") is not None


def test_a_hard_step_is_a_nudge_never_a_block(editor):
    step = GuideStepFactory()
    data = form_data(editor.get(step_url(step)))
    data["body_en"] = f"<p>{COMPLEX_EN}</p>"

    assert editor.post(step_url(step), data).status_code == 302

    step.refresh_from_db()
    assert COMPLEX_EN in step.body_en
