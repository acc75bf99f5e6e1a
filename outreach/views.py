from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from editorial import replicas
from editorial.i18n import active_language, source_language
from editorial.links import absolute_url
from editorial.pagecache import same_in_every_language
from editorial.paging import counts_by, first_of_each
from editorial.views import DraftPreviewMixin, ShareImageView
from events.models import Event
from guides.views import request_letter_csrf_failure
from policies.models import Policy

from .cache import cache_answers
from .database import database_answers
from .forms import AskForm, ResourceFilterForm, SearchForm
from .models import (
    FactCheck,
    FaqCategory,
    FaqEntry,
    Resource,
    ResourceCategory,
    SiteSettings,
    resource_category_url,
)
from .search import parse_query, search
from .services import over_question_limit, record_question
from .sharing import fact_check_card, fact_check_image_path, fact_check_links, organization_data, site_card

# The most recent major policy changes the home page shows (each for NOTE_ON_HOME_PAGE after it is public).
POLICY_CHANGES_ON_HOME = 3


class HomeView(TemplateView):
    template_name = "outreach/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published_policies = Policy.objects.published()
        upcoming = Event.objects.published().upcoming().with_places()
        next_events = list(upcoming[:3])
        going_ahead = next((event for event in next_events if not event.is_called_off), None)
        if going_ahead is None and len(next_events) == 3:  # the next three are all called off: look further
            going_ahead = upcoming.going_ahead().first()
        # The commitments and their exceptions in one query, which leaves room for the recent policy changes.
        grouped = published_policies.commitments_and_exceptions()
        context.update(
            next_events=next_events,
            next_going_ahead=going_ahead,
            commitments=grouped["key_commitments"],
            exceptions=grouped["exceptions"],
            policy_changes=list(published_policies.recently_changed()[:POLICY_CHANGES_ON_HOME]),
            latest_fact_check=FactCheck.objects.published().first(),
            faq_highlights=FaqEntry.objects.published().highlighted()[:4],
            structured_data=organization_data(),
        )
        return context


# How much of a long collection one page shows: every page stays small whatever the number of items.
CATEGORIES_PER_PAGE = 30
QUESTIONS_PER_CATEGORY = 4  # on the FAQ index
QUESTIONS_PER_PAGE = 20
RESOURCES_PER_KIND = 3  # on the overview
RESOURCES_PER_PAGE = 20
FACT_CHECKS_PER_PAGE = 20


