from outreach.sitemaps import MultilingualSitemap

from .models import Event


class EventSitemap(MultilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("-starts_at", "pk")

    def lastmod(self, event):
        return event.updated_at
