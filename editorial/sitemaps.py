import dataclasses
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max

from .links import absolute_url, site_domain, site_scheme


class MultilingualSitemap(Sitemap):
    """Every item once per language, with its hreflang alternates (and the source language as x-default)."""

    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # URLs per sitemap page, each with its language alternates

    # Django takes these from the request (its Host header and scheme); the site's links come from SITE_URL.
    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


def _path_of(url):
    return urlsplit(url)._replace(scheme="", netloc="").geturl()


def index(request, sitemaps, **kwargs):
    """
    Django's sitemap index, its sections' addresses on SITE_URL: Django builds them from the request's host,
    which no sitemap class can change. The view answers unrendered, so its list is rebuilt before rendering.
    """
    response = sitemap_views.index(request, sitemaps, **kwargs)
    response.context_data["sitemaps"] = [
        dataclasses.replace(item, location=absolute_url(_path_of(item.location)))
        for item in response.context_data["sitemaps"]
    ]
    return response


class LanguagePairs(Sequence):
    """
    The (item, language) pairs Django's multilingual sitemap paginates, for every item of `queryset` in every
    one of `languages`, without loading them all: the length comes from a count, and a slice (a sitemap page) is
    one query with LIMIT and OFFSET. Django builds the same pairs as a list of every item, which grows with the site.
    """

    def __init__(self, queryset, languages, count):
        self.queryset = queryset
        self.languages = list(languages)
        self.items_count = count

    def __len__(self):
        return self.items_count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            pairs = self[index : index + 1] if index >= 0 else self[len(self) + index : len(self) + index + 1]
            if not pairs:
                raise IndexError(index)
            return pairs[0]
        start, stop, _step = index.indices(len(self))
        if stop <= start:
            return []
        width = len(self.languages)
        first, last = start // width, -(-stop // width)
        pairs = [(item, code) for item in self.queryset[first:last] for code in self.languages]
        return pairs[start - first * width : stop - first * width]


class PublishedSitemap(MultilingualSitemap):
    """
    The published items of `model` (by the one publication rule), in `ordering`, a page at a time: the index and
    each section cost one query for the count and latest change, and one for the page, at any number of items.
    """

    model = None
    ordering = ("pk",)

    def items(self):
        return self.model.objects.published().order_by(*self.ordering)

    def lastmod(self, item):
        return item.updated_at

    def totals(self):
        # The views make a sitemap object per request, so this is counted once per request.
        if not hasattr(self, "_totals"):
            self._totals = self.items().aggregate(count=Count("pk"), latest=Max("updated_at"))
        return self._totals

    def _items(self):
        # Every item is in every language (Django's get_languages_for_item() is not consulted per item).
        return LanguagePairs(self.items(), self._languages(), self.totals()["count"])

    def get_latest_lastmod(self):
        return self.totals()["latest"]
