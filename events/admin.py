from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from editorial.admin import (
    ContentHistoryAdmin,
    PublishableAdmin,
    TranslatedContentAdmin,
    is_translator,
    localized_search_fields,
)
from editorial.i18n import language_codes, language_name, localized_field, source_language

from . import services
from .forms import CallOffForm, EventAdminForm
from .models import HEARD_NOTES_FIELDS, Event, EventStatus, Venue


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


class RepeatWeeklyForm(forms.Form):
    until = forms.DateField(
        label=_("Repeat every week until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last date a copy may fall on. Each copy is a separate meeting you can edit or cancel."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        if (until - timezone.localdate()).days > 366:
            raise forms.ValidationError(_("Choose a date within a year."))
        return until


CALL_OFF_WORDING = {
    EventStatus.CANCELLED: {
        "action": "cancel",
        "title": _("Cancel meetings"),
        "done": ngettext_lazy("%(count)d meeting cancelled.", "%(count)d meetings cancelled.", "count"),
    },
    EventStatus.POSTPONED: {
        "action": "postpone",
        "title": _("Postpone meetings"),
        "done": ngettext_lazy("%(count)d meeting postponed.", "%(count)d meetings postponed.", "count"),
    },
}


@admin.register(Venue)
class VenueAdmin(TranslatedContentAdmin):
    list_display = ["name", "city", "street_address", "translation_status"]
    list_filter = ["city", "translation_status"]
    search_fields = [*localized_search_fields("name"), "city", "street_address"]
    fieldsets = [
        (
            _("Address"),
            {"fields": ["street_address", "city", "state", "postal_code", "latitude", "longitude"]},
        ),
    ]


@admin.register(Event)
class EventAdmin(PublishableAdmin, ContentHistoryAdmin):
    list_display = ["title", "when", "city", "status_badges"]
    list_filter = [WhenFilter, "venue__city", "event_status", "translation_status"]
    list_select_related = ["venue"]
    search_fields = [*localized_search_fields("title", "summary"), "slug", "venue__city", "venue__name"]
    reading_level_fields = ("summary",)
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "replaced_by"]
    form = EventAdminForm
    actions = ["publish", "unpublish", "cancel", "postpone", "duplicate", "repeat_weekly"]
    fieldsets = [
        (_("When and where"), {"fields": ["slug", "starts_at", "ends_at", "venue", "languages"]}),
        (_("Status"), {"fields": ["event_status", "replaced_by"]}),
        (_("Image"), {"fields": ["image"]}),
    ]

    @admin.display(description=_("starts at"), ordering="starts_at")
    def when(self, event):
        return formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT")

    def status_badge_list(self, event):
        badges = super().status_badge_list(event)
        if event.is_called_off:
            badges.insert(0, (event.event_status, event.get_event_status_display()))
        if event.heard_notes_published_at:
            badges.append(("heard-notes", _("Notes published")))
        elif getattr(event, localized_field("heard_notes", source_language())):
            badges.append(("heard-notes-draft", _("Notes not published")))
        return badges

    @admin.display(description=_("city"), ordering="venue__city")
    def city(self, event):
        return event.venue.city

    call_off_form_class = CallOffForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = self.with_heard_notes_apart(request, obj, super().get_fieldsets(request, obj))
        if obj is not None and not is_translator(request) and obj.later_in_series().exists():
            # Before the "Saving" fieldset, which is last.
            fieldsets.insert(len(fieldsets) - 1, (_("Weekly series"), {"fields": ["apply_to_series"]}))
        return fieldsets

    def with_heard_notes_apart(self, request, obj, fieldsets):
        """
        The "what we heard" notes in fieldsets of their own, one per language, after what the meeting is and before
        its publishing: written after the meeting, by other hands, and published on their own. A new meeting has
        none to write yet.
        """
        notes = {localized_field(name, code): code for name in HEARD_NOTES_FIELDS for code in language_codes()}
        notes_of = {}
        kept = []
        for name, options in fieldsets:
            fields = []
            for field in options["fields"]:
                # A translator's read-only English copy is named "<field>_display".
                code = notes.get(field.removesuffix("_display")) if isinstance(field, str) else None
                if code:
                    notes_of.setdefault(code, []).append(field)
                else:
                    fields.append(field)
            kept.append((name, {**options, "fields": fields}))
        if obj is None:
            return kept
        translator = is_translator(request)
        heard = [
            (
                _("What we heard: %(language)s") % {"language": language_name(code)},
                {"fields": notes_of[code], "classes": [f"translation-{code}", "heard-notes"]},
            )
            for code in language_codes()
            if code in notes_of
        ]
        publishing = ["heard_notes_published_at"] if translator else ["publish_heard_notes", "heard_notes_published_at"]
        heard.append((_("What we heard: publishing"), {"fields": publishing}))
        position = next(
            (index for index, (name, _options) in enumerate(kept) if name == self.publishing_fieldset[0]), len(kept)
        )
        return [*kept[:position], *heard, *kept[position:]]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "heard_notes_published_at"]
        if is_translator(request):
            # Not in their form at all: a forged tick must not publish, and its absence must not take notes down.
            readonly.append("publish_heard_notes")
        return list(dict.fromkeys(readonly))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.cleaned_data.get("apply_to_series"):
            changed = services.change_series(obj, form.changed_data)
            for event in changed:
                self.log_change(request, event, "Changed with its series")
            self.report(
                request,
                ngettext_lazy(
                    "%(count)d later meeting of the series changed too.",
                    "%(count)d later meetings of the series changed too.",
                    "count",
                ),
                len(changed),
            )

    @admin.action(
        description=_("Cancel selected meetings (they stay listed, marked cancelled)"), permissions=["publish"]
    )
    def cancel(self, request, queryset):
        return self.call_off(request, queryset, EventStatus.CANCELLED)

    @admin.action(description=_("Postpone selected meetings"), permissions=["publish"])
    def postpone(self, request, queryset):
        return self.call_off(request, queryset, EventStatus.POSTPONED)

    def call_off(self, request, queryset, status):
        """Ask why (in each language) and what replaces the meetings, then cancel or postpone them."""
        events = list(queryset.select_related("venue"))
        form = self.call_off_form_class(request.POST if "apply" in request.POST else None, events=events)
        if form.is_valid():
            changed = services.call_off(
                events,
                status,
                notes=form.notes(),
                replacement=form.cleaned_data["replacement"],
                whole_series=form.cleaned_data["whole_series"],
            )
            for event in changed:
                self.log_change(request, event, status.label)
            self.report(request, CALL_OFF_WORDING[status]["done"], len(changed))
            self.called_off(request, changed, status, form)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": CALL_OFF_WORDING[status]["title"],
            "opts": self.model._meta,
            "form": form,
            "events": events,
            "status": status,
            "in_series": any(event.series_id or event.repeats.exists() for event in events),
            "action_name": CALL_OFF_WORDING[status]["action"],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/call_off.html", context)

    def called_off(self, request, events, status, form):
        """After meetings were cancelled or postponed: for the site above to add its own step (the alert)."""

    @admin.action(description=_("Duplicate selected meetings as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [services.duplicate_event(event) for event in queryset]
        for copy in copies:
            self.log_addition(request, copy, [{"added": {}}])
        return self.report_created(
            request,
            copies,
            _("Draft copy created. Edit it below."),
            ngettext_lazy("%(count)d draft copy created.", "%(count)d draft copies created.", "count"),
        )

    @admin.action(description=_("Repeat selected meetings weekly until a date"), permissions=["add"])
    def repeat_weekly(self, request, queryset):
        form = RepeatWeeklyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            copies, skipped = [], []
            for event in queryset:
                made, already = services.repeat_weekly(event, form.cleaned_data["until"])
                copies += made
                skipped += already
            for copy in copies:
                self.log_addition(request, copy, [{"added": {}}])
            self.report(
                request,
                ngettext_lazy("%(count)d meeting created.", "%(count)d meetings created.", "count"),
                len(copies),
            )
            if skipped:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d week was skipped: it already has a meeting at that time and place.",
                        "%(count)d weeks were skipped: they already have a meeting at that time and place.",
                        len(skipped),
                    )
                    % {"count": len(skipped)},
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Repeat meetings weekly"),
            "opts": self.model._meta,
            "form": form,
            "events": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/repeat_weekly.html", context)
