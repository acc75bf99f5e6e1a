"""Meetings as iCalendar, so residents can put them in their phone's calendar."""

import datetime

import icalendar
from django.utils import timezone
from django.utils.html import strip_tags

from editorial.models import site_settings

from .models import EventStatus

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def event_uid(event):
    """Stable for the meeting's lifetime (its primary key), whatever its title, slug or time become."""
    domain = site_settings().official_domain or "outreach.invalid"
    return f"event-{event.pk}@{domain}"


def event_component(event, request):
    component = icalendar.Event()
    url = request.build_absolute_uri(event.get_absolute_url())
    zone = timezone.get_current_timezone()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("summary", str(event.title))
    description = [str(event.summary)]
    if event.status_note:
        description.insert(0, str(event.status_note))
    component.add("description", "\n\n".join([*description, url]))
    component.add("location", event.venue.one_line_address)
    component.add("url", url)
    component.add("status", ICAL_STATUS[event.event_status])
    if event.venue.latitude is not None and event.venue.longitude is not None:
        component.add("geo", (float(event.venue.latitude), float(event.venue.longitude)))
    return component


def calendar_for(events, request, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{strip_tags(site_settings().program_name)}//Outreach meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(name))
    calendar.add("x-wr-timezone", str(timezone.get_current_timezone()))
    for event in events:
        calendar.add_component(event_component(event, request))
    calendar.add_missing_timezones(first_date=datetime.date(2020, 1, 1))
    return calendar.to_ical()
