import datetime
import hashlib

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from editorial.escaping import attachment_header
from editorial.i18n import active_language, language_codes
from editorial.links import absolute_url
from editorial.pagecache import remember_for_content
from editorial.paging import RememberedCountPaginator
from editorial.related import panels
from editorial.views import DraftPreviewMixin, ShareImageView

from . import flyer, sharing
from .forms import EventFilterForm
from .ical import calendar_for
from .models import Event


class EventListView(ListView):
    """Upcoming meetings, soonest first, filterable by city and month."""

    template_name = "events/event_list.html"
    paginate_by = settings.EVENTS_PER_PAGE
    canonical_parameters = ("page",)  # each page is a page of its own; the filters are not

    def get_queryset(self):
        upcoming = Event.objects.published().upcoming()
        # The choices cost two queries over every upcoming meeting; they change only when content does.
        cities, months = remember_for_content("events:filter-choices", lambda: (upcoming.cities(), upcoming.months()))
        self.filter_form = EventFilterForm(self.request.GET or None, cities=cities, months=months)
        events = upcoming.with_places()
        city = month = None
        if self.filter_form.is_valid():
            if city := self.filter_form.cleaned_data["city"]:
                events = events.in_city(city)
            if month := self.filter_form.cleaned_data["month"]:
                events = events.in_month(*month)
        # Hashed: the city is what the visitor typed, and cache keys must stay short and plain.
        filters = hashlib.sha256(repr((city or None, month or None)).encode()).hexdigest()[:32]
        self.count_key = f"events:upcoming-count:{filters}"
        return events

    def get_paginator(self, queryset, per_page, **kwargs):
        return RememberedCountPaginator(queryset, per_page, count_key=self.count_key, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form
        context["filter_form"] = form
        context["is_filtered"] = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        context["subscribe_url"] = sharing.subscribe_url()
        return context


class PastEventListView(ListView):
    template_name = "events/event_archive.html"
    paginate_by = settings.EVENTS_PER_PAGE
    canonical_parameters = ("page",)

    def get_queryset(self):
        return Event.objects.published().past().with_places()

    def get_paginator(self, queryset, per_page, **kwargs):
        return RememberedCountPaginator(queryset, per_page, count_key="events:past-count", **kwargs)


class EventDetailView(DraftPreviewMixin, DetailView):
    model = Event
    queryset = Event.objects.with_places()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context.update(share=sharing.share_links(event), structured_data=sharing.structured_data(event))
        context["offers_flyer_pdf"] = event.is_published and not event.is_cancelled and flyer.chromium_available()
        # Drafts of the notes are for staff to read in the admin: even a draft preview of the meeting leaves them out.
        context["shows_heard_notes"] = event.heard_notes_are_public and bool(event.heard_notes)
        if not context["is_preview"]:
            # A draft's picture has no address (the picture view serves published meetings only): the preview
            # shows the site's default card instead.
            card = sharing.share_card(event)
            context["share_image"] = {"url": absolute_url(sharing.share_image_path(event)), "alt": card.alt}
        return context


class EventShareImageView(ShareImageView):
    """The meeting's link-preview picture, in the language of the address."""

    def get_card(self):
        self.event = get_object_or_404(Event.objects.published().with_places(), slug=self.kwargs["slug"])
        return sharing.share_card(self.event)

    def get_card_url(self, card):
        return reverse("events:event-share-image", kwargs={"slug": self.event.slug, "digest": card.digest})


class EventFlyerView(EventDetailView):
    """
    A one-page printable flyer for churches, schools and community boards: the meeting in every language side by
    side (the reader's first), the key commitments and their exception, and a QR code to the meeting's page.
    """

    template_name = "events/event_flyer.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_cancelled:
            # A flyer printed now would send people to a meeting that will not happen: show the notice instead.
            return HttpResponseRedirect(self.object.get_absolute_url())
        # Each column says what it shows in another language, in its own language: not the page's notice, which
        # would count the other columns' fallbacks against the reader's language.
        request.editorial_noted_fallback = True
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(flyer_context(self.object))
        return context


def flyer_context(event):
    reader = active_language()
    event_url = absolute_url(event.get_absolute_url())
    return {
        "event_url": event_url,
        # Each column is rendered in its language ({% language %}); the reader's comes first.
        "flyer_languages": [reader, *(code for code in language_codes() if code != reader)],
        "flyer_panels": panels("events:flyer"),
        "qr_code": flyer.qr_svg(
            event_url, _("QR code: the address of this meeting's page, %(url)s") % {"url": event_url}
        ),
    }


class EventFlyerPdfView(DetailView):
    """
    The flyer as a PDF, made by headless Chromium on the server (events/flyer.py) and kept as a file. Published
    meetings only: the files are in the media folder, which the web server serves to anyone.
    """

    model = Event
    queryset = Event.objects.published().with_places()
    template_name = "events/event_flyer_document.html"

    def get(self, request, *args, **kwargs):
        event = self.object = self.get_object()
        if event.is_cancelled:
            raise Http404("A cancelled meeting has no flyer")
        if not flyer.chromium_available():
            return self.unavailable(_("This server cannot make PDFs. Print the flyer page instead."), status=404)
        context = {"event": event, "object": event, "stylesheet": flyer.stylesheet(), **flyer_context(event)}
        html = render_to_string(self.template_name, context, request=request)
        title = _("%(title)s: flyer") % {"title": event.title}
        try:
            path = flyer.flyer_pdf(event, active_language(), html, title)
        except flyer.FlyerPdfError:
            flyer.logger.exception("Flyer PDF of meeting %s", event.pk)
            response = self.unavailable(_("The PDF could not be made just now. Print the flyer page instead."), 503)
            response["Retry-After"] = "60"
            return response
        response = FileResponse(path.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = attachment_header(f"{event.slug}-{_('flyer')}.pdf")
        return response

    def unavailable(self, message, status):
        context = {"event": self.object, "message": message}
        return TemplateResponse(self.request, "events/flyer_pdf_unavailable.html", context, status=status)


class EventCalendarView(EventDetailView):
    def render_to_response(self, context, **response_kwargs):
        return ics_response(calendar_for([self.object], self.object.title), self.object.slug)


class UpcomingCalendarView(ListView):
    """The next year of meetings (at most CALENDAR_MAX_EVENTS), for residents to subscribe to."""

    def get_queryset(self):
        horizon = timezone.now() + datetime.timedelta(days=366)
        upcoming = Event.objects.published().upcoming().filter(starts_at__lt=horizon)
        return upcoming.with_places()[: settings.CALENDAR_MAX_EVENTS]

    def render_to_response(self, context, **response_kwargs):
        name = _("Outreach meetings")
        return ics_response(calendar_for(self.object_list, name), "meetings")


def ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = attachment_header(f"{filename}.ics")
    return response
