from django.urls import reverse

from editorial.sitemaps import MultilingualSitemap


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
