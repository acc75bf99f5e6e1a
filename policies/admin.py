from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from outreach.admin import PublicationFilter, PublishableAdmin, TranslatedContentAdmin
from outreach.i18n import language_codes, localized_field
from outreach.models import PublishStatus

from .models import Policy, PolicyTopic


@admin.register(PolicyTopic)
class PolicyTopicAdmin(TranslatedContentAdmin):
    list_display = ["name", "order", "translation_status"]
    list_filter = ["translation_status"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(_("Address and order"), {"fields": ["slug", "order"]})]

    def get_search_fields(self, request):
        return [*(localized_field("name", code) for code in language_codes()), "slug"]


@admin.register(Policy)
class PolicyAdmin(PublishableAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "topic",
        "is_key_commitment",
        "is_exception",
        "last_reviewed",
        "publication",
        "translation_status",
    ]
    list_filter = ["topic", "is_key_commitment", "is_exception", "translation_status", PublicationFilter]
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

    def get_search_fields(self, request):
        fields = [localized_field(name, code) for name in ["title", "summary"] for code in language_codes()]
        return [*fields, "slug"]

    # Publishing saves each policy (instead of one UPDATE) so that the publication is a revision in the public
    # history page: residents see when a text went live, not only when it was edited.
    @admin.action(description=_("Publish selected items"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_status(queryset, PublishStatus.PUBLISHED)
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._set_status(queryset, PublishStatus.DRAFT)
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", count) % {"count": count},
            messages.SUCCESS,
        )

    def _set_status(self, queryset, status):
        count = 0
        for policy in queryset.exclude(status=status):
            policy.status = status
            policy.save()
            count += 1
        return count
