from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .fields import SpokenLanguagesField, spoken_language_names
from .forms import TranslatedContentForm
from .i18n import language_codes, language_name, localized_field, target_languages
from .models import (
    Alert,
    FactCheck,
    FaqCategory,
    FaqEntry,
    PublishStatus,
    Question,
    QuestionState,
    Resource,
    RichTextField,
    SiteSettings,
    TranslationStatus,
    TranslationTracked,
)
from .roles import SOURCE_PERMISSION
from .services import convert_to_faq_draft


class PublicationFilter(admin.SimpleListFilter):
    """Publish state as the public sees it right now, decided by the same queryset as the public pages."""

    title = _("publish state")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Visible to the public")),
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("expired", _("Unpublished by date")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.published()
        if self.value() == "draft":
            return queryset.filter(status=PublishStatus.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=PublishStatus.PUBLISHED, publish_at__gt=now)
        if self.value() == "expired":
            return queryset.filter(status=PublishStatus.PUBLISHED, unpublish_at__lte=now)
        return queryset


def is_translator(request):
    """A staff member who may change content but only its translations (the Translators role)."""
    return not request.user.has_perm(SOURCE_PERMISSION)


class TranslatedContentAdmin(TranslationAdmin):
    """
    Admin for translated content: one fieldset per language, then the subclass's own `fieldsets`, which name
    only the fields that are not translated.

    The language fieldsets follow `settings.LANGUAGES`, so a new language appears without code changes.
    Translators get every field but the translations read-only: read-only fields are not in the form, so a
    forged POST cannot change them. Saving refuses to overwrite someone else's newer save.
    """

    form = TranslatedContentForm
    change_form_template = "admin/outreach/translated_change_form.html"

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


class PublishableAdmin(TranslatedContentAdmin):
    """Translated content with the publishing fields, list column, filter and actions."""

    actions = ["publish", "unpublish"]
    publishing_fieldset = (_("Publishing"), {"fields": ["status", "publish_at", "unpublish_at"]})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Publishing goes after the content, before the "Saving" fieldset of an existing item.
        position = len(fieldsets) - 1 if obj is not None else len(fieldsets)
        return [*fieldsets[:position], self.publishing_fieldset, *fieldsets[position:]]

    @admin.display(description=_("publish state"), ordering="status")
    def publication(self, obj):
        now = timezone.now()
        if obj.status == PublishStatus.DRAFT:
            return _("Draft")
        if obj.publish_at and obj.publish_at > now:
            return _("Scheduled")
        if obj.unpublish_at and obj.unpublish_at <= now:
            return _("Unpublished by date")
        return _("Published")

    def has_publish_permission(self, request):
        return request.user.has_perm(SOURCE_PERMISSION) and self.has_change_permission(request)

    def save_each(self, request, queryset, message, **changes):
        """Apply `changes` through save(), so history, translation status and the admin log all record it."""
        count = 0
        for obj in queryset:
            for name, value in changes.items():
                setattr(obj, name, value)
            obj.save()
            self.log_change(request, obj, message)
            count += 1
        return count

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self.save_each(
            request, queryset.exclude(status=PublishStatus.PUBLISHED), "Published", status=PublishStatus.PUBLISHED
        )
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self.save_each(
            request, queryset.exclude(status=PublishStatus.DRAFT), "Unpublished", status=PublishStatus.DRAFT
        )
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", count) % {"count": count},
            messages.SUCCESS,
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


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedContentAdmin):
    fieldsets = [
        (
            _("Contact"),
            {"fields": ["emergency_number", "non_emergency_number", "contact_email", "official_domain"]},
        ),
        (_("Privacy notice"), {"fields": ["privacy_notice_updated"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only one row: go straight to it.
        settings_row = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:outreach_sitesettings_change", args=[settings_row.pk]))


def localized_search_fields(*names):
    """Search every language's copy of the named translated fields."""
    return [localized_field(name, code) for name in names for code in language_codes()]


@admin.register(FaqCategory)
class FaqCategoryAdmin(TranslatedContentAdmin):
    list_display = ["name", "order", "translation_status"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = localized_search_fields("name")
    fieldsets = [(None, {"fields": ["slug", "order"]})]


@admin.register(FaqEntry)
class FaqEntryAdmin(PublishableAdmin):
    list_display = ["question", "category", "order", "is_highlighted", "publication", "translation_status"]
    list_filter = ["category", "is_highlighted", "translation_status", PublicationFilter]
    list_select_related = ["category"]
    search_fields = localized_search_fields("question", "answer")
    fieldsets = [(None, {"fields": ["category", "order", "related_policy", "is_highlighted"]})]


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    list_display = ["name", "category", "phone", "is_free", "last_verified", "publication", "translation_status"]
    list_filter = ["category", "is_free", "translation_status", PublicationFilter]
    search_fields = [*localized_search_fields("name", "description"), "phone", "website"]
    fieldsets = [
        (
            _("Contact"),
            {"fields": ["category", "phone", "website", "address", "languages", "is_free", "last_verified", "order"]},
        )
    ]


@admin.register(Alert)
class AlertAdmin(PublishableAdmin):
    list_display = ["message", "level", "starts_at", "ends_at", "publication", "showing_now"]
    list_filter = ["level", PublicationFilter]
    search_fields = localized_search_fields("message")
    fieldsets = [(_("Banner"), {"fields": ["level", "link", "starts_at", "ends_at"]})]

    @admin.display(description=_("showing now"), boolean=True)
    def showing_now(self, alert):
        return alert.is_active


@admin.register(FactCheck)
class FactCheckAdmin(PublishableAdmin):
    list_display = ["claim", "published_on", "publication", "translation_status"]
    list_filter = ["translation_status", PublicationFilter]
    date_hierarchy = "published_on"
    search_fields = localized_search_fields("claim", "facts")
    fieldsets = [(None, {"fields": ["published_on", "related_policy"]})]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """The inbox of residents' questions. Their words are read-only; staff set the state and a note."""

    list_display = ["excerpt", "language", "topic", "created_at", "state"]
    list_filter = ["state", "language", "topic", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["text", "staff_note"]
    date_hierarchy = "created_at"
    list_select_related = ["topic"]
    readonly_fields = ["text", "language", "created_at", "faq_entry_link"]
    fields = ["text", "language", "topic", "created_at", "state", "staff_note", "faq_entry_link"]
    actions = ["convert_to_faq_draft", "mark_answered", "mark_spam"]

    @admin.display(description=_("question"))
    def excerpt(self, question):
        return Truncator(question.text).chars(90)

    @admin.display(description=_("FAQ entry"))
    def faq_entry_link(self, question):
        if question.faq_entry_id is None:
            return "—"
        url = reverse("admin:outreach_faqentry_change", args=[question.faq_entry_id])
        return format_html('<a href="{}">{}</a>', url, question.faq_entry)

    def has_add_permission(self, request):
        return False  # questions come from residents only

    @admin.action(description=_("Turn into an FAQ draft (to answer and translate)"), permissions=["change"])
    def convert_to_faq_draft(self, request, queryset):
        entries = []
        for question in queryset.exclude(state=QuestionState.CONVERTED):
            entry = convert_to_faq_draft(question)
            # Logged against the question ("Question 12"), never under the entry's name: that is the resident's
            # text, and the admin log outlives the question's retention.
            self.log_change(request, question, f"Turned into FAQ entry {entry.pk}")
            entries.append(entry)
        if len(entries) == 1:
            self.message_user(request, _("FAQ draft created. Write the answer below."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:outreach_faqentry_change", args=[entries[0].pk]))
        self.message_user(
            request,
            ngettext("%(count)d FAQ draft created.", "%(count)d FAQ drafts created.", len(entries))
            % {"count": len(entries)},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        self.set_state(request, queryset, QuestionState.ANSWERED)

    @admin.action(description=_("Mark as spam (deleted after a week)"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self.set_state(request, queryset, QuestionState.SPAM)

    def set_state(self, request, queryset, state):
        for question in queryset.exclude(state=state):
            question.state = state
            question.save(update_fields=["state"])
            self.log_change(request, question, f"Marked {state}")


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


# --- The translation queue ------------------------------------------------------------------------------------

QUEUE_LIMIT = 500


def translation_tracked_models():
    return [model for model in apps.get_models() if issubclass(model, TranslationTracked)]


def model_label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def queue_counts(user):
    """{"missing": n, "outdated": n} over every model the user may change (one query a model)."""
    counts = {TranslationStatus.MISSING: 0, TranslationStatus.OUTDATED: 0}
    for model in translation_tracked_models():
        if not user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            continue
        rows = model.objects.exclude(translation_status=TranslationStatus.COMPLETE).values("translation_status")
        for row in rows.annotate(total=Count("pk")).order_by():
            counts[row["translation_status"]] += row["total"]
    return counts


def translation_queue(request):
    """Every item whose translation is missing or outdated, across all content, oldest change first."""
    models = [
        model
        for model in translation_tracked_models()
        if request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]
    if not models:
        raise PermissionDenied
    chosen = request.GET.get("model", "")
    if chosen and chosen not in {model_label(model) for model in models}:
        raise Http404("No such content type")
    items = []
    for model in models:
        if chosen and model_label(model) != chosen:
            continue
        for obj in model.objects.exclude(translation_status=TranslationStatus.COMPLETE).order_by("updated_at", "pk")[
            :QUEUE_LIMIT
        ]:
            items.append(
                {
                    "object": obj,
                    "model_name": capfirst(model._meta.verbose_name),
                    "url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]),
                    "languages": [
                        {
                            "name": language_name(code),
                            "status": TranslationStatus(obj.translation_status_for(code)).label,
                            "changed": [
                                capfirst(model._meta.get_field(field).verbose_name)
                                for field, _old, _new in obj.source_changes(code)
                            ],
                        }
                        for code in target_languages()
                    ],
                }
            )
    items.sort(key=lambda item: item["object"].updated_at)
    context = {
        **admin.site.each_context(request),
        "title": _("Translation queue"),
        "items": items[:QUEUE_LIMIT],
        "models": [(model_label(model), capfirst(model._meta.verbose_name_plural)) for model in models],
        "chosen": chosen,
        "counts": queue_counts(request.user),
    }
    return TemplateResponse(request, "admin/outreach/translation_queue.html", context)


admin.site.site_header = _("Outreach site administration")
admin.site.site_title = _("Outreach admin")
admin.site.index_template = "admin/outreach/index.html"
