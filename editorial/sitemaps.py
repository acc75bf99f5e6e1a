from django.contrib.sitemaps import Sitemap


class MultilingualSitemap(Sitemap):
    """Every item once per language, with its hreflang alternates (and the source language as x-default)."""

    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # URLs per sitemap page, each with its language alternates


class PublishedSitemap(MultilingualSitemap):
    """The published items of `model` (by the one publication rule), in `ordering`."""

    model = None
    ordering = ("pk",)

    def items(self):
        return self.model.objects.published().order_by(*self.ordering)

    def lastmod(self, item):
        return item.updated_at
