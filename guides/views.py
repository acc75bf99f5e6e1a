from django.views.generic import DetailView, ListView

from editorial.related import panels
from editorial.views import DraftPreviewMixin

from .models import Guide

GUIDES_PER_PAGE = 20
RELATED_POLICIES_SHOWN = 10


class GuideListView(ListView):
    template_name = "guides/guide_list.html"
    paginate_by = GUIDES_PER_PAGE
    canonical_parameters = ("page",)

    def get_queryset(self):
        return Guide.objects.published()


class GuideDetailView(DraftPreviewMixin, DetailView):
    model = Guide

    def get_context_data(self, **kwargs):
        guide = self.object
        # The policies are another app's: they are listed only while published, like everything on a public page.
        policies = guide.related_policies.model.objects.published().filter(guides=guide)
        return super().get_context_data(
            steps=list(guide.steps.all()),
            related_policies=list(policies[:RELATED_POLICIES_SHOWN]),
            panels=panels("guides:guide-detail", guide),
            **kwargs,
        )
