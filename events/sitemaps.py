from django.contrib.sitemaps import Sitemap

from .models import Event


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # URLs per sitemap page, each with its language alternates
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("-starts_at", "pk")

    def lastmod(self, event):
        return event.updated_at
