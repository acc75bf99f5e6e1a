"""The base of the site's RSS feeds: every link on SITE_URL, every text one that XML 1.0 can carry."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.functional import Promise

from .escaping import plain_text
from .links import absolute_url


def _xml_safe(value):
    if isinstance(value, str | Promise):
        return plain_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(part) for part in value)
    return value


class XmlSafeRssFeed(Rss201rev2Feed):
    """
    RSS 2.0 with control characters taken out of every text: Django refuses to write them (XML 1.0 cannot carry
    them), so one pasted into a title would otherwise make the whole feed a 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{name: _xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{name: _xml_safe(value) for name, value in kwargs.items()})


class SiteFeed(Feed):
    """
    A feed whose links are all absolute on SITE_URL: Django would otherwise complete them with the request's host
    (and the feed's own address with the request's path). Subclasses name the page the feed mirrors and the feed.
    """

    feed_type = XmlSafeRssFeed
    page_url_name = None  # "events:event-list"
    feed_url_name = None  # "events:feed"

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())
