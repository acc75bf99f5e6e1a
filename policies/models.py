from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
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
    last_reviewed = models.DateField(_("last reviewed"))
    document = PdfDocumentField(
        _("document (PDF)"),
        upload_to="policies/",
        blank=True,
        help_text=_("The signed policy as a PDF, one per language, without scripts or attached files."),
    )
    # What its accessibility check found in each language's PDF, when it was uploaded (editorial.documents).
    document_problems = DocumentProblemsField(document_field="document")
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PolicyQuerySet.as_manager()

    detail_url_name = "policies:policy-detail"

    class Meta:
        ordering = ["topic__order", "order", "pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

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
