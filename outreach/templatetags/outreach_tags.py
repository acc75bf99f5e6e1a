from django import template
from django.utils.html import format_html

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
def tel_href(number):
    """A phone number as a `tel:` address: digits and a leading plus only."""
    number = str(number or "")
    digits = "".join(char for char in number if char.isdigit())
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"
