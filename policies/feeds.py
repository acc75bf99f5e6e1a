from django.utils.translation import gettext as _

from editorial.feeds import SiteFeed
from editorial.links import absolute_url
from editorial.models import site_settings

from .history import major_changes

# The newest major changes the feed lists: enough for a reader who checks now and then, and a bounded answer.
FEED_ITEMS = 30


class PolicyChangesFeed(SiteFeed):
    """The published policies' major changes, newest first, each with its public note in the reader's language."""

    page_url_name = "policies:policy-list"
    feed_url_name = "policies:policy-changes-feed"

    def title(self):
        return _("%(program)s: changes to our policies") % {"program": site_settings().program_name}

    def description(self):
        return _("Major changes to the department's published policies, newest first, with what changed.")

    def items(self):
        return major_changes(FEED_ITEMS)

    def item_title(self, change):
        return change.title

    def item_description(self, change):
        return change.note.text

    def item_link(self, change):
        return absolute_url(change.get_absolute_url())

    def item_guid(self, change):
        return absolute_url(change.get_absolute_url())

    def item_pubdate(self, change):
        return change.changed_at
