from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "guides"

urlpatterns = [
    path("", views.GuideListView.as_view(), name="guide-list"),
    path("<slug:slug>/", views.GuideDetailView.as_view(), name="guide-detail"),
    path(_("<slug:slug>/request-letter/"), views.GuideRequestLetterView.as_view(), name="guide-request-letter"),
]
