from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from editorial.admin import (
    ActionMessagesMixin,
    PublishableAdmin,
    TranslatedContentAdmin,
    localized_search_fields,
    short_date,
)
from editorial.sites import WorkQueue
from events.admin import EventAdmin
from events.models import Event

from .forms import CallOffWithAlertForm
from .models import Alert, FactCheck, FaqCategory, FaqEntry, Question, QuestionState, Resource, SiteSettings
from .services import alert_for_called_off, convert_to_faq_draft


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedContentAdmin):
    fieldsets = [
        (
            _("Contact"),
            {"fields": ["emergency_number", "non_emergency_number", "contact_email"]},
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


@admin.register(FaqCategory)
class FaqCategoryAdmin(TranslatedContentAdmin):
    list_display = ["name", "order", "translation_status"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = localized_search_fields("name")
    fieldsets = [(None, {"fields": ["slug", "order"]})]


@admin.register(FaqEntry)
class FaqEntryAdmin(PublishableAdmin):
    list_display = ["question", "category", "order", "is_highlighted", "status_badges"]
    list_filter = ["category", "is_highlighted", "translation_status"]
    list_select_related = ["category"]
    search_fields = localized_search_fields("question", "answer")
    reading_level_fields = ("answer",)
    fieldsets = [(None, {"fields": ["category", "slug", "order", "related_policy", "related_guide", "is_highlighted"]})]


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    list_display = ["name", "category", "phone", "is_free", "verified", "status_badges"]
    verified = short_date("last_verified", _("checked"))
    list_filter = ["category", "is_free", "translation_status"]
    search_fields = [*localized_search_fields("name", "description"), "phone", "website"]
    fieldsets = [
        (
            _("Contact"),
            {
                "fields": [
                    "category",
                    "slug",
                    "phone",
                    "website",
                    "address",
                    "languages",
                    "is_free",
                    "last_verified",
                    "order",
                ]
            },
        )
    ]


@admin.register(Alert)
class AlertAdmin(PublishableAdmin):
    list_display = ["message", "level", "shown_between", "status_badges", "showing_now"]
    list_filter = ["level"]
    search_fields = localized_search_fields("message")
    fieldsets = [(_("Banner"), {"fields": ["level", "link", "starts_at", "ends_at"]})]

    @admin.display(description=_("shown"), ordering="starts_at")
    def shown_between(self, alert):
        def moment(value, empty):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else empty

        return _("%(start)s to %(end)s") % {
            "start": moment(alert.starts_at, _("now")),
            "end": moment(alert.ends_at, _("removed")),
        }

    @admin.display(description=_("showing now"), boolean=True)
    def showing_now(self, alert):
        return alert.is_active


@admin.register(FactCheck)
class FactCheckAdmin(PublishableAdmin):
    list_display = ["claim", "published_on", "status_badges"]
    list_filter = ["translation_status"]
    date_hierarchy = "published_on"
    search_fields = localized_search_fields("claim", "facts")
    fieldsets = [(None, {"fields": ["slug", "published_on", "related_policy"]})]


@admin.register(Question)
class QuestionAdmin(ActionMessagesMixin, admin.ModelAdmin):
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
        return self.report_created(
            request,
            entries,
            _("FAQ draft created. Write the answer below."),
            ngettext_lazy("%(count)d FAQ draft created.", "%(count)d FAQ drafts created.", "count"),
        )

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


def new_questions(request):
    """The inbox's line in the admin index's "To do" box, for staff who may read residents' questions."""
    if not request.user.has_perm("outreach.view_question"):
        return None
    count = Question.objects.filter(state=QuestionState.NEW).count()
    return WorkQueue(
        label=_("Residents' questions"),
        url=f"{reverse('admin:outreach_question_changelist')}?state__exact={QuestionState.NEW}",
        summary=ngettext("%(count)d new", "%(count)d new", count) % {"count": count},
    )


admin.site.add_work_queue(new_questions)


# The meetings' admin, with the site's own step added to cancelling and postponing: the alert banner is the
# site's, so the meetings app cannot raise it itself.
admin.site.unregister(Event)


@admin.register(Event)
class MeetingAdmin(EventAdmin):
    call_off_form_class = CallOffWithAlertForm

    def called_off(self, request, events, status, form):
        if form.cleaned_data.get("raise_alert") and events:
            alert = alert_for_called_off(events)
            self.log_addition(request, alert, [{"added": {}}])
            self.message_user(request, _("The alert is showing on every page: %(message)s") % {"message": alert})
