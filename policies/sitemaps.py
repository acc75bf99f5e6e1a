from django.contrib.sitemaps import Sitemap

from .models import Policy


class PolicySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Policy.objects.published().order_by("topic__order", "order", "pk")

    def lastmod(self, policy):
        return policy.updated_at
