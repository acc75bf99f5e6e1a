"""
The building blocks of every content model: translation tracking, publishing, named categories, and the
site-wide editing permission. The content apps subclass these; this app imports none of them.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from . import publication
from .i18n import active_language, localized_field, source_language, target_languages
from .publication import PublicationState, PublishStatus

# --- Translation status ---------------------------------------------------------------------------------------


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    COMPLETE = "complete", _("Complete")


_STATUS_RANK = {TranslationStatus.COMPLETE: 0, TranslationStatus.OUTDATED: 1, TranslationStatus.MISSING: 2}


def _as_text(value):
    if value is None:
        return ""
    if hasattr(value, "name") and not isinstance(value, str):  # FieldFile
        return value.name or ""
    return str(value)


class TranslatedContent(models.Model):
    """
    Content translated from the source language, whose translations are tracked.

    `translation_record` holds, per target language, the source text of each field at the moment that
    field's translation was last written. A translation is `outdated` when the source text has changed since,
    `missing` when the source has text and the translation has none. The status is stored so the admin can
    filter and the translation queue can list items without loading them all.

    `updated_at` is what the admin's edit-conflict check compares and the queue sorts by, so it lives here,
    once, for every content model (`editorial.checks` reports a model that breaks this contract).
    """

    translation_status = models.CharField(
        _("translation status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.COMPLETE,
        editable=False,
        db_index=True,
    )
    translation_record = models.JSONField(default=dict, blank=True, editable=False)
    # {language code: ISO moment} when that language's text last changed (or a translator or a minor source change
    # confirmed it): the date a page gives for the text it shows, and "the English changed on …" when outdated.
    text_changed_at = models.JSONField(default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_translation_status()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "translation_status",
                "translation_record",
                "text_changed_at",
                "updated_at",
            }
        super().save(*args, **kwargs)
        self._translation_snapshot = self._localized_values()
        self._confirmed_languages = set()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._translation_snapshot = instance._localized_values()
        return instance

    @classmethod
    def translated_field_names(cls):
        try:
            registered = translator.get_options_for_model(cls).all_fields
        except NotRegistered:
            return []
        return [field.name for field in cls._meta.fields if field.name in registered]

    def _localized_values(self):
        # Read loaded values only: a deferred field must not cost a query per instance.
        values = {}
        for field in self.translated_field_names():
            for code in [source_language(), *target_languages()]:
                name = localized_field(field, code)
                if name in self.__dict__:
                    values[name] = _as_text(self.__dict__[name])
        return values

    def _value(self, field, code):
        return _as_text(getattr(self, localized_field(field, code)))

    def confirm_translations(self, languages=None):
        """Record the translations in `languages` (all by default) as made from the current source text.

        Used when a translator saves their language, and when an editor marks a source change as minor.
        """
        if not hasattr(self, "_confirmed_languages"):
            self._confirmed_languages = set()
        self._confirmed_languages.update(languages or target_languages())

    def refresh_translation_status(self):
        before = getattr(self, "_translation_snapshot", {})
        confirmed = getattr(self, "_confirmed_languages", set())
        self.note_text_changes(before if hasattr(self, "_translation_snapshot") else None, confirmed)
        record = dict(self.translation_record or {})
        for code in target_languages():
            made_from = dict(record.get(code, {}))
            for field in self.translated_field_names():
                translation = self._value(field, code)
                if not translation:
                    made_from.pop(field, None)
                elif code in confirmed or translation != before.get(localized_field(field, code)):
                    made_from[field] = self._value(field, source_language())
            record[code] = made_from
        self.translation_record = record
        statuses = [self.translation_status_for(code) for code in target_languages()]
        self.translation_status = max(statuses, key=_STATUS_RANK.get, default=TranslationStatus.COMPLETE)

    def note_text_changes(self, before, confirmed):
        """
        Date each language whose text this save changes (or confirms as current). `before` is the text as loaded
        (None for a new item): a field that was not loaded was not changed.
        """
        dates = dict(self.text_changed_at or {})
        now = timezone.now().isoformat()
        for code in [source_language(), *target_languages()]:
            names = [localized_field(field, code) for field in self.translated_field_names()]
            if before is None:
                changed = any(_as_text(getattr(self, name)) for name in names)
            else:
                changed = any(_as_text(getattr(self, name)) != before[name] for name in names if name in before)
            if changed or code in confirmed:
                dates[code] = now
        self.text_changed_at = dates

    def text_date(self, code=None):
        """When the text in `code` (the active language) last changed: its own date, not the page's."""
        code = code or active_language()
        moment = (self.text_changed_at or {}).get(code)
        return datetime.datetime.fromisoformat(moment) if moment else None

    def translation_status_for(self, code):
        made_from = (self.translation_record or {}).get(code, {})
        status = TranslationStatus.COMPLETE
        for field in self.translated_field_names():
            source, translation = self._value(field, source_language()), self._value(field, code)
            if source and not translation:
                return TranslationStatus.MISSING
            if translation and made_from.get(field) != source:
                status = TranslationStatus.OUTDATED
        return status

    def source_changes(self, code):
        """Fields whose source text changed since their translation into `code`: [(field, old, new)]."""
        made_from = (self.translation_record or {}).get(code, {})
        changes = []
        for field in self.translated_field_names():
            source = self._value(field, source_language())
            if self._value(field, code) and made_from.get(field) != source:
                changes.append((field, made_from.get(field, ""), source))
        return changes

    def falls_back(self, field, code=None):
        """True when `field` is shown in the source language because `code` (the active one) has no text."""
        code = code or active_language()
        if code == source_language():
            return False
        return not self._value(field, code) and bool(self._value(field, source_language()))

    def fallback_fields(self, code=None):
        return [field for field in self.translated_field_names() if self.falls_back(field, code)]


