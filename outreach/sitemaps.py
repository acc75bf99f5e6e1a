from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class MultilingualSitemap(Sitemap):
    """Every item once per language, with its hreflang alternates (and the source language as x-default)."""

    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # URLs per sitemap page, each with its language alternates


class StaticViewSitemap(MultilingualSitemap):
    """The site's fixed pages, in every language."""

    changefreq = "daily"

    def items(self):
        return [
            "outreach:home",
            "events:event-list",
            "events:event-archive",
            "policies:policy-list",
            "outreach:faq",
            "outreach:resource-list",
            "outreach:fact-check-list",
            "outreach:ask",
            "outreach:privacy",
        ]

    def location(self, name):
        return reverse(name)
