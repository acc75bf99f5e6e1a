from editorial.sitemaps import PublishedSitemap

from .models import Guide


class GuideSitemap(PublishedSitemap):
    model = Guide
    ordering = ("order", "pk")
    changefreq = "monthly"
