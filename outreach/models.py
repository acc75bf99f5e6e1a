import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from modeltranslation.translator import NotRegistered, translator

from .fields import SpokenLanguagesField, spoken_language_names
from .i18n import active_language, localized_field, source_language, target_languages


def validate_site_link(value):
    """A link is a path on this site or an https address: never javascript:, data: or plain http."""
    is_path = value.startswith("/") and not value.startswith("//") and "\\" not in value
    if not is_path and not value.startswith("https://"):
        raise ValidationError(_('Use a page on this site ("/en/…") or an address starting with https://.'))


# The rich-text toolbar every content field shares. The sanitizer is derived from this list, so what the editor
# can produce is exactly what survives saving.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}


class RichTextField(ProseEditorField):
    """Rich text with the site's one toolbar, sanitized on every save (forms, shell, imports and seeding)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value:
            value = self.sanitize(value)
            setattr(model_instance, self.attname, value)
        return value


# --- Publishing -----------------------------------------------------------------------------------------------


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        """What the public may see at `at` (now by default): published, and inside its publishing window."""
        at = at or timezone.now()
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=at),
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=at),
            status=PublishStatus.PUBLISHED,
        )


class Publishable(models.Model):
    """Publishing fields every content model shares. Visibility is decided by `published()` alone."""

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
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        now = timezone.now()
        return (
            self.status == PublishStatus.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )


# --- Translation status -----------------------------------------------------------------------------------------


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


class TranslationTracked(models.Model):
    """
    Knows, for every translated field, which source-language text each translation was made from.

    `translation_record` holds, per target language, the source text of each field at the moment that
    field's translation was last written. A translation is `outdated` when the source text has changed since,
    `missing` when the source has text and the translation has none. The status is stored so the admin can
    filter and the translation queue can list items without loading them all.
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

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_translation_status()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "translation_status", "translation_record"}
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


# --- Site settings ----------------------------------------------------------------------------------------------


