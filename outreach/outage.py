"""
The outage page: the bilingual page the web server in front shows when the application cannot answer at all (a
502, 503 or 504 from nginx: the app servers are down or restarting). It is a static file, written next to the other
static files when they are collected (outreach.staticfiles), so it exists even when Django cannot run; it shows
911, the non-emergency number, the key commitments and the warrant exception in every language.
"""

from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.utils import translation

from editorial.i18n import source_language

OUTAGE_PAGE = "outage.html"


def outage_context():
    """What the page shows: the site's own numbers and commitments when the database answers, else the settings'."""
    from policies.models import Policy

    from .models import SiteSettings

    context = {
        "contacts": SiteSettings.contact_numbers(),  # the settings' numbers when no database is around
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "commitments": [],
        "exceptions": [],
    }

    try:
        site = SiteSettings.objects.first()
        if site is not None:
            context["contacts"] = {"emergency": site.emergency_number, "non_emergency": site.non_emergency_number}
        heads = Policy.objects.published().commitments_and_exceptions()
        context["commitments"], context["exceptions"] = heads["key_commitments"], heads["exceptions"]
    except DatabaseError:
        pass  # collected at build time with no database: the translated defaults in the template stand in
    return context


def write_outage_page(folder=None):
    """Render the outage page into `folder` (STATIC_ROOT by default) and return its path."""
    path = Path(folder or settings.STATIC_ROOT) / OUTAGE_PAGE
    with translation.override(source_language()):
        page = render_to_string(OUTAGE_PAGE, outage_context())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
