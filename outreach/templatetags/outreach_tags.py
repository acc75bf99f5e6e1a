import json

from django import template
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..i18n import active_language, language_name, source_language

register = template.Library()


@register.simple_tag
def lang_attr(obj, field):
    """` lang="en"` when `field` is shown in the source language because the active language has no text."""
    if obj.falls_back(field):
        return format_html(' lang="{}"', source_language())
    return ""


@register.inclusion_tag("includes/fallback_notice.html")
def fallback_notice(obj):
    """A visible note when part of `obj` is not yet translated into the active language."""
    return {
        "show": bool(obj.fallback_fields()),
        "language": language_name(active_language(), local=False),
        "source_language": language_name(source_language(), local=False),
    }


@register.filter
def in_active_language(url):
    """A link to a page of this site, moved to the reader's language ("/en/events/" -> "/es/eventos/")."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    reader_language = active_language()
    # A path resolves only under its own language's prefix, so resolve it in that language first.
    with translation.override(translation.get_language_from_path(url) or reader_language):
        return translate_url(url, reader_language)


@register.filter
def tel_href(number):
    """A phone number as a `tel:` address: digits and a leading plus only."""
    number = str(number or "")
    digits = "".join(char for char in number if char.isdigit())
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


# json_script's escapes: the data can never close the <script> element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def structured_data(data):
    """schema.org data as <script type="application/ld+json">: data for search engines, never executed."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 (escaped above)
