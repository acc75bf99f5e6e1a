from django.contrib.sitemaps import Sitemap

from .models import Policy


class PolicySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # URLs per sitemap page, each with its language alternates
    changefreq = "monthly"

    def items(self):
        return Policy.objects.published().order_by("topic__order", "order", "pk")

    def lastmod(self, policy):
        return policy.updated_at
