from editorial.sitemaps import PublishedSitemap

from .models import Policy


class PolicySitemap(PublishedSitemap):
    model = Policy
    ordering = ("topic__order", "order", "pk")
    changefreq = "monthly"
