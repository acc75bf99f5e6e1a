from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .feeds import UpcomingEventsFeed

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path(_("past/"), views.PastEventListView.as_view(), name="event-archive"),
    path("calendar.ics", views.UpcomingCalendarView.as_view(), name="calendar"),
    path("feed/", UpcomingEventsFeed(), name="feed"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:slug>/calendar.ics", views.EventCalendarView.as_view(), name="event-calendar"),
    path("<slug:slug>/share-<str:digest>.png", views.EventShareImageView.as_view(), name="event-share-image"),
    path(_("<slug:slug>/flyer/"), views.EventFlyerView.as_view(), name="event-flyer"),
    path(_("<slug:slug>/flyer.pdf"), views.EventFlyerPdfView.as_view(), name="event-flyer-pdf"),
]
