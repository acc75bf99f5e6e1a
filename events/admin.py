from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outreach.admin import ContentHistoryAdmin, PublicationFilter, PublishableAdmin, TranslatedContentAdmin
from outreach.i18n import language_codes, localized_field

from . import services
from .models import Event, EventStatus, Venue


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


@admin.register(Venue)
class VenueAdmin(TranslatedContentAdmin):
    list_display = ["name", "city", "street_address", "translation_status"]
    list_filter = ["city", "translation_status"]
    fieldsets = [
        (
            _("Address"),
            {"fields": ["street_address", "city", "state", "postal_code", "latitude", "longitude"]},
        ),
    ]

    search_fields = [localized_field("name", code) for code in language_codes()] + ["city", "street_address"]


@admin.register(Event)
class EventAdmin(PublishableAdmin, ContentHistoryAdmin):
    list_display = ["title", "starts_at", "city", "event_status", "publication", "translation_status"]
    list_filter = [WhenFilter, "venue__city", "event_status", "translation_status", PublicationFilter]
    list_select_related = ["venue"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue"]
    actions = ["publish", "unpublish", "cancel", "duplicate", "repeat_weekly"]
    fieldsets = [
        (_("When and where"), {"fields": ["slug", "starts_at", "ends_at", "venue", "languages"]}),
        (_("Status"), {"fields": ["event_status"]}),
        (_("Image"), {"fields": ["image"]}),
    ]

    def get_search_fields(self, request):
        fields = [localized_field(name, code) for name in ["title", "summary"] for code in language_codes()]
        return [*fields, "slug", "venue__city", "venue__name"]

    @admin.display(description=_("city"), ordering="venue__city")
    def city(self, event):
        return event.venue.city

    @admin.action(
        description=_("Cancel selected meetings (they stay listed, marked cancelled)"), permissions=["publish"]
    )
    def cancel(self, request, queryset):
        queryset = queryset.exclude(event_status=EventStatus.CANCELLED)
        count = self.save_each(request, queryset, "Cancelled", event_status=EventStatus.CANCELLED)
        self.message_user(
            request,
            ngettext("%(count)d meeting cancelled.", "%(count)d meetings cancelled.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Duplicate selected meetings as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [services.duplicate_event(event) for event in queryset]
        for copy in copies:
            self.log_addition(request, copy, [{"added": {}}])
        if len(copies) == 1:
            self.message_user(request, _("Draft copy created. Edit it below."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[copies[0].pk]))
        self.message_user(
            request,
            ngettext("%(count)d draft copy created.", "%(count)d draft copies created.", len(copies))
            % {"count": len(copies)},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("Repeat selected meetings weekly until a date"), permissions=["add"])
    def repeat_weekly(self, request, queryset):
        form = RepeatWeeklyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            copies = []
            for event in queryset:
                copies += services.repeat_weekly(event, form.cleaned_data["until"])
            for copy in copies:
                self.log_addition(request, copy, [{"added": {}}])
            self.message_user(
                request,
                ngettext("%(count)d meeting created.", "%(count)d meetings created.", len(copies))
                % {"count": len(copies)},
                messages.SUCCESS,
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
