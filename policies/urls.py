from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .feeds import PolicyChangesFeed

app_name = "policies"

urlpatterns = [
    path("", views.PolicyListView.as_view(), name="policy-list"),
    # Before the policies' own addresses: "feed" would otherwise be read as a policy's slug.
    path("feed/", PolicyChangesFeed(), name="policy-changes-feed"),
    path("<slug:slug>/", views.PolicyDetailView.as_view(), name="policy-detail"),
    path(_("<slug:slug>/history/"), views.PolicyHistoryView.as_view(), name="policy-history"),
]
