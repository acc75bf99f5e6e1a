"""
A policy's public revision history, from django-simple-history's records, as plain objects for the page.

Only versions the public could read are listed: a version counts when, at the first moment it could be seen
(its save, or its `publish_at` if later), the one publication rule says "live", and that moment came before the
next save replaced it. Each is compared with the public version before it. Who made a change is never shown.

For each version the page lists what changed (each field, per language), shows what its text said before and
after as a word diff in the reader's language (and in the source language, marked as the original, when the
reader's is another), and the editors' public change note (simple-history's change reason). A major change's
note (`is_major`, `note*`, kept on its record) is shown in the reader's language instead.
The diffs are worked out only for the versions on the page being shown.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial import publication
from editorial.i18n import active_language, language_codes, language_name, localized_field, source_language
from editorial.textdiff import visible_changes, word_diff

from .models import Policy, note_of

# The fields a resident's history page reports, in the order it lists them. Translated fields are reported once
# per language; the others once. Publishing, ordering and bookkeeping fields are not part of what a policy says.
TRANSLATED_FIELDS = ["title", "summary", "body", "document", "source_title", "scope"]
SHARED_FIELDS = [
    "topic",
    "is_key_commitment",
    "is_exception",
    "issued_by",
    "source_url",
    "effective_date",
    "last_reviewed",
]
# "Document (PDF) (English)" reads badly; every other field uses its model verbose name.
LABELS = {"document": gettext_lazy("PDF document")}
# The fields whose words are compared; the rich one is compared as the words a reader sees.
TEXT_FIELDS = ["title", "summary", "body"]
RICH_TEXT_FIELDS = {"body"}
# Unchanged words kept either side of a change; longer unchanged stretches are shortened ("…").
DIFF_CONTEXT = 12


@dataclass
class LanguageDiff:
    code: str
    html: str  # safe HTML from editorial.textdiff.word_diff
    is_original: bool = False  # the source language's text, shown beside the reader's language


@dataclass
class TextChange:
    label: str  # "Plain-language summary"
    diffs: list  # [LanguageDiff], the reader's language first


@dataclass
class Revision:
    record: object  # the historical record, with the policy's fields as they were
    seen_from: object  # when the public could first read it
    is_first: bool
    changed: set = field(default_factory=set)  # history field names changed since the public version before
    previous: object = None  # the public version before (a historical record)
    code: str = ""  # the reader's language
    is_current: bool = False
    summary: str = ""
    summary_language: str | None = None  # the source language's code when the reader's has no summary

    @property
    def note(self):
        """The editors' change note, shown to the public (blank when none was given)."""
        return (self.record.history_change_reason or "").strip()

    @cached_property
    def major_note(self):
        """A major change's public note (ChangeNote) in the reader's language, else the source's."""
        if not self.record.is_major:
            return None
        return note_of(self.record, self.code)

    @cached_property
    def text_changes(self):
        """[TextChange] for the title, summary and full text, in the reader's language and the source language."""
        if self.previous is None:
            return []
        source = source_language()
        result = []
        for name in TEXT_FIELDS:
            diffs = []
            for code in dict.fromkeys([self.code, source]):
                history_name = localized_field(name, code)
                if history_name in self.changed:
                    html = word_diff(
                        getattr(self.previous, history_name),
                        getattr(self.record, history_name),
                        rich=name in RICH_TEXT_FIELDS,
                        context=DIFF_CONTEXT,
                        lang=code,
                    )
                    diffs.append(LanguageDiff(code=code, html=html, is_original=code != self.code))
            if diffs:
                result.append(TextChange(label=capfirst(Policy._meta.get_field(name).verbose_name), diffs=diffs))
        return result

    @property
    def changes(self):
        """Labels of everything that changed, in every language ("Plain-language summary (Spanish)"), in order."""
        return [label for name, label in compared_fields().items() if name in self.changed]


