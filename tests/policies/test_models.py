import re

import pytest
from django.utils import translation

from editorial.models import TranslationStatus
from editorial.publication import PublishStatus
from policies import demo
from policies.models import Policy, PolicyTopic
from tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def test_key_commitments_and_exceptions_are_their_own_querysets():
    commitment = PolicyFactory(key_commitment=True)
    exception = PolicyFactory(exception=True)
    PolicyFactory()
    assert list(Policy.objects.key_commitments()) == [commitment]
    assert list(Policy.objects.exceptions()) == [exception]


def test_policy_address_keeps_its_slug_in_both_languages():
    policy = PolicyFactory(slug="calling-911")
    assert policy.get_absolute_url() == "/en/policies/calling-911/"
    with translation.override("es"):
        assert policy.get_absolute_url() == "/es/politicas/calling-911/"


def test_every_save_of_a_policy_is_kept_in_its_history():
    policy = PolicyFactory(summary_es="Primera.")
    policy.summary_es = "Segunda."
    policy.save()
    old, new = policy.history.order_by("history_date")
    assert (old.summary_es, new.summary_es) == ("Primera.", "Segunda.")
    assert "summary_es" in new.diff_against(old).changed_fields


def test_seed_creates_six_bilingual_published_policies_in_three_topics():
    demo.seed()

    policies = Policy.objects.published()
    assert policies.count() >= 6
    assert PolicyTopic.objects.count() >= 3
    assert not policies.exclude(translation_status=TranslationStatus.COMPLETE).exists()
    for policy in policies:
        for field in ["title", "summary", "body"]:
            assert getattr(policy, f"{field}_en") and getattr(policy, f"{field}_es"), (policy.slug, field)


def test_seed_covers_the_commitments_and_states_the_warrant_exception_plainly():
    demo.seed()

    commitments = Policy.objects.published().key_commitments()
    assert {"immigration-enforcement", "calling-911", "sensitive-locations"} <= set(
        commitments.values_list("slug", flat=True)
    )
    exception = Policy.objects.published().exceptions().get()
    assert not exception.is_key_commitment
    assert "outstanding criminal warrant" in exception.summary_en
    assert "deportation" in exception.summary_en
    assert "orden de arresto penal pendiente" in exception.summary_es
    assert "What it does not mean" in exception.body_en
    assert "Qué no significa" in exception.body_es
    slugs = set(Policy.objects.values_list("slug", flat=True))
    assert {"language-access", "reporting-crime"} <= slugs
    sensitive = Policy.objects.get(slug="sensitive-locations")
    for place in ["churches", "schools", "hospitals"]:
        assert place in sensitive.title_en


def test_seed_gives_one_policy_two_published_revisions():
    demo.seed()

    revised = [policy for policy in Policy.objects.all() if policy.history.filter(status="published").count() >= 2]
    assert [policy.slug for policy in revised] == ["calling-911"]
    old, new = revised[0].history.order_by("history_date")
    assert old.history_date < new.history_date
    assert {"summary_en", "summary_es", "body_en", "body_es"} <= set(new.diff_against(old).changed_fields)


def test_seed_twice_adds_no_policies_and_no_history():
    demo.seed()
    counts = (Policy.objects.count(), PolicyTopic.objects.count(), Policy.history.count())
    demo.seed()
    assert (Policy.objects.count(), PolicyTopic.objects.count(), Policy.history.count()) == counts


def test_seed_puts_back_demo_text_that_was_changed():
    demo.seed()
    policy = Policy.objects.get(slug="language-access")
    policy.title_es = "Cambiado"
    policy.status = PublishStatus.DRAFT
    policy.save()
    demo.seed()
    policy.refresh_from_db()
    assert policy.title_es == "Ayuda en su idioma"
    assert policy.status == PublishStatus.PUBLISHED


def test_seed_uses_only_911_fictional_numbers_and_example_addresses():
    demo.seed()
    for policy in Policy.objects.all():
        assert policy.source_url.startswith("https://example.org/"), policy.slug
        for field in ["title", "summary", "body", "source_title", "scope", "note"]:
            for code in ["en", "es"]:
                text = getattr(policy, f"{field}_{code}") or ""
                # A statute's section ("§752.053") is not a phone number.
                for number in re.findall(r"(?<![§\d])\d[\d\s().-]{5,}\d", text):
                    assert re.fullmatch(r"555-01\d\d", number), number
                for domain in re.findall(r"[\w.-]+\.(?:org|com|gov|net)\b", text):
                    assert domain.endswith("example.org"), domain
