from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import to_locale

from editorial.i18n import active_language, language_codes, language_name, source_language
from editorial.links import absolute_url, resolved_path, site_domain, site_scheme

from .models import Alert, SiteSettings
from .sharing import site_card, site_image_path


def page_query(request):
    """
    The part of the query string that makes a page of its own ("?topic=…&page=2"): the parameters the view names
    in `canonical_parameters`, in that order. Filters are left out, so a filtered list points to its unfiltered
    page as the canonical one.
    """
    view_class = getattr(getattr(request.resolver_match, "func", None), "view_class", None)
    names = getattr(view_class, "canonical_parameters", ())
    values = [(name, request.GET.get(name, "")) for name in names]
    # The first page is the list itself.
    pairs = [(name, value) for name, value in values if value and (name, value) != ("page", "1")]
    return f"?{urlencode(pairs)}" if pairs else ""


def language_links(request):
    """The current page in every language: for the switcher, hreflang alternates and the canonical link.

    Slugs are shared by all languages, so the same page under another prefix is the same resolved view
    reversed in that language. A page that does not resolve (a 404) links to each language's home page.
    Built from the resolved view, never from the path the visitor sent (`//evil.example/en/` must not become a
    link to evil.example), and made absolute with SITE_URL, never with the Host header.
    """
    current = active_language()
    query = request.META.get("QUERY_STRING", "")
    own_page = page_query(request)
    links = []
    for code in language_codes():
        path = resolved_path(request, code)
        if path is None:
            with translation.override(code):
                path = reverse("outreach:home")
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "path": path,
                # A path of this site (starting with its language prefix): the switcher stays on the host the
                # reader is on. The query string only follows the path, so it cannot name another host.
                "href": f"{path}?{query}" if query else path,
                "absolute_url": absolute_url(f"{path}{own_page}"),
                "is_active": code == current,
                "is_source": code == source_language(),
            }
        )
    return links


def canonical_url(request):
    """This page's address on SITE_URL, or None for an address that is no page (a 404 names no canonical)."""
    path = resolved_path(request, active_language())
    return absolute_url(f"{path}{page_query(request)}") if path is not None else None


MAIN_NAVIGATION = [
    ("outreach:home", _("Home")),
    ("events:event-list", _("Meetings")),
    ("policies:policy-list", _("Our commitments")),
    ("guides:guide-list", _("Step by step")),
    ("outreach:faq", _("Questions")),
    ("outreach:resource-list", _("Legal help")),
    ("outreach:fact-check-list", _("Rumor control")),
    ("outreach:ask", _("Ask a question")),
]


# The site's own pages, for the templates of the apps below it (which do not name this app's URLs).
SITE_PAGES = {
    "home": reverse_lazy("outreach:home"),
    "faq": reverse_lazy("outreach:faq"),
    "ask": reverse_lazy("outreach:ask"),
    "wallet_card": reverse_lazy("outreach:wallet-card"),
}


def site(request):
    return {
        "site_pages": SITE_PAGES,
        "site": SimpleLazyObject(SiteSettings.load),
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
        # The official address, from SITE_URL (one source of truth), shown in the footer when it is HTTPS.
        "official_domain": site_domain() if site_scheme() == "https" else "",
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "main_navigation": MAIN_NAVIGATION,
        # Queried on every page, so a banner appears and disappears at its times without a restart.
        "active_alerts": SimpleLazyObject(lambda: list(Alert.objects.active())),
        # Pages with a picture of their own (a meeting, a fact check) replace it in their context.
        "share_image": SimpleLazyObject(default_share_image),
        "og_locales": SimpleLazyObject(og_locales),
    }


def default_share_image():
    card = site_card()
    return {"url": absolute_url(site_image_path()), "alt": card.alt}


def og_locale(code):
    """Open Graph's locale form of a language code ("es" -> "es_US"): the site serves residents in the US."""
    name = to_locale(code)
    return name if "_" in name else f"{name}_US"


def og_locales():
    """This page's locale and the other languages' (`og:locale`, `og:locale:alternate`)."""
    current = active_language()
    return {
        "current": og_locale(current),
        "alternates": [og_locale(code) for code in language_codes() if code != current],
    }