def compared_fields():
    """`{history field name: label}`, e.g. `{"summary_en": "Plain-language summary (English)"}`, in order."""
    opts = Policy._meta
    fields = {}
    for code in language_codes():
        language = language_name(code, local=False)
        for name in TRANSLATED_FIELDS:
            label = LABELS.get(name) or opts.get_field(name).verbose_name
            fields[localized_field(name, code)] = _("%(field)s (%(language)s)") % {
                "field": capfirst(label),
                "language": language,
            }
    for name in SHARED_FIELDS:
        fields[name] = capfirst(opts.get_field(name).verbose_name)
    return fields


def public_versions(policy, at=None):
    """[(record, seen_from)] for every saved version the public could read up to `at`, oldest first."""
    at = publication.moment(at)
    records = list(
        policy.history.filter(history_date__lte=at)
        .defer("history_user", "translation_record")
        .order_by("history_date", "history_id")
    )
    versions = []
    for index, record in enumerate(records):
        seen_from = max(record.history_date, record.publish_at or record.history_date)
        replaced_at = records[index + 1].history_date if index + 1 < len(records) else None
        if seen_from > at or (replaced_at is not None and seen_from >= replaced_at):
            continue
        if publication.state_of(record, seen_from) == publication.PublicationState.LIVE:
            versions.append((record, seen_from))
    return versions


def published_revisions(policy, code=None, at=None):
    """
    The policy's public revisions, newest first, with what changed and the summary in the reader's language.
    Their word diffs (`text_changes`) are worked out when first read, so only for the revisions shown.
    """
    code = code or active_language()
    fields = list(compared_fields())
    revisions, previous = [], None
    for record, seen_from in public_versions(policy, at):
        if previous is None:
            revisions.append(Revision(record=record, seen_from=seen_from, is_first=True, code=code))
        else:
            delta = record.diff_against(previous, included_fields=fields)
            changed = {change.field for change in visible_changes(delta.changes)}
            # A save that changed nothing a resident reads is not a revision, unless it was marked major.
            if changed or record.is_major:
                revisions.append(
                    Revision(
                        record=record,
                        seen_from=seen_from,
                        is_first=False,
                        changed=changed,
                        previous=previous,
                        code=code,
                    )
                )
        previous = record
    if revisions:
        revisions[-1].is_current = True
    revisions.reverse()
    for revision in revisions:
        revision.summary, revision.summary_language = summary_of(revision.record, code)
    return revisions


def summary_of(record, code):
    """A version's summary in the reader's language, or in the source language (and which one it is)."""
    text = getattr(record, localized_field("summary", code)) or ""
    if text or code == source_language():
        return text, None
    return getattr(record, localized_field("summary", source_language())) or "", source_language()


@dataclass
class MajorChange:
    """A major change residents can read about: its version's record, when it was public, its note and title."""

    record: object
    changed_at: object
    note: object  # ChangeNote
    title: str

    def get_absolute_url(self):
        """Its version on the policy's history page."""
        return (
            f"{reverse('policies:policy-history', kwargs={'slug': self.record.slug})}#revision-{self.record.history_id}"
        )


def major_changes(limit, at=None, code=None):
    """
    The latest `limit` major changes of the policies published at `at`, newest first, as MajorChange: one query,
    reading only the titles and notes (every language's) of the records, not their full text.
    """
    at = publication.moment(at)
    code = code or active_language()
    names = [localized_field(name, language) for name in ("title", "note") for language in language_codes()]
    records = (
        Policy.history.filter(
            is_major=True,
            status=publication.PublishStatus.PUBLISHED,
            history_date__lte=at,
            id__in=Policy.objects.published(at).values("pk"),
        )
        .filter(Q(publish_at__isnull=True) | Q(publish_at__lte=at))
        .only("id", "history_id", "history_date", "publish_at", "slug", *names)
        .order_by("-history_date", "-history_id")[:limit]
    )
    changes = []
    for record in records:
        note = note_of(record, code)
        if note is None:
            continue
        title = getattr(record, localized_field("title", code)) or getattr(
            record, localized_field("title", source_language())
        )
        changed_at = max(record.history_date, record.publish_at or record.history_date)
        changes.append(MajorChange(record=record, changed_at=changed_at, note=note, title=title))
    return changes
