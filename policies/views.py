from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, View

from editorial.i18n import language_name, source_language
from editorial.links import absolute_url
from editorial.paging import counts_by, first_of_each, page_of
from editorial.related import related_to
from editorial.views import DraftPreviewMixin

from .history import published_revisions
from .models import Policy, PolicyTopic

# How much of a long collection one page shows: every page stays small whatever the number of policies.
TOPICS_PER_PAGE = 10
POLICIES_PER_TOPIC = 4  # on the index
POLICIES_PER_PAGE = 20  # on a topic's page
REVISIONS_PER_PAGE = 20
RELATED_PER_KIND = 10  # FAQ entries (and the like) listed on a policy's page
COMPANIONS_SHOWN = 12  # commitments listed on the exception's page, exceptions beside a commitment


class PolicyListView(View):
    """/policies/: the index, or one topic's page when `?topic=` names it."""

    canonical_parameters = ("topic", "page")

    def get(self, request, *args, **kwargs):
        view = PolicyTopicView if request.GET.get("topic") else PolicyIndexView
        return view.as_view()(request, *args, **kwargs)


class PolicyIndexView(ListView):
    """
    Key commitments first and the exception right beside them, then each topic with its first few policies and a
    link to its page. The commitments and exceptions open every page of the index.
    """

    template_name = "policies/policy_list.html"
    paginate_by = TOPICS_PER_PAGE

    def get_queryset(self):
        # Counted by the database in one query; topics with nothing but commitments (shown above) are left out.
        self.policy_counts = counts_by(Policy.objects.published().by_topic(), "topic")
        return PolicyTopic.objects.filter(pk__in=list(self.policy_counts))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Policy.objects.published()
        topics = list(context["object_list"])
        listed = published.by_topic().filter(topic__in=[topic.pk for topic in topics])
        firsts = first_of_each(listed, "topic", POLICIES_PER_TOPIC, ("order", "pk"))
        context["topics"] = [
            {"topic": topic, "count": self.policy_counts[topic.pk], "policies": firsts.get(topic.pk, [])}
            for topic in topics
        ]
        context.update(published.commitments_and_exceptions())
        return context


class PolicyTopicView(ListView):
    """One topic's policies, a page at a time (the key commitments and their exceptions stay on the index)."""

    template_name = "policies/policytopic_detail.html"
    paginate_by = POLICIES_PER_PAGE

    def get_queryset(self):
        self.topic = get_object_or_404(PolicyTopic, slug=self.request.GET["topic"])
        return Policy.objects.published().by_topic().filter(topic=self.topic).order_by("order", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, pagination_query=f"topic={self.topic.slug}", **kwargs)


class PolicyPageMixin(DraftPreviewMixin):
    """One policy, published (or a draft, for staff who may change it)."""

    model = Policy
    queryset = Policy.objects.select_related("topic")


class PolicyDetailView(PolicyPageMixin, DetailView):
    def get_context_data(self, **kwargs):
        policy = self.object
        companions = list(policy.companions()[: COMPANIONS_SHOWN + 1])
        return super().get_context_data(
            change_note=policy.change_note,
            document=policy.document_for(),
            related=related_to(policy, limit=RELATED_PER_KIND),
            companions=companions[:COMPANIONS_SHOWN],
            more_companions=len(companions) > COMPANIONS_SHOWN,
            print_url=absolute_url(policy.get_absolute_url()),
            **kwargs,
        )


class PolicyHistoryView(PolicyPageMixin, DetailView):
    """Every published version of a policy, newest first, with what changed in each language, a page at a time."""

    template_name = "policies/policy_history.html"
    canonical_parameters = ("page",)

    def get_context_data(self, **kwargs):
        page = page_of(self.request, published_revisions(self.object), REVISIONS_PER_PAGE)
        # The list counts down across pages: the newest version has the highest number.
        first_number = page.paginator.count - page.start_index() + 1
        return super().get_context_data(
            revisions=page.object_list,
            page_obj=page,
            first_number=first_number,
            source_language_name=language_name(source_language(), local=False),
            **kwargs,
        )
