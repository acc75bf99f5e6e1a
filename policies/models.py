import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.documents import DocumentProblemsField, needs_accessible_version
from editorial.fields import RichTextField
from editorial.helpful import asks_if_helpful
from editorial.i18n import active_language, language_codes, language_name, localized_field, source_language
from editorial.models import Category, PublishablePage, PublishableQuerySet
from editorial.uploads import PdfDocumentField


class PolicyTopic(Category):
    class Meta(Category.Meta):
        verbose_name = _("policy topic")
        verbose_name_plural = _("policy topics")

    def get_absolute_url(self):
        """The topic's page: the policies page narrowed to this topic."""
        return f"{reverse('policies:policy-list')}?{urlencode({'topic': self.slug})}"


# How long a major change's note stays on the home page after the change is public.
NOTE_ON_HOME_PAGE = datetime.timedelta(days=14)


class IssuedBy(models.TextChoices):
    """Who stands behind a statement: residents must be able to tell a department rule from anything else."""

    DEPARTMENT = "department", _("This department")
    CITY = "city", _("The city")
    STATE_LAW = "state-law", _("State law")
    FEDERAL_AGENCY = "federal-agency", _("A federal agency")
    PARTNER = "partner", _("Partner advice")


class PolicyQuerySet(PublishableQuerySet):
    def key_commitments(self):
        return self.filter(is_key_commitment=True)

    def exceptions(self):
        return self.filter(is_exception=True)

    def commitments(self):
        """The key commitments themselves: never shown without `exceptions()` beside them."""
        return self.key_commitments().exclude(is_exception=True)

    def by_topic(self):
        """Everything but the key commitments and their exceptions: the policies listed under their topics."""
        return self.exclude(is_key_commitment=True).exclude(is_exception=True)

    def recently_changed(self, at=None):
        """Policies whose latest major change is public at `at` and still on the home page (NOTE_ON_HOME_PAGE)."""
        at = at or timezone.now()
        return self.filter(major_change_at__lte=at, home_note_until__gt=at).order_by("-major_change_at", "pk")

    def commitments_and_exceptions(self):
        """
        {"key_commitments": [...], "exceptions": [...]} in one query: the head of the policies page, where the
        exceptions stand right beside the commitments they qualify.
        """
        commitments, exceptions = [], []
        for policy in self.filter(models.Q(is_key_commitment=True) | models.Q(is_exception=True)):
            (exceptions if policy.is_exception else commitments).append(policy)
        return {"key_commitments": commitments, "exceptions": exceptions}


