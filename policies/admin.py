from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import ContentHistoryAdmin, PublishableAdmin, TranslatedContentAdmin, localized_search_fields

from .models import Policy, PolicyTopic


@admin.register(PolicyTopic)
class PolicyTopicAdmin(TranslatedContentAdmin):
    list_display = ["name", "order", "translation_status"]
    list_filter = ["translation_status"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(_("Address and order"), {"fields": ["slug", "order"]})]

    search_fields = [*localized_search_fields("name"), "slug"]


@admin.register(Policy)
class PolicyAdmin(PublishableAdmin, ContentHistoryAdmin):
    list_display = [
        "title",
        "topic",
        "is_key_commitment",
        "is_exception",
        "last_reviewed",
        "publication",
        "translation_status",
    ]
    list_filter = ["topic", "is_key_commitment", "is_exception", "translation_status"]
    list_select_related = ["topic"]
    ordering = ["topic__order", "order", "pk"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (
            _("Where it appears"),
            {"fields": ["slug", "topic", "is_key_commitment", "is_exception", "order"]},
        ),
        (_("Dates"), {"fields": ["effective_date", "last_reviewed"]}),
    ]

    search_fields = [*localized_search_fields("title", "summary"), "slug"]

    # Residents read the note beside the change on the policy's public history page.
    change_note_required_when_live = True
    change_note_help_text = _(
        "Say in a few words what you changed and why. It is shown to the public with this version on the "
        "policy's history page. Required when you change a published policy."
    )
