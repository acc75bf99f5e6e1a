import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial import pagecache, publication
from editorial.fields import RichTextField, SiteLinkField, SpokenLanguagesField, spoken_language_names
from editorial.helpful import asks_if_helpful
from editorial.models import Category, PublishableContent, PublishableQuerySet, SluggedContent, TranslatedContent
from editorial.roles import editors_only


def related_policy_field(related_name):
    """The link from a piece of the site's content to the policy it explains (kept if the policy goes)."""
    return models.ForeignKey(
        "policies.Policy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("related policy"),
    )


# --- Site settings ----------------------------------------------------------------------------------------------


class SiteSettings(TranslatedContent):
    """The department and program this site belongs to: one row, edited in the admin."""

    CACHE_KEY = "outreach:site-settings"
    CONTACTS_KEY = "outreach:last-known-contacts"

    organization_name = models.CharField(_("organization name"), max_length=200, default="Police Department")
    program_name = models.CharField(_("program name"), max_length=200, default="Community Outreach Program")
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    emergency_number = models.CharField(_("emergency number"), max_length=30, default="911")
    non_emergency_number = models.CharField(_("non-emergency number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    chief_message = RichTextField(_("message from the chief"))
    privacy_notice = RichTextField(
        _("privacy notice"),
        help_text=_("What the site collects and keeps. Shown at the privacy page, linked from every page."),
    )
    privacy_notice_updated = models.DateField(_("privacy notice last updated"), null=True, blank=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(self.program_name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        self.remember_contacts()

    @classmethod
    def load(cls):
        """The one settings row, from the cache when it can be (pages read it on every request).

        Keyed with the page cache's content stamp: a page made after an edit in another process (whose cache may
        be this process's own memory) never shows the settings from before it.
        """
        key = pagecache.scoped_key(cls.CACHE_KEY)
        settings_row = cache.get(key)
        if settings_row is None:
            settings_row, _created = cls.objects.get_or_create(pk=1)
            # Outside a request there is no stamp: a short timeout bounds how stale that can be.
            cache.set(key, settings_row, 60)
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


class FaqCategory(Category):
    class Meta(Category.Meta):
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")

    def get_absolute_url(self):
        return reverse("outreach:faq-category", kwargs={"category": self.slug})


class FaqEntryQuerySet(PublishableQuerySet):
    def published(self, at=None):
        # An entry's address names its category, so whatever shows an entry to the public needs the category too.
        return super().published(at).select_related("category")

    def highlighted(self):
        return self.filter(is_highlighted=True)

    def in_category_order(self):
        """Highlighted questions first, then in the order staff gave them."""
        return self.order_by(*FaqEntry.CATEGORY_ORDERING)


@asks_if_helpful(select_related=["category"])
class FaqEntry(SluggedContent, PublishableContent):
    question = models.CharField(_("question"), max_length=300)
    answer = RichTextField(_("answer"))
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    related_policy = related_policy_field("faq_entries")
    related_guide = models.ForeignKey(
        "guides.Guide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entries",
        verbose_name=_("step-by-step guide"),
        help_text=_("The guide that says what to do next, linked under the answer."),
    )
    is_highlighted = models.BooleanField(
        _("show on the home page"), default=False, help_text=_("A few of the most asked questions.")
    )

    objects = FaqEntryQuerySet.as_manager()

    slug_source = "question"
    # Within a category: what the FAQ index shows first and the order of the category's pages.
    CATEGORY_ORDERING = ("-is_highlighted", "order", "pk")

    class Meta:
        ordering = ["category__order", "category", "order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self):
        return str(self.question)

    def get_absolute_url(self):
        """The entry's own page, under its category (an old address redirects there when it moves)."""
        return reverse("outreach:faq-entry", kwargs={"category": self.category.slug, "slug": self.slug})

    @property
    def anchor(self):
        """The entry's fragment on its category's page: the same in every language, stable when the text changes."""
        return f"faq-{self.pk}"


# --- Resources ----------------------------------------------------------------------------------------------------


class ResourceCategory(models.TextChoices):
    LEGAL_AID = "legal-aid", _("Legal aid")
    CONSULATE = "consulate", _("Consulates")
    VICTIM_SERVICES = "victim-services", _("Victim services")
    HOTLINE = "hotline", _("Hotlines")
    OTHER = "other", _("Other help")


class ResourceQuerySet(PublishableQuerySet):
    def serving(self, code):
        """Resources that serve people in the language `code`."""
        # A JSON list of codes, matched as text with its quotes ('"es"'), which both databases can do.
        return self.filter(languages__icontains=f'"{code}"')

    def free(self):
        return self.filter(is_free=True)

    def free_legal_help(self):
        return self.free().filter(category=ResourceCategory.LEGAL_AID)


class Resource(SluggedContent, PublishableContent):
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

    objects = ResourceQuerySet.as_manager()

    slug_source = "name"

    class Meta:
        ordering = ["category", "order", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return reverse("outreach:resource-detail", kwargs={"slug": self.slug})

    @property
    def anchor(self):
        return f"resource-{self.pk}"

    @property
    def category_url(self):
        return resource_category_url(self.category)

    @property
    def language_names(self):
        return spoken_language_names(self.languages or [])


# --- Alerts and rumor control ---------------------------------------------------------------------------------


class AlertLevel(models.TextChoices):
    INFO = "info", _("Information")
    URGENT = "urgent", _("Urgent")


def alert_showing(at):
    """A published alert whose own time window contains `at`: the banner appears and goes on its own."""
    return publication.live(at) & publication.window_is_open(at, "starts_at", "ends_at")


class AlertQuerySet(PublishableQuerySet):
    def active(self, at=None):
        return self.filter(alert_showing(publication.moment(at))).order_by("-level", "-starts_at", "-pk")


class Alert(PublishableContent):
    message = models.CharField(_("message"), max_length=300)
    link = SiteLinkField(_("link"), help_text=_('A page on this site ("/en/events/…") or a full https:// address.'))
    level = models.CharField(_("level"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.INFO)
    starts_at = models.DateTimeField(_("show from"), null=True, blank=True, help_text=_("Empty: right away."))
    ends_at = models.DateTimeField(_("show until"), null=True, blank=True, help_text=_("Empty: until removed."))

    objects = AlertQuerySet.as_manager()

    visibility_boundaries = (*PublishableContent.visibility_boundaries, "starts_at", "ends_at")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return str(self.message)

    def cross_field_errors(self):
        errors = super().cross_field_errors()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The alert must end after it starts.")
        return errors

    @property
    def is_urgent(self):
        return self.level == AlertLevel.URGENT

    @property
    def is_active(self):
        return publication.holds(alert_showing(publication.moment()), self)


def resource_category_url(category):
    return f"{reverse('outreach:resource-list')}?{urlencode({'category': category})}"


class FactCheck(SluggedContent, PublishableContent):
    claim = models.CharField(
        _("claim"), max_length=300, help_text=_('The rumor, as people repeat it: "Police are checking papers at…"')
    )
    facts = RichTextField(_("what is true"))
    published_on = models.DateField(_("date"), default=timezone.localdate)
    related_policy = related_policy_field("fact_checks")

    slug_source = "claim"

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("fact check")
        verbose_name_plural = _("fact checks")

    def __str__(self):
        return str(self.claim)

    def get_absolute_url(self):
        return reverse("outreach:fact-check-detail", kwargs={"slug": self.slug})

    @property
    def anchor(self):
        """The fact check's fragment on the list, kept for the links made before each had a page."""
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


@editors_only
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


# --- Search index -------------------------------------------------------------------------------------------------


class SearchEntry(models.Model):
    """
    One searchable item in one language: the index that `search.py` keeps current on every save and delete, and
    queries. Nobody edits it; `manage.py rebuild_search_index` rebuilds it from the content.

    The item's publishing fields are copied so that the one publication rule (`editorial.publication.live()`)
    decides visibility in the index query itself: a scheduled item appears at its moment without reindexing.
    The text lives in `SearchText`, so that the rows a search reads and ranks by the thousand stay narrow.

    The full-text side is made by migration 0008: on PostgreSQL a GIN index on `vector` (computed from the text
    with the language's text search configuration on every write); on SQLite an FTS5 table over `SearchText`
    (`outreach_searchtext_fts`, rowid = this row's id) that triggers keep in step. A migration that remakes the
    `SearchText` table on SQLite must create those triggers again.
    """

    kind = models.CharField(max_length=100)  # the model's label, "events.event": its content type, with no query
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=15)
    status = models.CharField(max_length=10)
    publish_at = models.DateTimeField(null=True)
    unpublish_at = models.DateTimeField(null=True)
    # The text is the source language's because the translation is empty (the reader is told).
    title_is_fallback = models.BooleanField(default=False)
    body_is_fallback = models.BooleanField(default=False)
    # PostgreSQL only (always empty on SQLite, where the FTS5 table does this work).
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="outreach_search_entry_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} [{self.language}]"


class SearchText(models.Model):
    """The words of a `SearchEntry` as plain text: what is indexed, and what snippets are cut from."""

    # Deleted first, explicitly (search.py), so that deleting entries stays one statement.
    entry = models.OneToOneField(SearchEntry, primary_key=True, on_delete=models.DO_NOTHING, related_name="text")
    title = models.TextField()
    body = models.TextField()  # tags stripped, blocks separated by a space

    def __str__(self):
        return self.title
