"""The site's URLs plus the floor: a constant view behind exactly the middleware every page goes through."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from outreach.urls import handler404, handler500  # noqa: F401
from outreach.urls import urlpatterns as site_urlpatterns

FLOOR_BODY = b"floor\n"


@require_safe
def floor(request):
    """
    What Django costs on this stack with no work of the site's own: no template, no query, no page cache. The
    benchmark reports every page's throughput as a fraction of this view's, measured in the same run.
    """
    return HttpResponse(FLOOR_BODY, content_type="text/plain")


urlpatterns = [path("bench/floor", floor, name="bench-floor"), *site_urlpatterns]