class ItemAnchorMixin:
    """
    A list page that answers links made before its items had pages of their own ("/en/faq/#faq-12"). Fragments
    never reach the server, so when that anchor is not on the page, `js/item-anchors.js` asks for `?item=12`,
    and this sends the reader on to the item's page (a 404 when no such item is published).
    """

    item_model = None
    item_anchor = ""  # the anchors' prefix ("faq" for "#faq-12"), for the script

    def get(self, request, *args, **kwargs):
        if "item" not in request.GET:
            return super().get(request, *args, **kwargs)
        number = request.GET["item"]
        item = self.item_model.objects.published().filter(pk=number).first() if number.isdigit() else None
        if item is None:
            raise Http404("No such item")
        return HttpResponseRedirect(item.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(item_anchor=self.item_anchor, **kwargs)


class FaqIndexView(ItemAnchorMixin, ListView):
    """Every category with its number of questions and its first few (highlighted first), linked to their pages."""

    template_name = "outreach/faq_index.html"
    paginate_by = CATEGORIES_PER_PAGE
    canonical_parameters = ("page",)
    item_model = FaqEntry
    item_anchor = "faq"

    def get_queryset(self):
        # Counted by the database in one query; the categories without published entries are left out.
        self.entry_counts = counts_by(FaqEntry.objects.published(), "category")
        return FaqCategory.objects.filter(pk__in=list(self.entry_counts))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        categories = list(context["object_list"])
        entries = FaqEntry.objects.published().filter(category__in=[category.pk for category in categories])
        # The index shows questions only: their answers (every language's) stay in the database.
        entries = entries.defer("answer", "translation_record")
        firsts = first_of_each(entries, "category", QUESTIONS_PER_CATEGORY, FaqEntry.CATEGORY_ORDERING)
        for category in categories:
            category.entry_count = self.entry_counts[category.pk]
            category.first_entries = firsts.get(category.pk, [])
        context["categories"] = categories
        return context


class FaqCategoryView(ListView):
    """One category's questions with their answers, a page at a time, with the page's questions listed on top."""

    template_name = "outreach/faqcategory_detail.html"
    paginate_by = QUESTIONS_PER_PAGE
    canonical_parameters = ("page",)

    def get_queryset(self):
        self.category = get_object_or_404(FaqCategory, slug=self.kwargs["category"])
        entries = FaqEntry.objects.published().filter(category=self.category)
        entries = entries.select_related("related_policy", "related_guide")
        return entries.in_category_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(category=self.category, **kwargs)
        context["structured_data"] = faq_structured_data(context["object_list"])
        return context


class FaqEntryView(DraftPreviewMixin, DetailView):
    """One question and its answer. An entry moved to another category answers at its new address only."""

    model = FaqEntry
    queryset = FaqEntry.objects.select_related("category", "related_policy", "related_guide")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.category.slug != kwargs["category"]:
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = faq_structured_data([self.object])
        return context


def faq_structured_data(entries):
    """schema.org FAQPage data for the questions and answers a page shows (and only those)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": str(entry.question),
                "acceptedAnswer": {"@type": "Answer", "text": str(entry.answer)},
            }
            for entry in entries
        ],
    }


class ResourceListView(View):
    """/resources/: an overview of the kinds of help, or one kind's page when `?category=` names it."""

    canonical_parameters = ("category", "page")

    def get(self, request, *args, **kwargs):
        view = ResourceCategoryView if request.GET.get("category") else ResourceOverviewView
        return view.as_view()(request, *args, **kwargs)


class ResourceOverviewView(ItemAnchorMixin, TemplateView):
    """Each kind of help with its number of organizations and the first few, linked to the kind's page."""

    template_name = "outreach/resource_overview.html"
    item_model = Resource
    item_anchor = "resource"

    def get_context_data(self, **kwargs):
        published = Resource.objects.published()
        counts = counts_by(published, "category")
        firsts = first_of_each(published, "category", RESOURCES_PER_KIND, ("order", "pk"))
        kinds = [
            {
                "value": value,
                "label": label,
                "url": resource_category_url(value),
                "count": counts[value],
                "resources": firsts.get(value, []),
            }
            for value, label in ResourceCategory.choices
            if counts.get(value)
        ]
        return super().get_context_data(kinds=kinds, **kwargs)


class ResourceCategoryView(ItemAnchorMixin, ListView):
    """One kind of help, a page at a time, filtered by language and cost. An unknown kind is a 404."""

    template_name = "outreach/resource_list.html"
    paginate_by = RESOURCES_PER_PAGE
    item_model = Resource
    item_anchor = "resource"

    def get_queryset(self):
        self.category = self.request.GET["category"]
        if self.category not in ResourceCategory.values:
            raise Http404("No such category")
        self.filter_form = ResourceFilterForm(self.request.GET)
        self.filters = self.filter_form.filters()
        resources = Resource.objects.published().filter(category=self.category)
        if language := self.filters.get("language"):
            resources = resources.serving(language)
        if self.filters.get("free"):
            resources = resources.free()
        return resources

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("item", None)
        return super().get_context_data(
            categories=[(value, label, resource_category_url(value)) for value, label in ResourceCategory.choices],
            category=self.category,
            category_label=ResourceCategory(self.category).label,
            category_url=resource_category_url(self.category),
            filter_form=self.filter_form,
            is_filtered=bool(self.filters),
            filter_query=query.urlencode(),
            **kwargs,
        )


class ResourceDetailView(DraftPreviewMixin, DetailView):
    model = Resource


class FactCheckListView(ItemAnchorMixin, ListView):
    """Rumor control, newest first, a page at a time; each fact check keeps its anchor here and has its own page."""

    template_name = "outreach/factcheck_list.html"
    paginate_by = FACT_CHECKS_PER_PAGE
    canonical_parameters = ("page",)
    item_model = FactCheck
    item_anchor = "fact-check"

    def get_queryset(self):
        return FactCheck.objects.published().select_related("related_policy")


class FactCheckDetailView(DraftPreviewMixin, DetailView):
    model = FactCheck
    queryset = FactCheck.objects.select_related("related_policy")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(share=fact_check_links(self.object), **kwargs)
        if not context["is_preview"]:  # a draft's picture has no address: the preview keeps the site's card
            url = absolute_url(fact_check_image_path(self.object))
            context["share_image"] = {"url": url, "alt": fact_check_card(self.object).alt}
        return context


class FactCheckShareImageView(ShareImageView):
    """A fact check's link-preview picture: the claim, marked as a rumor, in the language of the address."""

    def get_card(self):
        self.fact_check = get_object_or_404(FactCheck.objects.published(), slug=self.kwargs["slug"])
        return fact_check_card(self.fact_check)

    def get_card_url(self, card):
        return reverse("outreach:fact-check-share-image", kwargs={"slug": self.fact_check.slug, "digest": card.digest})


class SiteShareImageView(ShareImageView):
    """The picture of every page without one of its own."""

    def get_card(self):
        return site_card()

    def get_card_url(self, card):
        return reverse("outreach:share-image", kwargs={"digest": card.digest})


class SearchView(TemplateView):
    template_name = "outreach/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query, terms, shortened = parse_query(self.request.GET.get("q", ""))
        groups = search(query) if terms else []
        context.update(
            form=form,
            query=query,
            shortened=shortened,
            groups=groups,
            result_count=sum(len(group.results) for group in groups),
            searched=bool(terms),
            source_language_code=source_language(),
        )
        return context


# The form carries a CSRF token matching the cookie it sets: no cache may keep it (the page cache never stores it).
@method_decorator(never_cache, name="dispatch")
class AskView(FormView):
    """
    Ask a question without giving a name. Only the text, its language, the topic and the hour are stored.
    A refused submission (spam checks, too long, over the limit) shows the form again with the text kept.
    """

    template_name = "outreach/ask.html"
    form_class = AskForm

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The page sends a form, so it needs the CSRF cookie; this is the one page that sets a cookie.
        get_token(request)
        return response

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if over_question_limit(request):
            return self.render_to_response(self.get_context_data(form=form, rate_limited=True), status=429)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        record_question(form.cleaned_data["text"], active_language(), form.cleaned_data["topic"])
        return HttpResponseRedirect(f"{reverse('outreach:ask')}?sent=1")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sent=self.request.method == "GET" and self.request.GET.get("sent") == "1",
            retention_days=settings.QUESTION_RETENTION_DAYS,
        )
        return context


