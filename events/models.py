import datetime
import urllib.parse

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, Transpose

from editorial.fields import RichTextField, SpokenLanguagesField, spoken_language_names
from editorial.links import absolute_url
from editorial.models import PublishablePage, PublishableQuerySet, TranslatedContent
from editorial.uploads import PictureField


class Venue(TranslatedContent):
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, db_index=True)
    state = models.CharField(_("state"), max_length=50, blank=True, default="TX")
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    directions = models.TextField(
        _("directions"), blank=True, help_text=_("Parking, which door to use, nearby bus or train stops.")
    )
    accessibility_notes = models.TextField(
        _("accessibility notes"), blank=True, help_text=_("Step-free access, hearing loop, childcare, seating.")
    )

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def address_lines(self):
        locality = ", ".join(part for part in [self.city, f"{self.state} {self.postal_code}".strip()] if part)
        return [line for line in [self.street_address, locality] if line]

    @property
    def one_line_address(self):
        return ", ".join([str(self.name), *self.address_lines])

    @property
    def map_url(self):
        """A plain link to OpenStreetMap: the site embeds no map, so opening it is the resident's choice."""
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=17/{self.latitude}/{self.longitude}"
            )
        query = ", ".join(part for part in [self.street_address, self.city, self.state] if part)
        if not self.street_address:
            query = f"{self.name}, {query}"
        return "https://www.openstreetmap.org/search?" + urllib.parse.urlencode({"query": query})


# A meeting's image is shown only as renditions that imagekit makes when the image is saved (the Optimistic
# cache-file strategy, settings.py), never as the upload itself: 16:9, JPEG and WebP at these widths. The
# renditions carry no EXIF data, so a phone photo's location never reaches the site. README, "Images".
IMAGE_WIDTHS = (480, 960, 1440)
IMAGE_FORMATS = {
    "jpeg": ("JPEG", {"quality": 75, "optimize": True, "progressive": True}),
    "webp": ("WEBP", {"quality": 72, "method": 6}),
}


def image_height(width):
    return width * 9 // 16


def image_rendition(width, kind):
    image_format, options = IMAGE_FORMATS[kind]
    return ImageSpecField(
        source="image",
        # Transpose first: phone photos are stored sideways with an EXIF orientation that the rendition drops.
        processors=[Transpose(), ResizeToFill(width, image_height(width))],
        format=image_format,
        options=options,
    )


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


# The longest a meeting may last (a longer one is a series). Knowing it lets "upcoming" and "past" bound the start
# too, so the database reads only the meetings around now from the (status, starts_at) index, not every past one.
MAX_MEETING_LENGTH = datetime.timedelta(days=7)


# The translated fields published separately from the meeting (on their own date, after it ended).
HEARD_NOTES_FIELDS = ("heard_notes",)


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Meetings that have not ended yet, soonest first (one in progress still counts)."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now, starts_at__gte=now - MAX_MEETING_LENGTH).order_by("starts_at", "pk")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__lt=now, starts_at__lt=now).order_by("-starts_at", "-pk")

    def in_city(self, city):
        return self.filter(venue__city__iexact=city)

    def in_month(self, year, month):
        """Meetings starting in that calendar month, in the site's time zone."""
        zone = timezone.get_current_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=zone)
        following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
        return self.filter(starts_at__gte=first, starts_at__lt=following)

    def going_ahead(self):
        """Neither cancelled nor postponed."""
        return self.filter(event_status=EventStatus.SCHEDULED)

    def with_places(self):
        """With what a meeting's card, page, feed item and calendar entry show: its place, and its replacement's."""
        return self.select_related("venue", "replaced_by__venue")

    def cities(self):
        return list(self.order_by("venue__city").values_list("venue__city", flat=True).distinct())

    def months(self):
        return list(self.order_by().datetimes("starts_at", "month"))


