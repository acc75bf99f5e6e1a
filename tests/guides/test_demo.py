import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from editorial.models import TranslationStatus
from guides.demo import GUIDES
from guides.models import CertificationFigure, Guide, GuideStep
from outreach.models import FaqEntry

pytestmark = pytest.mark.django_db

# Anything that looks like a phone number: (214) 555-0100, 214-555-0100, 1-800-555-0100, 555-0100, 555.0100.
PHONE_LIKE = re.compile(r"(?:\+?1[-.\s])?(?:\(\d{3}\)\s?|\b\d{3}[-.\s])?\b\d{3}[-.]\d{4}\b")
FICTIONAL = re.compile(r"555-01\d\d")


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


def demo_texts():
    for guide in Guide.objects.filter(slug__in=[spec["slug"] for spec in GUIDES]):
        for name in ("title", "summary"):
            for code in ("en", "es"):
                yield f"{guide.slug} {name}_{code}", getattr(guide, f"{name}_{code}")
        for step in guide.steps.all():
            for name in ("title", "body", "what_to_bring", "how_long", "contact"):
                for code in ("en", "es"):
                    yield f"{guide.slug} step {step.order} {name}_{code}", getattr(step, f"{name}_{code}")


def test_seeding_the_demo_twice_adds_no_guides_steps_figures_or_history():
    seed_demo()
    counts = (
        Guide.objects.count(),
        GuideStep.objects.count(),
        CertificationFigure.objects.count(),
        Guide.history.count(),
        GuideStep.history.count(),
        FaqEntry.objects.count(),
    )
    seed_demo()
    assert (
        Guide.objects.count(),
        GuideStep.objects.count(),
        CertificationFigure.objects.count(),
        Guide.history.count(),
        GuideStep.history.count(),
        FaqEntry.objects.count(),
    ) == counts


def test_the_certification_guide_names_both_forms_in_both_languages(client):
    seed_demo()
    guide = Guide.objects.published().certification().get()
    assert guide.target_days
    assert guide.steps.count() >= 5
    english = " ".join(f"{step.title_en} {step.body_en}" for step in guide.steps.all())
    spanish = " ".join(f"{step.title_es} {step.body_es}" for step in guide.steps.all())
    assert "Form I-918 Supplement B" in english and "Form I-914 Supplement B" in english
    assert "Formulario I-918, Suplemento B" in spanish and "Formulario I-914, Suplemento B" in spanish
    for prefix, phrase in [("en", "Supplement B"), ("es", "Suplemento B")]:
        page = client.get(f"/{prefix}/{'guides' if prefix == 'en' else 'guias'}/{guide.slug}/")
        assert page.status_code == 200
        assert phrase in page.content.decode()


def test_the_certification_guide_says_what_happens_after_and_how_to_ask_for_a_review():
    seed_demo()
    guide = Guide.objects.certification().get()
    english = " ".join(f"{step.title_en} {step.body_en}" for step in guide.steps.all())
    spanish = " ".join(f"{step.title_es} {step.body_es}" for step in guide.steps.all())
    assert "not a visa" in english and "USCIS decides" in english
    assert "no es una visa" in spanish and "USCIS decide" in spanish
    assert "30 days" in english and "supervisor" in english
    assert "30 días" in spanish and "supervisor" in spanish


def test_the_certification_guide_links_the_demo_policies_it_names():
    seed_demo()
    guide = Guide.objects.certification().get()
    assert "calling-911" in set(guide.related_policies.values_list("slug", flat=True))


def test_the_get_help_guides_are_all_there():
    seed_demo()
    slugs = set(Guide.objects.published().values_list("slug", flat=True))
    assert {
        "help-in-your-language",
        "complaint-about-an-officer",
        "help-for-victims-of-crime",
        "report-a-crime-anonymously",
        "immigration-services-fraud",
    } <= slugs
    for guide in Guide.objects.exclude(is_certification_guide=True):
        assert 3 <= guide.steps.count() <= 6, guide.slug


def test_demo_guides_use_no_phone_number_but_911_and_fictional_555_01xx_ones():
    seed_demo()
    texts = list(demo_texts())
    assert any("555-0147" in text for _where, text in texts), "the tip line is in the demo"
    for where, text in texts:
        for number in PHONE_LIKE.findall(text):
            assert FICTIONAL.fullmatch(number.strip()), f"{where}: {number}"
        for address in re.findall(r"[\w.-]+@[\w.-]+|https?://[^\s\"<]+", text):
            assert "example.org" in address, f"{where}: {address}"


def test_the_phone_number_check_catches_a_real_looking_number():
    for text in ["Call (214) 670-3000", "call 214-670-3000", "1-800-555-1234", "call 670-3000"]:
        numbers = PHONE_LIKE.findall(text)
        assert numbers and not all(FICTIONAL.fullmatch(number.strip()) for number in numbers), text


def test_every_demo_guide_is_published_and_completely_translated():
    seed_demo()
    guides = Guide.objects.filter(slug__in=[spec["slug"] for spec in GUIDES])
    assert guides.count() == len(GUIDES)
    assert guides.published().count() == len(GUIDES)
    for guide in guides:
        assert guide.translation_status == TranslationStatus.COMPLETE, guide.slug
        for step in guide.steps.all():
            assert step.translation_status == TranslationStatus.COMPLETE, f"{guide.slug} step {step.order}"


def test_the_demo_has_eight_quarters_of_figures_before_this_one():
    seed_demo()
    figures = list(CertificationFigure.objects.all())
    assert len(figures) == 8
    today = timezone.localdate()
    this_quarter = (today.year, (today.month - 1) // 3 + 1)
    assert max((figure.year, figure.quarter) for figure in figures) < this_quarter
    target = Guide.objects.certification().get().target_days
    medians = [figure.median_days for figure in figures]
    assert min(medians) < target < max(medians), "some quarters met the target and some did not"
    for figure in figures:
        assert figure.certified + figure.denied <= figure.received


def test_the_demo_faq_links_answers_to_the_guides():
    seed_demo()
    linked = FaqEntry.objects.published().filter(related_guide__isnull=False).select_related("related_guide")
    slugs = {entry.related_guide.slug for entry in linked}
    assert {"u-and-t-visa-certification", "complaint-about-an-officer", "help-in-your-language"} <= slugs
    visa = FaqEntry.objects.get(related_guide__slug="u-and-t-visa-certification")
    assert "U" in visa.question_en and visa.question_es and visa.answer_es