class PrivacyView(TemplateView):
    template_name = "outreach/privacy.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "retention_days": settings.QUESTION_RETENTION_DAYS}


# A wallet card holds a few lines: the commitments it lists, however many are published. The exception is never cut.
WALLET_CARD_COMMITMENTS = 4
WALLET_CARD_EXCEPTIONS = 2
# Copies on one printed page (Letter or A4), each a front and back side by side, to cut out and fold in half.
WALLET_CARD_COPIES = 4


class WalletCardView(TemplateView):
    """
    The "know your rights" card, in the page's language: the published key commitments a line each and the
    exception in full beside them on the front; 911, the non-emergency number and the site's address on the back.
    """

    template_name = "outreach/wallet_card.html"

    def get_context_data(self, **kwargs):
        published = Policy.objects.published()
        address = absolute_url(reverse("outreach:home"))
        return {
            **super().get_context_data(**kwargs),
            "commitments": list(published.commitments()[:WALLET_CARD_COMMITMENTS]),
            "exceptions": list(published.exceptions()[:WALLET_CARD_EXCEPTIONS]),
            "site_address": address,
            # Printed without "https://": shorter to type from a card.
            "site_address_text": address.split("://", 1)[-1],
            "copies": range(WALLET_CARD_COPIES),
        }


@same_in_every_language
@require_GET
def robots_txt(request):
    # No "Disallow" for the admin: robots.txt is public, and naming ADMIN_URL there would publish the address a
    # department chose to keep out of sight. Admin pages carry a noindex robots meta instead.
    lines = ["User-agent: *", "Disallow:", f"Sitemap: {absolute_url(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin): answer instead of logging a 404.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
@require_safe
def healthz(request):
    """
    For load balancers and monitoring: `{"database": "ok", "cache": "ok"}`, each "ok" or "unavailable". 200 when
    the database answers, 503 when it does not. The cache alone does not fail the check: without it pages are
    served uncached, slower but whole. Nor does a standby, when one is configured (`"replica"`): without it the
    primary makes every page.
    """
    states = {
        "database": "ok" if database_answers() else "unavailable",
        "cache": "ok" if cache_answers() else "unavailable",
    }
    if replicas.configured():
        states["replica"] = "ok" if database_answers(replicas.REPLICA) else "unavailable"
    return JsonResponse(states, status=200 if states["database"] == "ok" else 503)


def error_context():
    """What the error pages show without touching the database."""
    return {"contacts": SiteSettings.contact_numbers(), "quick_exit_url": settings.QUICK_EXIT_URL}


def service_unavailable(request):
    """The bilingual page shown when the database is down. It needs nothing from the database."""
    response = TemplateResponse(request, "503.html", error_context(), status=503)
    response["Retry-After"] = "60"
    return response.render()


def server_error(request):
    return TemplateResponse(request, "500.html", error_context(), status=500).render()


def page_not_found(request, exception):
    """The site's 404 page, or the 503 page when the database (which the 404 page reads) is down."""
    try:
        return defaults.page_not_found(request, exception)
    except (OperationalError, InterfaceError):
        return service_unavailable(request)


def csrf_failure(request, reason=""):
    """
    A form sent without a valid CSRF token: usually the ask form, opened before the browser was closed (the
    cookie lasts one browser session). Show the form again with the question kept, instead of an error. The same
    for a guide's request letter, whose form is the guides app's.
    """
    if (response := request_letter_csrf_failure(request)) is not None:
        return response
    if request.method == "POST" and request.resolver_match and request.resolver_match.view_name == "outreach:ask":
        form = AskForm(data={"text": request.POST.get("text", ""), "topic": request.POST.get("topic", "")})
        context = {"form": form, "retention_days": settings.QUESTION_RETENTION_DAYS}
        response = TemplateResponse(request, "outreach/ask.html", context, status=403)
        get_token(request)
        return response.render()
    return defaults.permission_denied(request, PermissionDenied(reason))