class Event(PublishablePage):
    summary = models.TextField(_("summary"), max_length=400, help_text=_("One or two plain sentences."))
    description = RichTextField(_("description"))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="events", verbose_name=_("venue"))
    languages = SpokenLanguagesField(_("languages spoken"))
    host = models.CharField(_("host"), max_length=200, blank=True, help_text=_("Who runs the meeting."))
    event_status = models.CharField(
        _("meeting status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        db_index=True,
    )
    status_note = models.CharField(
        _("status note"),
        max_length=300,
        blank=True,
        help_text=_("Why it was cancelled or postponed, and what to do instead."),
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replacement meeting"),
        help_text=_("Where residents should go instead of this cancelled or postponed meeting."),
    )
    series = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="repeats",
        verbose_name=_("repeat of"),
        help_text=_("The meeting this one was repeated from, weekly."),
    )
    image = PictureField(
        _("image"),
        upload_to="events/",
        blank=True,
        help_text=_(
            "A photo or picture as JPEG, PNG or WebP. What the camera recorded with it (such as a GPS position) is "
            "removed."
        ),
    )
    image_alt = models.CharField(
        _("image description"), max_length=250, blank=True, help_text=_("What the image shows, for screen readers.")
    )

    # After the meeting: what residents asked and what they were told, published on its own (a meeting's page is
    # public long before its notes are written). Each occurrence of a series has its own.
    heard_notes = RichTextField(
        _("what we heard"),
        # Empty text rather than no value, in every language's column too: the admin saves an empty box as "", and a
        # NULL there would make the first save of every meeting list the notes as changed in its history.
        default="",
        # Kept by the database too: the release before this field inserts meetings without it while both releases
        # serve during a rolling deploy (README, "Rolling deploys").
        db_default="",
        help_text=_(
            "The questions residents asked and the answers they were given: each question as a small heading, its "
            "answer below. Shown on the meeting's page once the meeting has ended and the notes are published. No "
            "names or anything else that identifies anyone."
        ),
    )
    heard_notes_published_at = models.DateTimeField(
        _("notes published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the notes were published. Empty: they are a draft only staff can see."),
    )

    image_jpeg_480 = image_rendition(480, "jpeg")
    image_jpeg_960 = image_rendition(960, "jpeg")
    image_jpeg_1440 = image_rendition(1440, "jpeg")
    image_webp_480 = image_rendition(480, "webp")
    image_webp_960 = image_rendition(960, "webp")
    image_webp_1440 = image_rendition(1440, "webp")

    objects = EventQuerySet.as_manager()

    # A meeting leaves the upcoming list when it ends.
    visibility_boundaries = (*PublishablePage.visibility_boundaries, "ends_at")
    detail_url_name = "events:event-detail"

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["status", "starts_at"])]

    def cross_field_errors(self):
        errors = super().cross_field_errors()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        elif self.starts_at and self.ends_at and self.ends_at - self.starts_at > MAX_MEETING_LENGTH:
            errors["ends_at"] = _("A meeting lasts at most 7 days. For longer, repeat it as a series.")
        if self.image and not self.image_alt:
            errors["image_alt"] = _("Describe the image for people who cannot see it.")
        return errors

    def image_renditions(self, kind):
        """The image's renditions in one format ("jpeg" or "webp"), smallest first, as (file, width, height)."""
        return [(getattr(self, f"image_{kind}_{width}"), width, image_height(width)) for width in IMAGE_WIDTHS]

    @property
    def is_cancelled(self):
        return self.event_status == EventStatus.CANCELLED

    @property
    def is_postponed(self):
        return self.event_status == EventStatus.POSTPONED

    @property
    def is_called_off(self):
        """Cancelled or postponed: it will not happen at the time shown."""
        return self.event_status in (EventStatus.CANCELLED, EventStatus.POSTPONED)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def heard_notes_are_public(self):
        """
        The notes are on the page and in search: published after the meeting ended (the admin refuses earlier, and
        dates them the moment they are published), and the meeting was not called off. Decided by stored dates, not
        by the clock, so the search index, written when the meeting is saved, never holds notes the page does not
        show.
        """
        published = self.heard_notes_published_at
        return (
            published is not None
            and self.ends_at <= published <= timezone.now()
            and self.event_status == EventStatus.SCHEDULED
        )

    def text_is_public(self, field):
        """Whether the public may read the translated field `field` of a published meeting (search, notices)."""
        return field not in HEARD_NOTES_FIELDS or self.heard_notes_are_public

    @property
    def public_text(self):
        """The meeting as its page shows it, for the translation notices (`{% fallback_notice %}`)."""
        return PublicText(self)

    @property
    def language_names(self):
        return spoken_language_names(self.languages or [])

    def later_in_series(self):
        """The meetings repeated from the same original that start after this one (the original included)."""
        origin = self.series_id or self.pk
        same_series = models.Q(series_id=origin) | models.Q(pk=origin)
        return Event.objects.filter(same_series, starts_at__gt=self.starts_at).exclude(pk=self.pk)

    @property
    def replacement(self):
        """
        The meeting named to replace this one, when the public can see it and it is still going ahead (lists load
        it with `select_related("replaced_by__venue")`).
        """
        other = self.replaced_by if self.replaced_by_id else None
        if other is not None and other.is_published and not other.is_past and not other.is_called_off:
            return other
        return None

    def called_off_lines(self):
        """For feeds and calendars: why it will not happen and where to go instead; empty when it goes ahead."""
        if not self.is_called_off:
            return []
        return [str(line) for line in [self.status_note, self.replacement_note()] if line]

    def replacement_note(self):
        """ "Instead: <title>, <when>, <city>: <address>", for feeds and calendars; empty without a replacement."""
        replacement = self.replacement
        if replacement is None:
            return ""
        when = formats.date_format(timezone.localtime(replacement.starts_at), "DATETIME_FORMAT")
        return gettext("Instead: %(title)s, %(when)s, %(city)s: %(url)s") % {
            "title": replacement.title,
            "when": when,
            "city": replacement.venue.city,
            "url": absolute_url(replacement.get_absolute_url()),
        }

    def next_nearby(self):
        """The next published meeting going ahead in the same city, else anywhere: where to go instead."""
        going_ahead = Event.objects.published().upcoming().going_ahead()
        others = going_ahead.exclude(pk=self.pk).select_related("venue")
        return others.in_city(self.venue.city).first() or others.first()


class PublicText:
    """
    A meeting as the public reads it, for the notices about its translation: notes that are still a draft are not
    on the page, so their missing or outdated Spanish must not make the page say that part of it is. Everything
    else is the meeting's own.
    """

    def __init__(self, event):
        self._event = event

    def __getattr__(self, name):
        return getattr(self._event, name)

    def fallback_fields(self, code=None):
        return [field for field in self._event.fallback_fields(code) if self._event.text_is_public(field)]

    def source_changes(self, code):
        return [change for change in self._event.source_changes(code) if self._event.text_is_public(change[0])]
