from outreach.sitemaps import MultilingualSitemap

from .models import Policy


class PolicySitemap(MultilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Policy.objects.published().order_by("topic__order", "order", "pk")

    def lastmod(self, policy):
        return policy.updated_at
