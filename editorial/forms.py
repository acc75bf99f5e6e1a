import datetime

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .documents import warn_beside_fields
from .i18n import localized_field, source_language
from .publication import PublicationState, state_of
from .uploads import store_new_files

# django-simple-history keeps a change reason of up to 100 characters (its default column).
CHANGE_NOTE_LENGTH = 100
# The form's own fields, which say how to save rather than what the item says.
SAVING_FIELDS = {"loaded_version", "minor_change", "change_note"}


def get_form_helper(*fields, submit_label, form_class):
    """The crispy helper of a public filter or search form: sent by GET, so no CSRF token and no cookie."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.form_class = form_class
    helper.layout = Layout(*fields, submit_button(submit_label, css_class="btn-primary col-sm-auto mb-3"))
    return helper


def submit_button(label, css_class):
    """
    A form's button, without a name: crispy's Submit writes `name=""` when given none, which is invalid HTML, and
    a named button would add itself to the address of every search and filter.
    """
    return StrictButton(label, type="submit", css_class=css_class)


class TranslatedContentForm(forms.ModelForm):
    """
    The admin form of every translated model. It carries the version the editor loaded, so a save on top of
    someone else's newer save is refused (with who and when) instead of silently overwriting their work.

    For a model whose versions are kept (django-simple-history) it also asks for a change note, saved as the
    version's change reason. The admin says whether to ask, and whether a change to a published item needs one,
    on the form class it builds for each request (`asks_change_note`, `change_note_required`).
    """

    asks_change_note = False
    change_note_required = False  # for a change to an item the public can read now
    change_note_help_text = ""

    change_note = forms.CharField(
        label=_("Change note"),
        max_length=CHANGE_NOTE_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"size": 80}),
    )
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    minor_change = forms.BooleanField(
        label=_("Minor change, translation still valid"),
        required=False,
        help_text=_(
            "Tick when you only fixed a typo or formatting in the source text, so translators need not check it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.asks_change_note:
            self.fields.pop("change_note", None)
        elif self.change_note_help_text:
            self.fields["change_note"].help_text = self.change_note_help_text
        if self.instance.pk:
            # The stored version, not the instance's: a history "revert" form holds an old copy of the item.
            self.initial.setdefault("loaded_version", self.stored_version(lock=False))
            self.fields["loaded_version"].required = True
            self.fields["loaded_version"].error_messages["required"] = _(
                "This form is missing its version stamp. Reload the page and make your change again."
            )
        warn_beside_fields(self)

    def stored_version(self, *, lock):
        rows = type(self.instance).objects.filter(pk=self.instance.pk)
        if lock and connection.in_atomic_block:
            # The admin saves inside a transaction: holding the row makes check-then-save one step.
            rows = rows.select_for_update()
        current = rows.values_list("updated_at", flat=True).first()
        return current.isoformat() if current else ""

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        current = self.stored_version(lock=True)
        loaded = cleaned_data.get("loaded_version")
        if current and loaded and loaded != current:
            # Show the newer version's stamp from now on: saving again, after reading the warning, goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            changed_at = datetime.datetime.fromisoformat(current)
            raise forms.ValidationError(conflict_message(self.instance, changed_at), code="edit-conflict")
        if self.needs_change_note() and not cleaned_data.get("change_note"):
            self.add_error(
                "change_note",
                forms.ValidationError(
                    _("Say in a few words what you changed and why: the public can read this item now."),
                    code="change-note-required",
                ),
            )
        return cleaned_data

    def needs_change_note(self):
        """
        A change to what the public can read now needs a note. Saving without changing anything does not, nor
        does a change to a draft or a scheduled item. `self.instance` still holds the stored values here: the
        form's values are copied into it after `clean()`.
        """
        if not (self.instance.pk and self.asks_change_note and self.change_note_required):
            return False
        if not set(self.changed_data) - SAVING_FIELDS:
            return False
        return state_of(self.instance) == PublicationState.LIVE

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            # Written now rather than in save(): a full disk becomes a message beside the field.
            store_new_files(self)

    def _update_errors(self, errors):
        """
        Put each of the model's validation errors beside the field it is about: an error about a translated field
        (`image_alt`) goes to its source-language field (`image_alt_en`). An error about a field that is not in
        this form is about something this person cannot change (a translator's form holds only translations): it
        is left to the editors' form, instead of blocking the translation or failing with a server error.
        """
        if hasattr(errors, "error_dict"):
            placed = {}
            for field, messages in errors.error_dict.items():
                if field not in self.fields and localized_field(field, source_language()) in self.fields:
                    field = localized_field(field, source_language())
                if field in self.fields or field == NON_FIELD_ERRORS:
                    placed.setdefault(field, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)


def conflict_message(instance, changed_at):
    entry = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk))
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    when = formats.date_format(timezone.localtime(changed_at), "DATETIME_FORMAT")
    who = (entry.user.get_full_name() or entry.user.get_username()) if entry else _("someone else")
    return _(
        "%(who)s saved this item at %(when)s, after you opened it. Your changes are not saved yet: they are "
        "still in the form below. Compare with the current version (open it in a new tab), then save again "
        "to replace it."
    ) % {"who": who, "when": when}
