"""Meetings as iCalendar, so residents can put them in their phone's calendar."""

import datetime

import icalendar
from django.utils import timezone
from django.utils.html import strip_tags

from editorial.escaping import one_line, plain_text
from editorial.links import absolute_url, site_domain
from editorial.models import site_settings

from .models import EventStatus

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def event_uid(event):
    """Stable for the meeting's lifetime (its primary key), whatever its title, slug or time become."""
    return f"event-{event.pk}@{site_domain()}"


def text(value):
    """A TEXT value: icalendar escapes line breaks, commas and semicolons in it; control characters go first
    (RFC 5545 allows none but tab). Named properties are typed by icalendar, but an X- property is not (it would
    write a line break raw and fail), so every text goes in as vText."""
    return icalendar.vText(plain_text(value))


def event_component(event):
    component = icalendar.Event()
    url = absolute_url(event.get_absolute_url())
    zone = timezone.get_current_timezone()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("summary", text(event.title))
    description = [*event.called_off_lines(), str(event.summary), url]
    component.add("description", text("\n\n".join(description)))
    component.add("location", text(event.venue.one_line_address))
    component.add("url", url)
    component.add("status", ICAL_STATUS[event.event_status])
    if event.venue.latitude is not None and event.venue.longitude is not None:
        component.add("geo", (float(event.venue.latitude), float(event.venue.longitude)))
    return component


def calendar_for(events, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", text(f"-//{one_line(strip_tags(site_settings().program_name))}//Outreach meetings//EN"))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text(one_line(name)))
    calendar.add("x-wr-timezone", str(timezone.get_current_timezone()))
    for event in events:
        calendar.add_component(event_component(event))
    calendar.add_missing_timezones(first_date=datetime.date(2020, 1, 1))
    return calendar.to_ical()
