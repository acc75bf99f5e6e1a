"""
A meeting passed on the way residents pass things on: the share links' text, the link-preview card and the
schema.org `Event` data, all in the reader's language. The addresses themselves are built by editorial.sharing.
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _

from editorial import sharing
from editorial.escaping import one_line
from editorial.links import absolute_url, site_domain
from editorial.models import site_settings
from editorial.shareimage import ShareCard


def when(event):
    """ "Saturday, December 12, 2026, 6:00 p.m. to 7:30 p.m.", in the active language and TIME_ZONE."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    times = gettext("%(start)s to %(end)s") % {
        "start": formats.time_format(starts, "TIME_FORMAT"),
        "end": formats.time_format(ends, "TIME_FORMAT"),
    }
    return formats.date_format(starts, "DATE_FORMAT"), times


def headline(event):
    """The title, said to be cancelled or postponed when it is: a forwarded message must not send anyone there."""
    if event.is_cancelled:
        return _("Cancelled: %(title)s") % {"title": one_line(event.title)}
    if event.is_postponed:
        return _("Postponed: %(title)s") % {"title": one_line(event.title)}
    return one_line(event.title)


def share_text(event):
    """Title, date, time, place and the page's address, one per line: what a message to a friend says."""
    date, times = when(event)
    return "\n".join([headline(event), f"{date}, {times}", event.venue.one_line_address, page_url(event)])


def page_url(event):
    return absolute_url(event.get_absolute_url())


def offers_calendar(event):
    """
    A meeting goes in residents' calendars only while it will happen: a cancelled or postponed one would sit there
    at a time when nothing takes place, and a past one is of no use. Its page still offers the share links, so
    word of a cancellation travels as fast as word of the meeting.
    """
    return not event.is_called_off and not event.is_past


def share_links(event):
    url = page_url(event)
    text = share_text(event)
    links = {
        "url": url,
        "whatsapp": sharing.whatsapp(text),
        "sms": sharing.sms(text),
        "email": sharing.email(headline(event), text),
        "facebook": sharing.facebook(url),
        "subscribe": subscribe_url(),
    }
    if offers_calendar(event):
        details = "\n\n".join(part for part in [one_line(event.summary), url] if part)
        links["google_calendar"] = sharing.google_calendar(
            event.title, event.starts_at, event.ends_at, details, event.venue.one_line_address
        )
        links["ics"] = reverse("events:event-calendar", kwargs={"slug": event.slug})
    return links


def subscribe_url():
    """All upcoming meetings as a calendar subscription (webcal://), for the list and each meeting's page."""
    return sharing.webcal(absolute_url(reverse("events:calendar")))


def share_card(event):
    """The link-preview picture of a meeting: what, when and where, in the active language."""
    date, times = when(event)
    settings_row = site_settings()
    if event.is_called_off:
        label = _("Cancelled meeting") if event.is_cancelled else _("Postponed meeting")
    else:
        label = _("Community meeting")
    place = ", ".join(part for part in [str(event.venue.name), event.venue.city] if part)
    return ShareCard(
        kind="event",
        key=str(event.pk),
        language=get_language(),
        label=label,
        title=one_line(event.title),
        lines=[date, times, place],
        footer=f"{one_line(settings_row.organization_name)} · {site_domain()}",
    )


def share_image_path(event):
    return reverse("events:event-share-image", kwargs={"slug": event.slug, "digest": share_card(event).digest})


def event_status(event):
    """schema.org's status. Postponed with a new meeting named is "rescheduled"; without one, "postponed"."""
    if event.is_cancelled:
        return "https://schema.org/EventCancelled"
    if event.is_postponed:
        rescheduled = event.replacement is not None
        return f"https://schema.org/{'EventRescheduled' if rescheduled else 'EventPostponed'}"
    return "https://schema.org/EventScheduled"


def structured_data(event):
    """schema.org `Event` for search engines: when, where, its status, its languages and who organizes it."""
    venue = event.venue
    settings_row = site_settings()
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.street_address,
        "addressLocality": venue.city,
        "addressRegion": venue.state,
        "postalCode": venue.postal_code,
        "addressCountry": "US",
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": one_line(event.title),
        "description": one_line(event.summary),
        "url": page_url(event),
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": event_status(event),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": list(event.languages or []) or [get_language()],
        "isAccessibleForFree": True,
        "location": {
            "@type": "Place",
            "name": one_line(venue.name),
            "address": {key: value for key, value in address.items() if value},
        },
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": one_line(settings_row.organization_name),
            "url": absolute_url("/"),
        },
        "image": absolute_url(share_image_path(event)),
    }
    if venue.latitude is not None and venue.longitude is not None:
        data["location"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data
