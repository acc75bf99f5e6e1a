from django.views.generic import DetailView, TemplateView

from editorial.related import related_to
from editorial.views import DraftPreviewMixin

from .history import published_revisions
from .models import Policy


class PolicyListView(TemplateView):
    """Key commitments first, the exception right beside them, then everything else grouped by topic."""

    template_name = "policies/policy_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**Policy.objects.published().index(), **kwargs)


class PolicyPageMixin(DraftPreviewMixin):
    """One policy, published (or a draft, for staff who may change it)."""

    model = Policy
    queryset = Policy.objects.select_related("topic")


class PolicyDetailView(PolicyPageMixin, DetailView):
    def get_context_data(self, **kwargs):
        policy = self.object
        return super().get_context_data(
            document=policy.document_for(),
            related=related_to(policy),
            companions=policy.companions(),
            print_url=self.request.build_absolute_uri(policy.get_absolute_url()),
            **kwargs,
        )


class PolicyHistoryView(PolicyPageMixin, DetailView):
    """Every published version of a policy, newest first, with what changed in each language."""

    template_name = "policies/policy_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(revisions=published_revisions(self.object), **kwargs)
