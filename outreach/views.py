from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from events.models import Event

from .models import SiteSettings


class DraftPreviewMixin:
    """
    Public views show only `published()` items. Staff who may change the item also see drafts and scheduled
    items at their real address, with a "Draft preview" banner, so they can check a page before it goes out.
    """

    def can_preview(self):
        user = self.request.user
        opts = self.model._meta
        return user.is_authenticated and user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.can_preview() else queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context


class HomeView(TemplateView):
    template_name = "outreach/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_events"] = Event.objects.published().upcoming().select_related("venue")[:3]
        return context


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin): answer instead of logging a 404.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
@require_GET
def healthz(request):
    """200 when the site can reach its database, 503 when it cannot (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def service_unavailable(request):
    """The bilingual page shown when the database is down. It needs nothing from the database."""
    response = TemplateResponse(request, "503.html", {"contacts": SiteSettings.contact_numbers()}, status=503)
    response["Retry-After"] = "60"
    return response.render()


def server_error(request):
    response = TemplateResponse(request, "500.html", {"contacts": SiteSettings.contact_numbers()}, status=500)
    return response.render()
