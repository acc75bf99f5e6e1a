from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from editorial.admin import (
    ContentHistoryAdmin,
    PublishableAdmin,
    TranslatedContentAdmin,
    is_translator,
    localized_search_fields,
    short_date,
)
from editorial.i18n import language_codes, localized_field

from .forms import PolicyAdminForm
from .models import Policy, PolicyTopic
from .services import amend_latest_change_note


@admin.register(PolicyTopic)
class PolicyTopicAdmin(TranslatedContentAdmin):
    list_display = ["name", "order", "translation_status"]
    list_filter = ["translation_status"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(_("Address and order"), {"fields": ["slug", "order"]})]

    search_fields = [*localized_search_fields("name"), "slug"]


@admin.register(Policy)
class PolicyAdmin(PublishableAdmin, ContentHistoryAdmin):
    form = PolicyAdminForm
    formfield_overrides = {**PublishableAdmin.formfield_overrides, models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "topic", "role", "reviewed", "status_badges"]
    list_filter = ["topic", "is_key_commitment", "is_exception", "issued_by", "translation_status"]
    list_select_related = ["topic"]
    ordering = ["topic__order", "order", "pk"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (
            _("Where it appears"),
            {"fields": ["slug", "topic", "is_key_commitment", "is_exception", "order"]},
        ),
        (_("Who stands behind it"), {"fields": ["issued_by", "source_url"]}),
        (_("Dates"), {"fields": ["effective_date", "last_reviewed"]}),
    ]

    search_fields = [*localized_search_fields("title", "summary"), "slug"]
    # The plain-language summary shows its estimated reading level in each language (a nudge, never a block).
    reading_level_fields = ("summary",)

    # Residents read the note beside the change on the policy's public history page.
    change_note_required_when_live = True
    change_note_help_text = _(
        "Say in a few words what you changed and why. It is shown to the public with this version on the "
        "policy's history page. Required when you change a published policy."
    )

    reviewed = short_date("last_reviewed", _("last checked"))

    def saving_fieldsets(self, request, obj=None):
        """The "major change" box goes with the other ways of saving, once the policy exists (editors only)."""
        fieldsets = super().saving_fieldsets(request, obj)
        if obj is None or is_translator(request):
            return fieldsets
        return [
            (name, {**options, "fields": [*options["fields"], "is_major"]}) if name == _("Saving") else (name, options)
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        note_fields = {localized_field("note", code) for code in language_codes()}
        if change and not form.cleaned_data.get("is_major") and note_fields & set(form.changed_data):
            amend_latest_change_note(obj)

    @admin.display(description=_("role"), ordering="-is_key_commitment")
    def role(self, policy):
        if policy.is_exception:
            return format_html('<span class="status-badge status-badge--exception">{}</span>', _("Exception"))
        if policy.is_key_commitment:
            return format_html('<span class="status-badge status-badge--commitment">{}</span>', _("Key commitment"))
        return ""
