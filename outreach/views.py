from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import FormView, ListView, TemplateView

from editorial.i18n import active_language, source_language
from editorial.pagecache import same_in_every_language
from events.models import Event
from policies.models import Policy

from .forms import AskForm, SearchForm
from .models import FactCheck, FaqCategory, FaqEntry, Resource, ResourceCategory, SiteSettings
from .search import parse_query, search
from .services import over_question_limit, record_question


class HomeView(TemplateView):
    template_name = "outreach/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published_policies = Policy.objects.published()
        context.update(
            next_events=Event.objects.published().upcoming().select_related("venue")[:3],
            commitments=published_policies.commitments(),
            exceptions=published_policies.exceptions(),
            latest_fact_check=FactCheck.objects.published().first(),
            faq_highlights=FaqEntry.objects.published().highlighted()[:4],
        )
        return context


class FaqView(TemplateView):
    """Every published question, grouped by category, with schema.org FAQPage data for search engines."""

    template_name = "outreach/faq.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        categories = FaqCategory.objects.with_published_entries()
        context["categories"] = categories
        context["structured_data"] = faq_structured_data(
            entry for category in categories for entry in category.published_entries
        )
        return context


def faq_structured_data(entries):
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


class ResourceListView(ListView):
    """Legal and community help, filterable by category; an unknown category is a 404."""

    template_name = "outreach/resource_list.html"

    def get_queryset(self):
        self.category = self.request.GET.get("category", "")
        if self.category and self.category not in ResourceCategory.values:
            raise Http404("No such category")
        resources = Resource.objects.published()
        return resources.filter(category=self.category) if self.category else resources

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = ResourceCategory.choices
        context["category"] = self.category
        context["category_label"] = ResourceCategory(self.category).label if self.category else ""
        return context


class FactCheckListView(ListView):
    template_name = "outreach/factcheck_list.html"
    paginate_by = 20

    def get_queryset(self):
        return FactCheck.objects.published().select_related("related_policy")


class SearchView(TemplateView):
    template_name = "outreach/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query, terms, shortened = parse_query(self.request.GET.get("q", ""))
        context.update(
            form=form,
            query=query,
            shortened=shortened,
            results=search(query) if terms else [],
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


@same_in_every_language
@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin): answer instead of logging a 404.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
@require_safe
def healthz(request):
    """200 when the site can reach its database, 503 when it cannot (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


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
    cookie lasts one browser session). Show the form again with the question kept, instead of an error.
    """
    if request.method == "POST" and request.resolver_match and request.resolver_match.view_name == "outreach:ask":
        form = AskForm(data={"text": request.POST.get("text", ""), "topic": request.POST.get("topic", "")})
        context = {"form": form, "retention_days": settings.QUESTION_RETENTION_DAYS}
        response = TemplateResponse(request, "outreach/ask.html", context, status=403)
        get_token(request)
        return response.render()
    return defaults.permission_denied(request, PermissionDenied(reason))