# --- Publishing -----------------------------------------------------------------------------------------------


class PublishableQuerySet(models.QuerySet):
    """What the public may see, and where each item stands, by the one rule in `editorial.publication`."""

    def in_state(self, state, at=None):
        return self.filter(publication.state_conditions(publication.moment(at))[state])

    def published(self, at=None):
        """Visible to the public at `at` (now by default): every public view starts here."""
        return self.in_state(PublicationState.LIVE, at)

    def scheduled(self, at=None):
        return self.in_state(PublicationState.SCHEDULED, at)

    def expired(self, at=None):
        return self.in_state(PublicationState.EXPIRED, at)

    def drafts(self):
        return self.in_state(PublicationState.DRAFT)


class PublishableContent(TranslatedContent):
    """Translated content with a publishing status and window. Visibility is decided by the one rule alone."""

    status = models.CharField(
        _("publishing status"),
        max_length=10,
        choices=PublishStatus.choices,
        default=PublishStatus.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Leave empty to publish as soon as it is saved.")
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"), null=True, blank=True, help_text=_("Leave empty to keep it published.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PublishableQuerySet.as_manager()

    # Fields whose future values are moments when what the public sees can change (a page cache must not
    # outlive the next one). Subclasses add their own, such as a meeting's end (it leaves "upcoming").
    visibility_boundaries = ("publish_at", "unpublish_at")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if errors := self.cross_field_errors():
            raise ValidationError(errors)

    def cross_field_errors(self):
        """{field: message} for values that are wrong together; subclasses extend it (and call super)."""
        errors = {}
        if self.publish_at and self.unpublish_at and self.unpublish_at <= self.publish_at:
            errors["unpublish_at"] = _("Unpublish after the publishing date, or leave one of them empty.")
        return errors

    def publication_state(self, at=None):
        return publication.state_of(self, at)

    def get_publication_state_display(self, at=None):
        return PublicationState(self.publication_state(at)).label

    @property
    def is_published(self):
        return self.publication_state() == PublicationState.LIVE


class PublishablePage(PublishableContent):
    """Publishable content with a page of its own: a title, and one slug (address) shared by every language."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The page's web address. The same in every language; do not change it once shared."),
    )

    # The URL name of the page, reversed with the slug ("events:event-detail").
    detail_url_name = None

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse(self.detail_url_name, kwargs={"slug": self.slug})


# Long enough for a readable address, short enough to leave room for a "-2" when two items read the same.
SLUG_BASE_LENGTH = 80


def unique_slug(model, text, *, fallback, exclude_pk=None):
    """
    A slug for a new item of `model` made from `text` (or `fallback` when it has no letters or digits), cut at a
    word under SLUG_BASE_LENGTH characters and numbered ("-2", "-3") when taken: one query.
    """
    base = slugify(text) or slugify(fallback)
    if len(base) > SLUG_BASE_LENGTH:
        base = base[:SLUG_BASE_LENGTH].rsplit("-", 1)[0]
    taken = set(model._base_manager.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class SluggedContent(models.Model):
    """
    Translated content with a page of its own but no title field: its address is a slug shared by every language,
    made from the source-language text of `slug_source` when staff leave it empty.
    """

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The page's web address, the same in every language. Leave it empty to make one from the text; "
            "do not change it once shared."
        ),
    )

    slug_source = None  # the translated field the slug is made from ("question")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.slug_text(), fallback=self._meta.model_name, exclude_pk=self.pk)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def slug_text(self):
        """The source-language text, else the first translation there is (a resident's question in Spanish)."""
        codes = [source_language(), *target_languages()]
        texts = (getattr(self, localized_field(self.slug_source, code)) for code in codes)
        return next((str(text) for text in texts if text), "")


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, PublishableContent)]


