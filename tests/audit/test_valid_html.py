"""Every public page type, in every language, is valid HTML by the Nu HTML checker (README, "Audits")."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from editorial.i18n import language_codes
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    GuideFactory,
    GuideStepFactory,
    PolicyFactory,
    ResourceFactory,
)

from . import nu


@pytest.fixture
def checker():
    missing = nu.missing_tools()
    if missing:
        message = f"the Nu HTML checker needs {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run installs it")
        pytest.skip(f"{message} (.ci/run installs it)")


@pytest.fixture
def one_of_each(site_settings):
    # An alert too: its banner is on every page.
    AlertFactory()
    event = EventFactory()
    policy = PolicyFactory(key_commitment=True)
    # A second revision, so the history page compares two versions.
    policy.summary_en = "What this means for you, in plainer words."
    policy.save()
    # The certification guide: steps, the target time, its policies, figures and free legal help.
    guide = GuideFactory(certification=True)
    GuideStepFactory.create_batch(2, guide=guide)
    GuideStepFactory(guide=guide, what_to_bring_en="", how_long_en="", contact_en="")
    guide.related_policies.add(policy)
    ResourceFactory(category="legal-aid")
    return {
        "event": event,
        "cancelled": EventFactory(cancelled=True, venue=event.venue),
        "untranslated": EventFactory(untranslated=True),
        "policy": policy,
        "faq_entry": FaqEntryFactory(related_policy=policy),
        "resource": ResourceFactory(),
        "fact_check": FactCheckFactory(related_policy=policy),
        "guide": guide,
    }


def test_every_public_page_type_and_the_flyer_are_valid_html_in_every_language(client, one_of_each, checker, tmp_path):
    pages = {}
    for name, path in nu.page_paths(one_of_each):
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        pages[name] = response.content
    for code in language_codes():
        with translation.override(code):
            ask = reverse("outreach:ask")
        response = client.get(f"/{code}/no-such-page/")
        assert response.status_code == 404
        pages[f"not found ({code})"] = response.content
        response = client.post(ask, {"text": "", "shown_at": ""})
        assert response.status_code == 200 and b"invalid-feedback" in response.content, ask
        pages[f"ask, with an error ({code})"] = response.content
        with translation.override(code):
            letter = reverse("guides:guide-request-letter", kwargs={"slug": one_of_each["guide"].slug})
        typed = {"name": "Ana", "case_number": "DPD-1", "crime_date": "2025-03-15", "contact": "555-0123"}
        response = client.post(letter, {**typed, "reply_language": code, "certification": "u-visa"})
        assert response.status_code == 200 and b"request-letter" in response.content, letter
        pages[f"request letter ({code})"] = response.content
    files = []
    for name, content in pages.items():
        files.append(tmp_path / nu.file_name(name))
        files[-1].write_bytes(content)

    found = nu.errors(files)

    assert not found, f"{len(found)} errors from the Nu HTML checker:\n{nu.describe(found)}"
