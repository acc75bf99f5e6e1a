"""
The admin base classes every content admin builds on: a fieldset per language with translators limited to
their languages (on the server), publishing with its filter, column and actions, edit-conflict protection and
safe history pages. The site itself (`sites.EditorialAdminSite`) adds the translation queue and the work counts.
"""

import copy
from functools import cache

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from js_asset import Media
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .documents import documents_to_fix, saved_document_messages
from .fields import RichTextField, SpokenLanguagesField, spoken_language_names
from .forms import TranslatedContentForm
from .i18n import language_codes, language_name, localized_field, source_language, target_languages
from .models import TranslationStatus
from .publication import PublicationState, PublishStatus
from .readability import reading_level, reading_level_html
from .roles import SOURCE_PERMISSION
from .textdiff import visible_changes, word_diff
from .uploads import keep_uploads_of, tracked_uploads


def is_translator(request):
    """A staff member who may change content but only its translations (the Translators role)."""
    return not request.user.has_perm(SOURCE_PERMISSION)


def short_date(field_name, description):
    """A changelist column showing a date field in the short format (the long one names the weekday)."""

    @admin.display(description=description, ordering=field_name)
    def column(self, obj):
        value = getattr(obj, field_name)
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else None

    return column


def localized_search_fields(*names):
    """Search every language's copy of the named translated fields."""
    return [localized_field(name, code) for name in names for code in language_codes()]


class PublicationFilter(admin.SimpleListFilter):
    """Where items stand for the public right now, by the same rule as the public pages."""

    title = _("publish state")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            (PublicationState.LIVE, _("Visible to the public")),
            (PublicationState.DRAFT, PublicationState.DRAFT.label),
            (PublicationState.SCHEDULED, PublicationState.SCHEDULED.label),
            (PublicationState.EXPIRED, PublicationState.EXPIRED.label),
        ]

    def queryset(self, request, queryset):
        if self.value() in PublicationState.values:
            return queryset.in_state(self.value())
        return queryset


