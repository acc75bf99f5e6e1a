"""
The admin base classes every content admin builds on: a fieldset per language with translators limited to
their languages (on the server), publishing with its filter, column and actions, edit-conflict protection and
safe history pages. The site itself (`sites.EditorialAdminSite`) adds the translation queue and the work counts.
"""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from js_asset import Media
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .fields import RichTextField, SpokenLanguagesField, spoken_language_names
from .forms import TranslatedContentForm
from .i18n import language_codes, language_name, localized_field, target_languages
from .models import TranslationStatus
from .publication import PublicationState, PublishStatus
from .roles import SOURCE_PERMISSION
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


class TranslatedContentAdmin(ActionMessagesMixin, TranslationAdmin):
    """
    Admin for translated content: one fieldset per language, then the subclass's own `fieldsets`, which name
    only the fields that are not translated.

    The language fieldsets follow `settings.LANGUAGES`, so a new language appears without code changes.
    Translators get every field but the translations read-only: read-only fields are not in the form, so a
    forged POST cannot change them. Saving refuses to overwrite someone else's newer save.
    """

    form = TranslatedContentForm
    change_form_template = "admin/editorial/translated_change_form.html"

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
        if obj is not None:
            if translator:  # only the hidden version stamp: no heading
                fieldsets.append((None, {"fields": ["loaded_version"]}))
            else:
                fieldsets.append((_("Saving"), {"fields": ["loaded_version", "minor_change"], "classes": ["saving"]}))
        return fieldsets

    def translatable_field_names(self):
        return {
            localized_field(field, code) for field in self.model.translated_field_names() for code in target_languages()
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_translator(request):
            return readonly
        editable = self.translatable_field_names() | {"loaded_version"}
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
        super().save_model(request, obj, form, change)
        keep_uploads_of(obj)

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
        # Publishing goes after the content, before the "Saving" fieldset of an existing item.
        position = len(fieldsets) - 1 if obj is not None else len(fieldsets)
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
    django-simple-history's history pages, made safe for the roles. Reverting to a version writes every field
    of that version (English, dates, publishing), so only editors may open or post a version's form.
    """

    def has_change_history_permission(self, request, obj=None):
        return not is_translator(request) and super().has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if is_translator(request):
            raise PermissionDenied
        # Like the change form: the edit-conflict check locks the row until the revert is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


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
