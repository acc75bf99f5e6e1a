from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.PolicyListView.as_view(), name="policy-list"),
    path("<slug:slug>/", views.PolicyDetailView.as_view(), name="policy-detail"),
    path(_("<slug:slug>/history/"), views.PolicyHistoryView.as_view(), name="policy-history"),
]
