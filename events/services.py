"""Changes to meetings that create or update more than the one row a form saves."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from editorial.i18n import language_codes, localized_field
from editorial.publication import PublishStatus

from .models import HEARD_NOTES_FIELDS, Event, EventStatus


def unique_slug(base, *, exclude_pk=None):
    base = slugify(base)[:100] or "meeting"
    candidate, number = base, 2
    taken = Event.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def copy_event(event, *, starts_at=None, slug=None, status=None, series=None):
    """A new, separate meeting with the same content (every language), optionally moved to `starts_at`."""
    copy = Event.objects.get(pk=event.pk)
    duration = copy.ends_at - copy.starts_at
    copy.pk = None
    copy._state.adding = True
    if starts_at is not None:
        # The publishing window moves with the meeting: a series must not all expire on the original's date.
        shift = starts_at - copy.starts_at
        copy.publish_at = copy.publish_at and copy.publish_at + shift
        copy.unpublish_at = copy.unpublish_at and copy.unpublish_at + shift
        copy.starts_at = timezone.localtime(starts_at)
        copy.ends_at = copy.starts_at + duration
    copy.slug = slug or unique_slug(f"{event.slug}-{copy.starts_at:%Y-%m-%d}")
    copy.event_status = EventStatus.SCHEDULED
    copy.replaced_by = None
    copy.series = series
    # What residents heard at one meeting is that meeting's: a copy starts without notes.
    copy.heard_notes_published_at = None
    for code in language_codes():
        setattr(copy, localized_field("status_note", code), "")
        for name in HEARD_NOTES_FIELDS:
            setattr(copy, localized_field(name, code), "")
    if status is not None:
        copy.status = status
    copy.save()
    return copy


def duplicate_event(event):
    """A draft copy to edit into a new meeting, with no publishing dates of its own yet."""
    copy = copy_event(event, slug=unique_slug(f"{event.slug}-copy"), status=PublishStatus.DRAFT)
    copy.publish_at = copy.unpublish_at = None
    copy.save(update_fields=["publish_at", "unpublish_at"])
    return copy


@transaction.atomic
def repeat_weekly(event, until):
    """Separate meetings every 7 days after `event`, up to and including the date `until`.

    Each copy keeps the original's publishing status, so a published series is published at once; each can
    then be edited, moved or cancelled on its own, or with the rest of its series (`change_series`,
    `call_off`). A week that already has a meeting at that time and place
    (from running this before, or made by hand) is skipped, not doubled: returns (copies made, dates skipped).
    """
    copies, skipped = [], []
    # Copies of a copy belong to the first meeting's series, so the whole series is changed from any of them.
    origin = event.series or event
    # Wall-clock arithmetic in the site's time zone: a 7 p.m. meeting stays at 7 p.m. across a DST change.
    starts_at = timezone.localtime(event.starts_at) + datetime.timedelta(weeks=1)
    while starts_at.date() <= until:
        if Event.objects.filter(venue_id=event.venue_id, starts_at=starts_at).exists():
            skipped.append(starts_at.date())
        else:
            copies.append(copy_event(event, starts_at=starts_at, series=origin))
        starts_at += datetime.timedelta(weeks=1)
    return copies, skipped


# What "apply to the rest of the series" copies from the meeting edited: what it is, where, who runs it, not
# its own date, address on the site, publishing, status or what was heard at it.
SERIES_FIELDS = ["venue", "languages", "image", "image_alt", "host", "title", "summary", "description"]


def series_field_names():
    translated = set(Event.translated_field_names())
    return [
        localized_field(name, code) if name in translated else name
        for name in SERIES_FIELDS
        for code in (language_codes() if name in translated else [None])
    ]


@transaction.atomic
def change_series(event, changed):
    """
    Give the later meetings of `event`'s series what was just changed on it (`changed`: form field names), the
    time of day and length included; each keeps its own date. Returns the meetings changed.
    """
    fields = [name for name in series_field_names() if name in changed]
    moves = "starts_at" in changed or "ends_at" in changed
    if not fields and not moves:
        return []
    start = timezone.localtime(event.starts_at)
    duration = event.ends_at - event.starts_at
    later = list(event.later_in_series().select_for_update())
    for other in later:
        for name in fields:
            setattr(other, name, getattr(event, name))
        if moves:
            day = timezone.localtime(other.starts_at).date()
            other.starts_at = timezone.make_aware(datetime.datetime.combine(day, start.time().replace(tzinfo=None)))
            other.ends_at = other.starts_at + duration
        other.save()
    return later


@transaction.atomic
def call_off(events, status, *, notes, replacement=None, whole_series=False):
    """
    Cancel or postpone `events` (and, with `whole_series`, the later meetings of each one's series) with the
    reason residents will read (`notes`: {language code: text}, empty ones left to the source language) and the
    meeting that replaces them. Returns the meetings changed, each once.
    """
    chosen = {event.pk: event for event in events}
    if whole_series:
        for event in list(chosen.values()):
            for other in event.later_in_series().upcoming():
                chosen.setdefault(other.pk, other)
    changed = []
    for event in chosen.values():
        if event.pk == getattr(replacement, "pk", None):
            continue  # a meeting does not replace itself
        event.event_status = status
        for code in language_codes():
            setattr(event, localized_field("status_note", code), notes.get(code, ""))
        event.replaced_by = replacement
        event.save()
        changed.append(event)
    return changed
