from django.db import InterfaceError, OperationalError

from .database import database_answers


class DatabaseUnavailableMiddleware:
    """
    Answer with the bilingual 503 page (911 and the non-emergency number) when the database is down. Any other
    database error (a lock held too long, a constraint, a bug) is not an outage: it goes on to Django's handling,
    which logs it and shows the 500 page, so it is seen and fixed instead of passing for "down for a moment".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) and not database_answers():
            from .views import service_unavailable

            return service_unavailable(request)
        return None


class PermissionsPolicyMiddleware:
    """
    `Permissions-Policy` from settings.PERMISSIONS_POLICY ({"camera": [], ...}): the browser features no page uses
    are turned off, for the site's pages and anything they could embed. Every response, the admin's included.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
