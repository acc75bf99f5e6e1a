from django import forms
from django.utils.translation import gettext_lazy as _

from editorial.forms import TranslatedContentForm
from editorial.i18n import localized_field, source_language
from editorial.publication import PublishStatus


class PolicyAdminForm(TranslatedContentForm):
    """
    The policy's admin form: a change marked major needs its public note in the source language, its own (not the
    previous major change's), and a policy the public can read. A major change's note stands in for the change
    note, and it cannot also be a minor change.
    """

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("is_major"):
            return cleaned_data
        note_field = localized_field("note", source_language())
        if note_field in self.fields and not (cleaned_data.get(note_field) or "").strip():
            self.add_error(
                note_field,
                forms.ValidationError(
                    _("A major change needs a public note: say in one or two plain sentences what changed."),
                    code="major-change-note-required",
                ),
            )
        elif self.instance.major_change_at and note_field not in self.changed_data:
            self.add_error(
                note_field,
                forms.ValidationError(
                    _("This is the note of the previous major change. Write what this change is about."),
                    code="major-change-note-unchanged",
                ),
            )
        if cleaned_data.get("minor_change"):
            self.add_error(
                "is_major",
                forms.ValidationError(
                    _("A change cannot be both minor and major: untick one of them."), code="major-and-minor"
                ),
            )
        if "status" in self.fields and cleaned_data.get("status") != PublishStatus.PUBLISHED:
            self.add_error(
                "is_major",
                forms.ValidationError(
                    _("Only a change to a published policy can be major: residents have not seen a draft."),
                    code="major-change-of-draft",
                ),
            )
        return cleaned_data

    def needs_change_note(self):
        # A major change's public note says what changed and why, on the same history page.
        if self.data and self.fields.get("is_major") and self["is_major"].value():
            return False
        return super().needs_change_note()
