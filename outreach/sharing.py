"""
Fact checks passed on the way rumors travel (WhatsApp, text messages), their link-preview card, the site's default
card for every other page, and the department's schema.org data on the home page. In the reader's language.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from editorial import sharing
from editorial.escaping import one_line
from editorial.links import absolute_url, site_domain
from editorial.shareimage import ShareCard

from .models import SiteSettings


def _footer(settings_row):
    return f"{one_line(settings_row.organization_name)} · {site_domain()}"


# --- Fact checks ------------------------------------------------------------------------------------------------


def fact_check_text(fact_check):
    """The rumor, said to be one, and where to read what is true: the reply to a forwarded rumor."""
    url = absolute_url(fact_check.get_absolute_url())
    return "\n".join(
        [
            _("Rumor: “%(claim)s”") % {"claim": one_line(fact_check.claim)},
            _("What is true, checked by the police department:"),
            url,
        ]
    )


def fact_check_links(fact_check):
    url = absolute_url(fact_check.get_absolute_url())
    text = fact_check_text(fact_check)
    subject = _("Rumor: “%(claim)s”") % {"claim": one_line(fact_check.claim)}
    return {
        "url": url,
        "whatsapp": sharing.whatsapp(text),
        "sms": sharing.sms(text),
        "email": sharing.email(subject, text),
        "facebook": sharing.facebook(url),
    }


def fact_check_card(fact_check):
    """The claim in quotes, marked as a rumor, and the date it was checked: the verdict is "see what is true"."""
    settings_row = SiteSettings.load()
    checked = _("Checked on %(date)s") % {"date": formats.date_format(fact_check.published_on, "DATE_FORMAT")}
    return ShareCard(
        kind="fact-check",
        key=str(fact_check.pk),
        language=get_language(),
        label=_("Rumor control: a claim we checked"),
        title=f"“{one_line(fact_check.claim)}”",
        lines=[checked, _("Read what is true")],
        footer=_footer(settings_row),
    )


def fact_check_image_path(fact_check):
    digest = fact_check_card(fact_check).digest
    return reverse("outreach:fact-check-share-image", kwargs={"slug": fact_check.slug, "digest": digest})


# --- The whole site ---------------------------------------------------------------------------------------------


def site_card():
    """The picture of every page without one of its own: the program, the department and the site's address."""
    settings_row = SiteSettings.load()
    return ShareCard(
        kind="site",
        key="site",
        language=get_language(),
        label=one_line(settings_row.organization_name),
        title=one_line(settings_row.program_name),
        lines=[one_line(settings_row.tagline)] if settings_row.tagline else [],
        footer=site_domain(),
    )


def site_image_path():
    return reverse("outreach:share-image", kwargs={"digest": site_card().digest})


def organization_data():
    """schema.org `GovernmentOrganization` for the home page: the department, its site and its numbers."""
    settings_row = SiteSettings.load()
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": one_line(settings_row.organization_name),
        "alternateName": one_line(settings_row.program_name),
        "url": absolute_url("/"),
        "image": absolute_url(site_image_path()),
    }
    if settings_row.tagline:
        data["description"] = one_line(settings_row.tagline)
    if settings_row.non_emergency_number:
        data["telephone"] = settings_row.non_emergency_number
    if settings_row.contact_email:
        data["email"] = settings_row.contact_email
    return data
