"""
The public reading pages the benchmark measures, in every configured language.

Paths come from the URL names (reversed with each language active), so the translated segments (`/es/eventos/`)
are the site's own, and a third language in `LANGUAGES` is measured without changes here.
"""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from editorial.i18n import language_codes, source_language

# Search words per language: one common word, one accented word (typed with its accent, found by folding).
# A language not listed here uses the source language's.
SEARCH_WORDS = {
    "en": {"common": "meeting", "accented": "café"},
    "es": {"common": "reunion", "accented": "política"},
}

MAX_PAGE = 50


@dataclass(frozen=True)
class Page:
    name: str
    language: str  # "" for the pages outside the language prefixes (sitemap.xml)
    path: str


def pages(facts):
    """[Page] for the site described by `facts` (a sitedata.SiteFacts)."""
    last_page = max(1, math.ceil(facts.upcoming_published / settings.EVENTS_PER_PAGE))
    # Deep in the list, but never past its end (a small site has only a few pages).
    deep_page = min(MAX_PAGE, last_page)
    result = []
    for code in language_codes():
        words = SEARCH_WORDS.get(code, SEARCH_WORDS[source_language()])
        with translation.override(code):
            events = reverse("events:event-list")
            meeting = {"slug": facts.event_slug}
            policy = {"slug": facts.policy_slug}
            policies = reverse("policies:policy-list")
            resources = reverse("outreach:resource-list")
            faq_category = {"category": facts.faq_category_slug}
            search = reverse("outreach:search")
            entries = [
                ("home", reverse("outreach:home")),
                ("upcoming", events),
                ("upcoming ?city=", f"{events}?{urlencode({'city': facts.city})}"),
                ("upcoming ?month=", f"{events}?{urlencode({'month': facts.month})}"),
                (f"upcoming ?page={deep_page}", f"{events}?page={deep_page}"),
                ("past", reverse("events:event-archive")),
                ("meeting", reverse("events:event-detail", kwargs=meeting)),
                ("meeting .ics", reverse("events:event-calendar", kwargs=meeting)),
                ("all upcoming .ics", reverse("events:calendar")),
                ("RSS feed", reverse("events:feed")),
                ("policies", policies),
                ("policy topic", f"{policies}?{urlencode({'topic': facts.topic_slug})}"),
                ("policy", reverse("policies:policy-detail", kwargs=policy)),
                ("policy history", reverse("policies:policy-history", kwargs=policy)),
                ("FAQ", reverse("outreach:faq")),
                ("FAQ category", reverse("outreach:faq-category", kwargs=faq_category)),
                ("FAQ entry", reverse("outreach:faq-entry", kwargs={**faq_category, "slug": facts.faq_entry_slug})),
                ("resources", resources),
                ("resources ?category=", f"{resources}?{urlencode({'category': facts.resource_category})}"),
                ("resource", reverse("outreach:resource-detail", kwargs={"slug": facts.resource_slug})),
                ("fact checks", reverse("outreach:fact-check-list")),
                ("fact check", reverse("outreach:fact-check-detail", kwargs={"slug": facts.fact_check_slug})),
                ("guides", reverse("guides:guide-list")),
                ("guide", reverse("guides:guide-detail", kwargs={"slug": facts.guide_slug})),
                ("search (common word)", f"{search}?{urlencode({'q': words['common']})}"),
                ("search (accented word)", f"{search}?{urlencode({'q': words['accented']})}"),
                ("privacy", reverse("outreach:privacy")),
            ]
        result.extend(Page(name, code, path) for name, path in entries)
    # Not under a language prefix: measured once.
    result.append(Page("sitemap.xml", "", reverse("sitemap")))
    result.append(Page("sitemap, meetings section", "", reverse("sitemap-section", kwargs={"section": "events"})))
    result.append(Page("sitemap, FAQ section", "", reverse("sitemap-section", kwargs={"section": "faq"})))
    return result
