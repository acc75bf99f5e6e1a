from editorial.sitemaps import PublishedSitemap

from .models import Event


class EventSitemap(PublishedSitemap):
    model = Event
    ordering = ("-starts_at", "pk")
    changefreq = "weekly"
