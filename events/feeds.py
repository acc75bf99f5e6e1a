from django.utils import formats, timezone
from django.utils.translation import gettext as _

from editorial.feeds import SiteFeed
from editorial.models import site_settings

from .models import Event


class UpcomingEventsFeed(SiteFeed):
    page_url_name = "events:event-list"
    feed_url_name = "events:feed"

    def title(self):
        return _("%(program)s: upcoming meetings") % {"program": site_settings().program_name}

    def description(self):
        return _("Community meetings of the outreach program, soonest first.")

    def items(self):
        return Event.objects.published().upcoming().with_places()[:50]

    def item_title(self, event):
        prefix = f"[{event.get_event_status_display()}] " if event.is_cancelled or event.is_postponed else ""
        return f"{prefix}{event.title}"

    def item_description(self, event):
        when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
        return "\n\n".join([*event.called_off_lines(), f"{when} — {event.venue.one_line_address}. {event.summary}"])
