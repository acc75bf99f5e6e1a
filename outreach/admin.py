from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media
from modeltranslation.admin import TranslationAdmin

from .i18n import language_codes, language_name, localized_field
from .models import Alert, FactCheck, FaqCategory, FaqEntry, PublishStatus, Resource, SiteSettings


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


class TranslatedContentAdmin(TranslationAdmin):
    """
    Admin for translated content: one fieldset per language, then the subclass's own `fieldsets`, which name
    only the fields that are not translated.

    The language fieldsets follow `settings.LANGUAGES`, so a new language appears without code changes.
    """

    def get_fieldsets(self, request, obj=None):
        translated = self.model.translated_field_names()
        language_fieldsets = [
            (
                language_name(code),
                {
                    "fields": [localized_field(field, code) for field in translated],
                    "classes": ["translation", f"translation-{code}"],
                },
            )
            for code in language_codes()
        ]
        return language_fieldsets + list(self.fieldsets or [])

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor's import map is an inline <script>; the CSP admits it by this request's nonce.
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class PublishableAdmin(TranslatedContentAdmin):
    """Translated content with the publishing fields, list column, filter and actions."""

    actions = ["publish", "unpublish"]
    publishing_fieldset = (_("Publishing"), {"fields": ["status", "publish_at", "unpublish_at"]})

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), self.publishing_fieldset]

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

    @admin.action(description=_("Publish selected items"), permissions=["change"])
    def publish(self, request, queryset):
        updated = queryset.update(status=PublishStatus.PUBLISHED, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", updated) % {"count": updated},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        updated = queryset.update(status=PublishStatus.DRAFT, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", updated) % {"count": updated},
            messages.SUCCESS,
        )


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedContentAdmin):
    fieldsets = [
        (
            _("Contact"),
            {"fields": ["emergency_number", "non_emergency_number", "contact_email", "official_domain"]},
        ),
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
    list_editable = ["order"]
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
