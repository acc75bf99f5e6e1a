"""
The site's own address. Every absolute URL the site writes (canonical and hreflang links, sitemaps, feeds,
calendars, the flyer, robots.txt) is `absolute_url(path)`: the configured `SITE_URL` and a path of this site.
Nothing here reads the request, so no Host header, `X-Forwarded-Host` or odd path a visitor sends
(`//evil.example/en/`, `/\\evil.example`) can make the site link elsewhere.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri

EXAMPLE = "https://outreach.example.org"


def site_url_problem(value=None):
    """Why `value` (SITE_URL by default) cannot be the site's address, or None."""
    value = settings.SITE_URL if value is None else value
    if not value:
        return f"Set SITE_URL to the address residents reach the site at, such as {EXAMPLE}."
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        hostname = None
    if (
        parts.scheme not in ("http", "https")
        or not hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        return f"SITE_URL must be an http(s) address with no path, query or user name, such as {EXAMPLE}: {value!r}."
    return None


def site_url():
    """SITE_URL without a trailing slash ("https://outreach.example.org")."""
    if problem := site_url_problem():
        raise ImproperlyConfigured(problem)
    return settings.SITE_URL.rstrip("/")


def site_scheme():
    return urlsplit(site_url()).scheme


def site_domain():
    """SITE_URL's host (and port): the address residents should see in their browser, and calendars' UID domain."""
    return urlsplit(site_url()).netloc


def site_path(path):
    """
    `path` as a path of this site: quoted, with exactly one leading slash, so it can never be read as a
    protocol-relative address (`//evil.example`, or `/\\evil.example`, which browsers treat the same).
    """
    # iri_to_uri percent-encodes "\\", spaces and control characters (browsers drop tabs and line breaks from a
    # URL, which could join "/" and "/" into "//"); what it keeps is plain path text and "%XX" escapes.
    return "/" + iri_to_uri(str(path)).lstrip("/")


def absolute_url(path):
    """The site's address of `path` (a path such as `reverse()` or `get_absolute_url()` gives)."""
    return f"{site_url()}{site_path(path)}"


def resolved_path(request, language):
    """
    The page `request` resolved to, reversed in `language` (slugs are shared by every language), or None when the
    request resolved to no page (a 404 for an unknown address). Built from the resolved view and its captured
    arguments, never from the path the visitor sent: those arguments matched the URL patterns' converters.
    """
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return None
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)
        except NoReverseMatch:
            return None