@asks_if_helpful
class Policy(PublishablePage):
    topic = models.ForeignKey(PolicyTopic, on_delete=models.PROTECT, related_name="policies", verbose_name=_("topic"))
    summary = models.TextField(
        _("plain-language summary"), help_text=_("What this means for a resident, in a few plain sentences.")
    )
    body = RichTextField(_("full text"))
    is_key_commitment = models.BooleanField(
        _("key commitment"), default=False, help_text=_("Shown first, and on the home page.")
    )
    is_exception = models.BooleanField(
        _("exception to the commitments"),
        default=False,
        help_text=_("Shown right next to the key commitments, never apart from them (the warrant exception)."),
    )
    effective_date = models.DateField(_("in effect since"))
    last_reviewed = models.DateField(
        _("last checked"), help_text=_("When someone last checked that it still says what its source says.")
    )
    document = PdfDocumentField(
        _("document (PDF)"),
        upload_to="policies/",
        blank=True,
        help_text=_("The signed policy as a PDF, one per language, without scripts or attached files."),
    )
    # What its accessibility check found in each language's PDF, when it was uploaded (editorial.documents).
    document_problems = DocumentProblemsField(document_field="document")
    order = models.PositiveIntegerField(_("order"), default=0)
    # Who stands behind it. Blank only on policies saved before these fields existed: the admin asks for it.
    issued_by = models.CharField(
        _("issued by"),
        max_length=20,
        choices=IssuedBy.choices,
        # Defaults kept by the database too (db_default), here and below: the release before these fields inserts
        # policies without them while both releases serve during a rolling deploy (README, "Rolling deploys").
        # No Python default, so the form offers no choice made in advance (a new policy in Python holds the database
        # default's expression until reloaded: nothing reads it before). The text fields below have both defaults:
        # `default` for instances made in Python (translation tracking reads their text), `db_default` for the database.
        db_default="",
        help_text=_(
            "Who makes this statement. Choose “This department” only for the department's own rules: what the "
            "chief said about federal agents, for example, is not one."
        ),
    )
    source_title = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The document or announcement it comes from, e.g. “General Order 315”, “Texas Government Code "
            "§752.053”, “Chief's remarks at the community meeting of 15 January 2026”."
        ),
    )
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True, default="", db_default="")
    scope = models.CharField(
        _("what it binds"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "Who must follow it and who it does not bind, e.g. “Dallas police officers on duty. It does not bind "
            "federal agents.”"
        ),
    )
    # A change note residents can see. `is_major` marks the save that makes a major change: its history record
    # keeps it (with the note, in every language), and the row forgets it after the save, so the next save is not
    # major unless an editor says so. The note itself stays on the row, where translators translate it; saving a
    # translation of it amends the note of the latest major change (see services.amend_latest_change_note).
    is_major = models.BooleanField(
        _("major change"),
        default=False,
        db_default=False,
        help_text=_(
            "Tick when residents should know about this change. Its public note is shown on the policy's page, "
            "on the home page for 14 days and in the policy changes feed."
        ),
    )
    note = models.CharField(
        _("public change note"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("One or two plain sentences: what changed for residents. Needed when the change is major."),
    )
    # When the latest major change was public, and until when the home page shows its note. The second is a
    # visibility boundary: the page cache must not keep the home page past it.
    major_change_at = models.DateTimeField(_("latest major change"), null=True, blank=True, editable=False)
    home_note_until = models.DateTimeField(_("on the home page until"), null=True, blank=True, editable=False)

    objects = PolicyQuerySet.as_manager()

    detail_url_name = "policies:policy-detail"
    visibility_boundaries = (*PublishablePage.visibility_boundaries, "major_change_at", "home_note_until")

    class Meta:
        ordering = ["topic__order", "order", "pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def save(self, *args, **kwargs):
        marked_major = self.is_major
        dated_here = marked_major and not hasattr(self, "_history_date")
        if marked_major:
            # Public from the save, or from the publishing date if later. django-simple-history dates the record by
            # `_history_date` when set: the change and its record then carry the very same moment.
            if dated_here:
                self._history_date = timezone.now()
            self.major_change_at = max(self._history_date, self.publish_at or self._history_date)
            self.home_note_until = self.major_change_at + NOTE_ON_HOME_PAGE
        try:
            super().save(*args, **kwargs)  # django-simple-history records this version, major, here
        finally:
            if dated_here:
                del self._history_date
        if marked_major:
            # update(): the row forgets the mark without a second history record or a new edit stamp.
            type(self)._base_manager.filter(pk=self.pk).update(is_major=False)
            self.is_major = False

    @property
    def is_commitment(self):
        return self.is_key_commitment and not self.is_exception

    def companions(self):
        """
        What must be read with this policy: a key commitment is never shown without the exception (the warrant
        exception), nor the exception without the commitments it qualifies. Published ones only.
        """
        published = Policy.objects.published()
        if self.is_exception:
            return published.commitments()
        if self.is_commitment:
            return published.exceptions()
        return published.none()

    def document_for(self, code=None):
        """The PDF in the reader's language, else in the source language, else any other.

        Returns `{"file", "code", "language", "is_fallback", "size", "on_request"}` or None. The size is read from
        storage and left out if the file cannot be found there, so a missing upload never breaks the page.
        `on_request`: the file's check at upload found problems, so the page offers an accessible version.
        """
        code = code or active_language()
        others = [source_language(), *(other for other in language_codes() if other != source_language())]
        for candidate in [code, *(other for other in others if other != code)]:
            document = getattr(self, localized_field("document", candidate))
            if document:
                try:
                    size = document.size
                except (OSError, ValueError):
                    size = None
                return {
                    "file": document,
                    "code": candidate,
                    "language": language_name(candidate, local=False),
                    "is_fallback": candidate != code,
                    "size": size,
                    "on_request": needs_accessible_version((self.document_problems or {}).get(candidate)),
                }
        return None

    @property
    def change_note(self):
        """The latest major change's public note (ChangeNote), once that change is public; else None."""
        if self.major_change_at is None or self.major_change_at > timezone.now():
            return None
        return note_of(self)


@dataclass
class ChangeNote:
    text: str
    code: str  # the language it is in
    is_fallback: bool = False  # in the source language, the reader's having none


def note_of(record, code=None):
    """A policy's (or history record's) change note as a ChangeNote in the reader's language, else the source's."""
    code = code or active_language()
    for candidate in dict.fromkeys([code, source_language()]):
        text = (getattr(record, localized_field("note", candidate)) or "").strip()
        if text:
            return ChangeNote(text=text, code=candidate, is_fallback=candidate != code)
    return None
