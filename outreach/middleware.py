from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.db import InterfaceError, OperationalError
from django.urls import reverse


class DatabaseUnavailableMiddleware:
    """Answer with the bilingual 503 page (911 and the non-emergency number) when the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            from .views import service_unavailable

            return service_unavailable(request)
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    The strict policy everywhere, relaxed in the admin only for inline styles: Django's admin widgets and the
    rich-text editor set `style` attributes. Public pages never get `unsafe-inline`.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
