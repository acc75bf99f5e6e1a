from django.urls import reverse

from editorial.sitemaps import MultilingualSitemap, PublishedSitemap

from .models import FactCheck, FaqEntry, Resource


class StaticViewSitemap(MultilingualSitemap):
    """The site's fixed pages, in every language."""

    changefreq = "daily"

    def items(self):
        return [
            "outreach:home",
            "events:event-list",
            "events:event-archive",
            "policies:policy-list",
            "guides:guide-list",
            "outreach:faq",
            "outreach:resource-list",
            "outreach:fact-check-list",
            "outreach:ask",
            "outreach:privacy",
            "outreach:wallet-card",
        ]

    def location(self, name):
        return reverse(name)


class FaqEntrySitemap(PublishedSitemap):
    model = FaqEntry
    changefreq = "monthly"


class ResourceSitemap(PublishedSitemap):
    model = Resource
    changefreq = "monthly"


class FactCheckSitemap(PublishedSitemap):
    model = FactCheck
    ordering = ("-published_on", "-pk")
    changefreq = "monthly"