class ActionMessagesMixin:
    """What an admin action tells the editor when it is done, worded once for every action."""

    def report(self, request, message, count):
        """`message` is an `ngettext_lazy(singular, plural, "count")`."""
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def report_created(self, request, created, one_message, many_message):
        """After an action made new items: open the one item made, or say how many were made."""
        if len(created) == 1:
            self.message_user(request, one_message, messages.SUCCESS)
            opts = created[0]._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[created[0].pk])
            )
        self.report(request, many_message, len(created))
        return None


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes, each named by its own <label> ("Date:", "Time:") rather than by bare text."""

    template_name = "editorial/widgets/split_datetime.html"


# --- Reading level beside the fields writers write for residents ---------------------------------------------------


@cache
def _with_reading_level(widget_class):
    """`widget_class`, drawing the reading level of the text it shows (saved, or typed when the form has errors)."""

    def render(self, name, value, attrs=None, renderer=None):
        language, rich = self.reading_level_of
        # What static/js/reading-level.js needs to estimate again while the writer types.
        live = {"data-reading-level": language, "data-reading-level-url": reverse("admin:reading-level")}
        if rich:
            live["data-reading-level-rich"] = "true"
        shown = widget_class.render(self, name, value, {**(attrs or {}), **live}, renderer)
        return format_html(
            '{}<div class="reading-level-slot" aria-live="polite">{}</div>',
            shown,
            reading_level_html(reading_level(value, language, rich)),
        )

    return type(f"ReadingLevel{widget_class.__name__}", (widget_class,), {"render": render, "__module__": __name__})


class ReadingLevelMixin:
    """
    For a ModelAdmin or an inline: an estimated reading level under each language's copy of the fields named in
    `reading_level_fields` (editorial.readability), from the text in the form. A nudge: it never stops a save.
    A field shown read-only (the English, to a translator) has it in its help text, from the saved text.
    """

    reading_level_fields = ()

    def reading_level_names(self):
        """[(field name in the form, language, is rich text)] for every language's copy of `reading_level_fields`."""
        names = []
        for base in self.reading_level_fields:
            field = self.model._meta.get_field(base)
            rich = isinstance(field, RichTextField)
            copies = []
            for code in language_codes():
                try:
                    self.model._meta.get_field(localized_field(base, code))
                except FieldDoesNotExist:
                    continue
                copies.append((localized_field(base, code), code, rich))
            names += copies or [(base, source_language(), rich)]
        return names

    def add_reading_levels(self, form_class, request, obj=None):
        readonly = set(self.get_readonly_fields(request, obj))
        help_texts = dict(form_class._meta.help_texts or {})
        for name, language, rich in self.reading_level_names():
            field = form_class.base_fields.get(name)
            if field is not None:
                # A copy: a widget given in formfield_overrides is one object shared by every request.
                widget = copy.deepcopy(field.widget)
                widget.__class__ = _with_reading_level(type(widget))
                widget.reading_level_of = (language, rich)
                field.widget = widget
            elif obj is not None and (readonly & {name, f"{name}_display"}):
                level = reading_level_html(reading_level(getattr(obj, name, ""), language, rich))
                original = self.model._meta.get_field(name).help_text
                for shown in (name, f"{name}_display"):
                    help_texts[shown] = format_html("{}{}", original, level)
        # The form class is built for this request, so its options are this request's own.
        form_class._meta.help_texts = help_texts
        return form_class

    @property
    def media(self):
        media = super().media
        if self.reading_level_fields:
            media += forms.Media(js=["js/reading-level.js"])
        return media

    def get_form(self, request, obj=None, **kwargs):
        return self.add_reading_levels(super().get_form(request, obj, **kwargs), request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        self.add_reading_levels(formset.form, request)
        return formset


class TranslatedContentAdmin(ReadingLevelMixin, ActionMessagesMixin, TranslationAdmin):
    """
    Admin for translated content: one fieldset per language, then the subclass's own `fieldsets`, which name
    only the fields that are not translated.

    The language fieldsets follow `settings.LANGUAGES`, so a new language appears without code changes.
    Translators get every field but the translations read-only: read-only fields are not in the form, so a
    forged POST cannot change them. Saving refuses to overwrite someone else's newer save.
    """

    form = TranslatedContentForm
    change_form_template = "admin/editorial/translated_change_form.html"
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    # A model whose versions are kept asks for a change note, saved as the version's change reason.
    change_note_help_text = _("Say in a few words what you changed and why. It is kept with this version.")
    # Whether an editor's change to an item the public can read now must say why (translators never must).
    change_note_required_when_live = False

    def keeps_history(self):
        """The model's versions are kept by django-simple-history (registered in its app's translation.py)."""
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # Django builds a new form class for each request, so these settings stay with this request's form.
        form.asks_change_note = self.keeps_history()
        form.change_note_required = self.change_note_required_when_live and not is_translator(request)
        form.change_note_help_text = self.change_note_help_text
        return form

    def get_fieldsets(self, request, obj=None):
        translator = is_translator(request)
        language_fieldsets = []
        for code in language_codes():
            fields = [localized_field(field, code) for field in self.model.translated_field_names()]
            language_fieldsets.append(
                (language_name(code), {"fields": fields, "classes": ["translation", f"translation-{code}"]})
            )
        fieldsets = [*language_fieldsets, *(self.fieldsets or [])]
        if translator:
            # Everything but the translations is shown for reference, as readable text.
            editable = self.translatable_field_names()
            fieldsets = [
                (
                    name,
                    {
                        **options,
                        "fields": [f if f in editable else self.readonly_display_name(f) for f in options["fields"]],
                    },
                )
                for name, options in fieldsets
            ]
        return [*fieldsets, *self.saving_fieldsets(request, obj)]

    def saving_fieldsets(self, request, obj=None):
        """How to save rather than what the item says: the version stamp, the minor-change box, the change note."""
        fields = []
        if obj is not None:
            fields.append("loaded_version")
            if not is_translator(request):
                fields.append("minor_change")
        if self.keeps_history():
            fields.append("change_note")
        if not fields:
            return []
        if fields == ["loaded_version"]:  # only the hidden version stamp: no heading
            return [(None, {"fields": fields})]
        return [(_("Saving"), {"fields": fields, "classes": ["saving"]})]

    def translatable_field_names(self):
        return {
            localized_field(field, code) for field in self.model.translated_field_names() for code in target_languages()
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_translator(request):
            return readonly
        editable = self.translatable_field_names() | {"loaded_version", "change_note"}
        for _name, options in self.get_fieldsets(request, obj):
            readonly += [field for field in flatten(options["fields"]) if field not in editable]
        return list(dict.fromkeys(readonly))

    def readonly_display_name(self, field_name):
        """A read-only field as a translator should read it: rich text formatted, language codes as names."""
        field = self.model._meta.get_field(field_name)
        if isinstance(field, RichTextField):

            def display(obj, name=field_name):
                value = getattr(obj, name) or ""
                # Sanitized on every save, so it is safe to show as HTML.
                return format_html('<div class="readonly-rich-text">{}</div>', mark_safe(value))  # noqa: S308

        elif isinstance(field, SpokenLanguagesField):

            def display(obj, name=field_name):
                return ", ".join(spoken_language_names(getattr(obj, name) or [])) or "-"

        else:
            return field_name
        display_name = f"{field_name}_display"
        if not hasattr(self, display_name):
            display.short_description = field.verbose_name
            setattr(self, display_name, display)
        return display_name

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is never a translator's to fill (and read-only fields cannot be prepopulated).
        return {} if is_translator(request) else super().get_prepopulated_fields(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if is_translator(request):
            # Translators never publish, cancel or copy: every action changes more than a translation.
            return {}
        return actions

    def save_model(self, request, obj, form, change):
        if is_translator(request):
            # A translator saving their language vouches for it against the current English.
            obj.confirm_translations()
        elif form.cleaned_data.get("minor_change"):
            obj.confirm_translations()
        if note := form.cleaned_data.get("change_note"):
            obj._change_reason = note  # django-simple-history's change reason for the version this save makes
        super().save_model(request, obj, form, change)
        keep_uploads_of(obj)
        # Accepted, but said at once: the file is listed under "Documents to fix" until replaced.
        for message in saved_document_messages(obj, form.changed_data):
            self.message_user(request, message, messages.WARNING)

    def changeform_view(self, request, *args, **kwargs):
        # Files written while the form was checked go again if the item is not saved after all.
        with tracked_uploads():
            return super().changeform_view(request, *args, **kwargs)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The rich-text editor's import map is an inline <script>; the CSP admits it by this request's nonce.
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        if obj is not None:
            changes_by_language = {code: obj.source_changes(code) for code in target_languages()}
            context["source_changes"] = [
                {
                    "language": language_name(code),
                    "changes": [
                        {"field": self.model._meta.get_field(field).verbose_name, "old": old, "new": new}
                        for field, old, new in changes
                    ],
                }
                for code, changes in changes_by_language.items()
                if changes
            ]
            context["is_translator"] = is_translator(request)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def save_each(self, request, queryset, log_message, done_message, **changes):
        """Apply `changes` through save(), so history, translation status and the admin log all record it."""
        count = 0
        for obj in queryset:
            for name, value in changes.items():
                setattr(obj, name, value)
            obj.save()
            self.log_change(request, obj, log_message)
            count += 1
        self.report(request, done_message, count)
        return count


TRANSLATION_BADGES = {
    TranslationStatus.MISSING: _("Translation missing"),
    TranslationStatus.OUTDATED: _("Translation outdated"),
}


class PublishableAdmin(TranslatedContentAdmin):
    """Translated content with the publishing fields, list column, filter and actions."""

    actions = ["publish", "unpublish"]
    publishing_fieldset = (_("Publishing"), {"fields": ["status", "publish_at", "unpublish_at"]})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Publishing goes after the content, before the "Saving" fieldset.
        position = len(fieldsets) - len(self.saving_fieldsets(request, obj))
        return [*fieldsets[:position], self.publishing_fieldset, *fieldsets[position:]]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PublicationFilter]

    @admin.display(description=_("publish state"), ordering="status")
    def publication(self, obj):
        return obj.get_publication_state_display()

    @admin.display(description=_("status"), ordering="status")
    def status_badges(self, obj):
        """Where the item stands, as small badges in one column: the changelists fit a 1366-pixel screen."""
        return format_html_join(
            "", '<span class="status-badge status-badge--{}">{}</span>', self.status_badge_list(obj)
        )

    def status_badge_list(self, obj):
        """[(kind, label)]: the publish state, then the translation status unless it is complete."""
        state = obj.publication_state()
        badges = [(state, PublicationState(state).label)]
        if obj.translation_status in TRANSLATION_BADGES:
            badges.append((f"translation-{obj.translation_status}", TRANSLATION_BADGES[obj.translation_status]))
        if documents_to_fix(obj):
            badges.append(("document-to-fix", _("Document to fix")))
        return badges

    def has_publish_permission(self, request):
        return request.user.has_perm(SOURCE_PERMISSION) and self.has_change_permission(request)

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        self.save_each(
            request,
            queryset.exclude(status=PublishStatus.PUBLISHED),
            "Published",
            ngettext_lazy("%(count)d item published.", "%(count)d items published.", "count"),
            status=PublishStatus.PUBLISHED,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.save_each(
            request,
            queryset.exclude(status=PublishStatus.DRAFT),
            "Unpublished",
            ngettext_lazy("%(count)d item unpublished.", "%(count)d items unpublished.", "count"),
            status=PublishStatus.DRAFT,
        )


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """
    django-simple-history's history pages, made safe for the roles and readable. Reverting to a version writes
    every field of that version (English, dates, publishing), so only editors may open or post a version's form.

    The list shows each version's change note, and what changed since the version before: every field once, by
    its label and language ("Summary (Spanish)"), texts as a short word diff of the words a reader sees, other
    values as they read in the form ("Published", "Yes", a date, a venue's name).
    """

    object_history_list_template = "admin/editorial/object_history_list.html"
    # Bookkeeping that changes on every save, left out of the list of changes. So are the untranslated copies
    # modeltranslation keeps beside each language's field ("title" beside "title_en"): they would show a change twice.
    history_bookkeeping_fields = ["translation_record", "updated_at", "created_at"]

    def has_change_history_permission(self, request, obj=None):
        return not is_translator(request) and super().has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if is_translator(request):
            raise PermissionDenied
        # Like the change form: the edit-conflict check locks the row until the revert is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """
        What each listed version changed since the one before it. The oldest version on a page is compared with
        the newest on the next page (one more query), so no version but the very first is listed without changes.
        """
        records = list(historical_records)
        if not records:
            return
        older = records[1:]
        if getattr(historical_records, "has_next", lambda: False)():
            queryset = historical_records.paginator.object_list
            older.append(queryset[historical_records.end_index()])
        else:
            older.append(None)
        excluded = [*self.model.translated_field_names(), *self.history_bookkeeping_fields]
        for record, before in zip(records, older, strict=True):
            if before is None:
                record.history_delta_changes = []
                continue
            delta = record.diff_against(before, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs)
            record.history_delta_changes = [
                history_change(self.model, change) for change in visible_changes(delta.changes)
            ]


# Unchanged words kept either side of a change in the admin's history list.
HISTORY_DIFF_CONTEXT = 6


def field_label(model, name):
    """A field's label as the form shows it, with its language for a translation: "Plain-language summary (Spanish)"."""
    field = model._meta.get_field(name)
    base = getattr(field, "translated_field", None)
    label = capfirst((base or field).verbose_name)
    if base is None:
        return label
    return _("%(field)s (%(language)s)") % {"field": label, "language": language_name(field.language, local=False)}


def readable_value(field, value):
    """A stored value as an editor reads it in the form: choices by their label, yes/no, dates, names."""
    if value in (None, "") or value == []:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, SpokenLanguagesField):
        return ", ".join(spoken_language_names(value))
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def history_change(model, change):
    """One line of a version's changes: `{"field", "diff"}` for text, `{"field", "old", "new"}` for the rest."""
    field = model._meta.get_field(change.field)
    result = {"field": field_label(model, change.field)}
    is_text = isinstance(field, (models.CharField, models.TextField)) and not field.choices
    if is_text and not isinstance(field, models.SlugField):
        result["diff"] = word_diff(
            change.old, change.new, rich=isinstance(field, RichTextField), context=HISTORY_DIFF_CONTEXT
        )
    else:
        result["old"], result["new"] = readable_value(field, change.old), readable_value(field, change.new)
    return result


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Every change made in the admin, by whom and when: read-only, for editors."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change_summary"]
    list_filter = ["action_flag", "content_type", "user"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]

    @admin.display(description=_("change"))
    def change_summary(self, entry):
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
