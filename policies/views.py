from django.views.generic import DetailView, ListView

from outreach.views import DraftPreviewMixin

from .models import Policy


class PolicyListView(ListView):
    template_name = "policies/policy_list.html"

    def get_queryset(self):
        return Policy.objects.published().select_related("topic")


class PolicyDetailView(DraftPreviewMixin, DetailView):
    model = Policy


class PolicyHistoryView(PolicyDetailView):
    template_name = "policies/policy_history.html"