class SiteSettings(TranslationTracked):
    """The department and program this site belongs to: one row, edited in the admin."""

    CACHE_KEY = "outreach:site-settings"
    CONTACTS_KEY = "outreach:last-known-contacts"

    organization_name = models.CharField(_("organization name"), max_length=200, default="Police Department")
    program_name = models.CharField(_("program name"), max_length=200, default="Community Outreach Program")
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    emergency_number = models.CharField(_("emergency number"), max_length=30, default="911")
    non_emergency_number = models.CharField(_("non-emergency number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    official_domain = models.CharField(
        _("official web address"),
        max_length=200,
        blank=True,
        help_text=_('The address residents should see in their browser, such as "outreach.example.org".'),
    )
    chief_message = RichTextField(_("message from the chief"))
    privacy_notice = RichTextField(
        _("privacy notice"),
        help_text=_("What the site collects and keeps. Shown at the privacy page, linked from every page."),
    )
    privacy_notice_updated = models.DateField(_("privacy notice last updated"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        # Site-wide permissions live here, on the core's one settings model.
        permissions = [
            (
                "edit_source_content",
                _("Can edit source-language text, dates, images and publishing (not only translations)"),
            ),
        ]

    def __str__(self):
        return str(self.program_name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        self.remember_contacts()

    @classmethod
    def load(cls):
        """The one settings row, from the cache when it can be (pages read it on every request)."""
        settings_row = cache.get(cls.CACHE_KEY)
        if settings_row is None:
            settings_row, _created = cls.objects.get_or_create(pk=1)
            # A short timeout bounds how stale a per-process cache can be after an edit in another process.
            cache.set(cls.CACHE_KEY, settings_row, 60)
            settings_row.remember_contacts()
        return settings_row

    def remember_contacts(self):
        cache.set(
            self.CONTACTS_KEY,
            {"emergency": self.emergency_number, "non_emergency": self.non_emergency_number},
            timeout=None,
        )

    @classmethod
    def contact_numbers(cls):
        """The phone numbers to show when the database cannot be reached: the last ones seen, else settings."""
        return cache.get(cls.CONTACTS_KEY) or {
            "emergency": settings.EMERGENCY_NUMBER,
            "non_emergency": settings.NON_EMERGENCY_NUMBER,
        }


# --- FAQ ----------------------------------------------------------------------------------------------------------


class Category(TranslationTracked):
    """A named, ordered group of content (FAQ categories, policy topics)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return str(self.name)


class FaqCategory(Category):
    class Meta(Category.Meta):
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")


class FaqEntryQuerySet(PublishableQuerySet):
    def highlighted(self):
        return self.filter(is_highlighted=True)


class FaqEntry(Publishable, TranslationTracked):
    question = models.CharField(_("question"), max_length=300)
    answer = RichTextField(_("answer"))
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    related_policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entries",
        verbose_name=_("related policy"),
    )
    is_highlighted = models.BooleanField(
        _("show on the home page"), default=False, help_text=_("A few of the most asked questions.")
    )

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "category", "order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self):
        return str(self.question)

    def get_absolute_url(self):
        return f"{reverse('outreach:faq')}#{self.anchor}"

    @property
    def anchor(self):
        """The entry's fragment on the FAQ page: the same in every language, stable when the text changes."""
        return f"faq-{self.pk}"


# --- Resources ----------------------------------------------------------------------------------------------------


class ResourceCategory(models.TextChoices):
    LEGAL_AID = "legal-aid", _("Legal aid")
    CONSULATE = "consulate", _("Consulates")
    VICTIM_SERVICES = "victim-services", _("Victim services")
    HOTLINE = "hotline", _("Hotlines")
    OTHER = "other", _("Other help")


class Resource(Publishable, TranslationTracked):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), help_text=_("What they help with, plainly."))
    category = models.CharField(_("category"), max_length=20, choices=ResourceCategory.choices, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    languages = SpokenLanguagesField(_("languages served"))
    is_free = models.BooleanField(_("free of charge"), default=True)
    last_verified = models.DateField(_("last verified"), help_text=_("When someone last checked these details."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["category", "order", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return f"{reverse('outreach:resource-list')}?category={self.category}#resource-{self.pk}"

    @property
    def language_names(self):
        return spoken_language_names(self.languages or [])


# --- Alerts and rumor control ---------------------------------------------------------------------------------


class AlertLevel(models.TextChoices):
    INFO = "info", _("Information")
    URGENT = "urgent", _("Urgent")


class AlertQuerySet(PublishableQuerySet):
    def active(self, at=None):
        """Published alerts whose time window contains `at` (now): the banner appears and goes on its own."""
        at = at or timezone.now()
        return (
            self.published(at)
            .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=at), Q(ends_at__isnull=True) | Q(ends_at__gt=at))
            .order_by("-level", "-starts_at", "-pk")
        )


class Alert(Publishable, TranslationTracked):
    message = models.CharField(_("message"), max_length=300)
    link = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        validators=[validate_site_link],
        help_text=_('A page on this site ("/en/events/…") or a full https:// address.'),
    )
    level = models.CharField(_("level"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.INFO)
    starts_at = models.DateTimeField(_("show from"), null=True, blank=True, help_text=_("Empty: right away."))
    ends_at = models.DateTimeField(_("show until"), null=True, blank=True, help_text=_("Empty: until removed."))

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return str(self.message)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The alert must end after it starts.")})

    @property
    def is_urgent(self):
        return self.level == AlertLevel.URGENT

    @property
    def is_active(self):
        now = timezone.now()
        return (
            self.is_published
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or self.ends_at > now)
        )


class FactCheck(Publishable, TranslationTracked):
    claim = models.CharField(
        _("claim"), max_length=300, help_text=_('The rumor, as people repeat it: "Police are checking papers at…"')
    )
    facts = RichTextField(_("what is true"))
    published_on = models.DateField(_("date"), default=timezone.localdate)
    related_policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fact_checks",
        verbose_name=_("related policy"),
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("fact check")
        verbose_name_plural = _("fact checks")

    def __str__(self):
        return str(self.claim)

    def get_absolute_url(self):
        return f"{reverse('outreach:fact-check-list')}#{self.anchor}"

    @property
    def anchor(self):
        return f"fact-check-{self.pk}"


# --- Residents' questions -----------------------------------------------------------------------------------------


class QuestionState(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    CONVERTED = "converted", _("Turned into an FAQ entry")
    SPAM = "spam", _("Spam")


class QuestionQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Questions past retention: everything after QUESTION_RETENTION_DAYS, spam after SPAM_RETENTION_DAYS."""
        now = now or timezone.now()
        return self.filter(
            Q(created_at__lt=now - datetime.timedelta(days=settings.QUESTION_RETENTION_DAYS))
            | Q(state=QuestionState.SPAM, created_at__lt=now - datetime.timedelta(days=settings.SPAM_RETENTION_DAYS))
        )


class Question(models.Model):
    """
    A resident's question, asked without giving a name. By construction it holds nothing that identifies the
    asker: no name, email, address, IP address, user agent or session. The time is kept to the hour only, so it
    cannot be matched against a web server's log.
    """

    text = models.TextField(_("question"))
    language = models.CharField(_("language"), max_length=10)
    topic = models.ForeignKey(
        FaqCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("topic"),
    )
    created_at = models.DateTimeField(_("received (to the hour)"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=QuestionState.choices, default=QuestionState.NEW, db_index=True
    )
    staff_note = models.TextField(_("staff note"), blank=True, help_text=_("Only staff see this."))
    faq_entry = models.ForeignKey(
        FaqEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_questions",
        verbose_name=_("FAQ entry"),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question from a resident")
        verbose_name_plural = _("questions from residents")

    def __str__(self):
        # Not the text: this string is copied into the admin's change log, which outlives the question.
        return _("Question %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        if self.created_at is None:
            self.created_at = timezone.now().replace(minute=0, second=0, microsecond=0)
        super().save(*args, **kwargs)