def next_visibility_change(at=None):
    """
    The first moment after `at` when anything published could appear, disappear or move (or None): one query
    over every publishable model and its `visibility_boundaries`.
    """
    at = publication.moment(at)
    queries = [
        # Grouped by a constant, which Django leaves out: one MIN() row per table and field, all in one UNION.
        model._base_manager.filter(status=PublishStatus.PUBLISHED, **{f"{field}__gt": at})
        .order_by()
        .annotate(everything=Value(1, output_field=models.IntegerField()))
        .values("everything")
        .annotate(first=Min(field))
        .values_list("first")
        for model in publishable_models()
        for field in model.visibility_boundaries
    ]
    if not queries:
        return None
    moments = [value for (value,) in queries[0].union(*queries[1:], all=True) if value is not None]
    return min(moments, default=None)


# --- Categories -----------------------------------------------------------------------------------------------


class Category(TranslatedContent):
    """A named, ordered group of content (FAQ categories, policy topics)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return str(self.name)


# --- The site-wide editing permission -------------------------------------------------------------------------


class ContentPermission(Permission):
    """
    The permissions about all content rather than one model; today one: editing the source language, dates,
    images and publishing. Staff without it are translators. A proxy of Django's permissions: it has no table,
    and its content type gives the permission its name, `editorial.edit_source_content`.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            (
                "edit_source_content",
                _("Can edit source-language text, dates, images and publishing (not only translations)"),
            ),
        ]
        verbose_name = _("permission about all content")
        verbose_name_plural = _("permissions about all content")


def site_settings():
    """The site's one settings row (name, numbers, official address), from the model `SITE_SETTINGS_MODEL` names.

    The building blocks and content apps need the site's name and address but sit below the app that owns them,
    so they reach it through configuration, as Django's apps reach the user model through AUTH_USER_MODEL.
    """
    return apps.get_model(settings.SITE_SETTINGS_MODEL).load()


# --- The page cache's content stamp -----------------------------------------------------------------------------


class PageCacheStamp(models.Model):
    """
    The content stamp of the page cache (`editorial.pagecache`), as one row, for sites whose cache each process
    keeps to itself (Django's local-memory cache): the database is then the one place every process reads.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    # When the pages made under this token stop being right (the next scheduled change; empty: none is known)...
    valid_until = models.DateTimeField(null=True)
    # ...once it has been worked out, by the first request after the token was made.
    settled = models.BooleanField(default=False)

    class Meta:
        default_permissions = ()
        verbose_name = _("page cache stamp")

    def __str__(self):
        return self.token


# --- Counters every process shares ------------------------------------------------------------------------------


class SharedCounter(models.Model):
    """
    A counter in the database, so that every worker of every server counts together (editorial/counters.py):
    failed staff logins and the ask form's rate limit. A local-memory cache would count per process. The key is
    always a keyed hash (HMAC with SECRET_KEY) of what is counted, never a name or an address.
    """

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    # The counter starts again from nothing after this moment (and the row may be deleted).
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        default_permissions = ()
        verbose_name = _("shared counter")

    def __str__(self):
        return self.key


# --- "Was this helpful?" ----------------------------------------------------------------------------------------


class HelpfulCount(models.Model):
    """
    How many readers of one page, in one language, on one day, answered "yes" or "no" to "Was this page helpful?"
    (editorial/helpful.py). Only the two counts: no cookie, address, browser or time of day is kept with them, so a
    vote cannot be traced to anyone. Each vote is one `UPDATE ... SET yes = yes + 1`, safe when readers vote at once.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=10)
    day = models.DateField(_("day"))
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)

    class Meta:
        default_permissions = ()
        verbose_name = _("helpful count")
        verbose_name_plural = _("helpful counts")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "day"], name="helpful_count_one_row_per_page_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="helpful_count_day")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.language} {self.day}: +{self.yes} -{self.no}"
