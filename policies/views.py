from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from outreach.i18n import active_language, language_codes, language_name, localized_field, source_language
from outreach.models import PublishStatus
from outreach.views import DraftPreviewMixin

from .models import Policy

# The fields a resident's history page reports, in the order it lists them. Translated fields are reported once
# per language; the others once. Publishing, ordering and bookkeeping fields are not part of what a policy says.
HISTORY_TRANSLATED_FIELDS = ["title", "summary", "body", "document"]
HISTORY_SHARED_FIELDS = ["topic", "is_key_commitment", "is_exception", "effective_date", "last_reviewed"]
# "Document (PDF) (English)" reads badly; every other field uses its model verbose name.
HISTORY_LABELS = {"document": gettext_lazy("PDF document")}


class PolicyListView(ListView):
    """Key commitments first, the exception right beside them, then everything else grouped by topic."""

    template_name = "policies/policy_list.html"

    def get_queryset(self):
        return Policy.objects.published().select_related("topic")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One query for the whole page, split in Python (the list is short, and stays one query when it is not).
        commitments, exceptions, topics = [], [], {}
        for policy in self.object_list:
            if policy.is_exception:
                exceptions.append(policy)
            elif policy.is_key_commitment:
                commitments.append(policy)
            else:
                topics.setdefault(policy.topic, []).append(policy)
        context.update(
            key_commitments=commitments,
            exceptions=exceptions,
            topics=[{"topic": topic, "policies": policies} for topic, policies in topics.items()],
        )
        return context


def document_for(policy, code=None):
    """The policy's PDF in the reader's language, else in the source language, else any other.

    Returns `{"file", "code", "language", "is_fallback", "size"}` or None. The size is read from storage and left
    out if the file cannot be found there, so a missing upload never breaks the page.
    """
    code = code or active_language()
    others = [source_language(), *(other for other in language_codes() if other != source_language())]
    for candidate in [code, *(other for other in others if other != code)]:
        document = getattr(policy, localized_field("document", candidate))
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
            }
    return None


class PolicyPageMixin(DraftPreviewMixin):
    """One policy, published (or a draft, for staff who may change it)."""

    model = Policy
    queryset = Policy.objects.select_related("topic")


class PolicyDetailView(PolicyPageMixin, DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = self.object
        context["document"] = document_for(policy)
        context["faq_entries"] = policy.faq_entries.published()
        # A key commitment is never shown without its exception (the warrant exception), nor the exception
        # without the commitments it qualifies.
        published = Policy.objects.published()
        context["exceptions"] = published.exceptions() if policy.is_key_commitment and not policy.is_exception else []
        context["commitments"] = published.key_commitments().exclude(is_exception=True) if policy.is_exception else []
        context["print_url"] = self.request.build_absolute_uri(policy.get_absolute_url())
        return context


class PolicyHistoryView(PolicyPageMixin, DetailView):
    """Every published version of a policy, newest first, with what changed in each language.

    Built from django-simple-history's records. Only versions the public could have read are listed (drafts in
    between are not), each compared with the published version before it. Who made a change is not shown.
    """

    template_name = "policies/policy_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revisions"] = self.published_revisions()
        return context

    def published_revisions(self):
        now = timezone.now()
        records = list(
            self.object.history.filter(status=PublishStatus.PUBLISHED)
            .filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))
            .defer("history_user", "history_change_reason", "translation_record")
            .order_by("history_date", "history_id")
        )
        fields = self.compared_fields()
        revisions, previous = [], None
        for record in records:
            if previous is None:
                revisions.append({"record": record, "is_first": True, "changes": []})
            else:
                delta = record.diff_against(previous, included_fields=list(fields))
                changed = set(delta.changed_fields)
                # A save that changed nothing a resident reads is not a revision.
                if changed:
                    labels = [label for name, label in fields.items() if name in changed]
                    revisions.append({"record": record, "is_first": False, "changes": labels})
            previous = record
        if revisions:
            revisions[-1]["is_current"] = True
        revisions.reverse()
        code = active_language()
        for revision in revisions:
            revision["summary"], revision["summary_lang"] = self.summary_of(revision["record"], code)
        return revisions

    @staticmethod
    def compared_fields():
        """`{history field name: label}`, e.g. `{"summary_en": "Plain-language summary (English)"}`, in order."""
        opts = Policy._meta
        fields = {}
        for code in language_codes():
            language = language_name(code, local=False)
            for name in HISTORY_TRANSLATED_FIELDS:
                label = HISTORY_LABELS.get(name) or opts.get_field(name).verbose_name
                fields[localized_field(name, code)] = _("%(field)s (%(language)s)") % {
                    "field": capfirst(label),
                    "language": language,
                }
        for name in HISTORY_SHARED_FIELDS:
            fields[name] = capfirst(opts.get_field(name).verbose_name)
        return fields

    @staticmethod
    def summary_of(record, code):
        """A version's summary in the reader's language, or in the source language (and which one it is)."""
        text = getattr(record, localized_field("summary", code)) or ""
        if text or code == source_language():
            return text, None
        return getattr(record, localized_field("summary", source_language())) or "", source_language()
