"""
The flyer prints on exactly one page, Letter or A4, in every language, whatever the length of its texts: what
Chromium's "Save as PDF" makes of the page (with a printer's usual margins), counted with pikepdf.
"""

import io

import pikepdf
import pytest

from tests.factories import EventFactory, PolicyFactory, VenueFactory

# As long as the admin lets them be (title 200 characters, summary 400); PostgreSQL refuses a longer title.
LONG_TITLE = ("A very long meeting title about rights, reports, trust and the police in our neighborhood " * 3)[:200]
LONG_SUMMARY = ("Bring your questions about what officers may and may not ask, and how to report a crime. " * 12)[:400]
POLICY_SUMMARY = "What this means for you, in plain words, however long the department wrote it. " * 15  # no limit
FLYER = {"en": "/en/events/{slug}/flyer/", "es": "/es/eventos/{slug}/volante/"}
MARGINS = dict.fromkeys(("top", "right", "bottom", "left"), "10mm")


@pytest.fixture
def meetings(site):
    PolicyFactory.create_batch(4, key_commitment=True, summary_en=POLICY_SUMMARY, summary_es=POLICY_SUMMARY)
    PolicyFactory(exception=True, summary_en=POLICY_SUMMARY, summary_es=POLICY_SUMMARY)
    long_venue = VenueFactory(name_en="Saint Mary of the Immaculate Conception Parish Hall and Community Center " * 2)
    return {
        "short": EventFactory(),
        "long": EventFactory(
            title_en=LONG_TITLE, title_es=LONG_TITLE, summary_en=LONG_SUMMARY, summary_es=LONG_SUMMARY,
            venue=long_venue, languages=["en", "es", "vi", "zh-hans", "ar", "ko", "fr", "pt"],
        ),
        "untranslated": EventFactory(untranslated=True, title_en=LONG_TITLE, summary_en=LONG_SUMMARY),
    }


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", ["short", "long", "untranslated"])
def test_the_flyer_prints_on_one_page(page, site, meetings, paper, language, kind):
    page.goto(site.url + FLYER[language].format(slug=meetings[kind].slug))
    pdf = page.pdf(format=paper, margin=MARGINS, print_background=True)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
    # Both columns and the QR code are on that page, not cut off.
    page.emulate_media(media="print")
    columns = page.locator(".flyer__column")
    assert columns.count() == 2
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] / 2
    assert page.locator(".flyer__qr").is_visible()
    flyer_box = page.locator(".flyer").bounding_box()
    qr_box = page.locator(".flyer__qr").bounding_box()
    assert qr_box["y"] + qr_box["height"] <= flyer_box["y"] + flyer_box["height"]
