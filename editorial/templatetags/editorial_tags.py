from django import template
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import textdiff
from ..escaping import json_for_script, mailto
from ..i18n import active_language, language_name, source_language
from ..links import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def lang_attr(context, obj, field):
    """
    ` lang="en" data-fallback` when `field` is shown in the source language because the active language has no
    text. The stylesheet badges such text with its language, and the page notes it (`page_fallback_notice`).
    """
    if not obj.falls_back(field):
        return ""
    if request := context.get("request"):
        request.editorial_shows_fallback = True
    return format_html(' lang="{}" data-fallback', source_language())


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def page_fallback_notice(context):
    """At the end of the page: a note when any text above fell back to the source language."""
    request = context.get("request")
    shown = getattr(request, "editorial_shows_fallback", False)
    return _notice(shown and not getattr(request, "editorial_noted_fallback", False))


def _notice(show):
    return {
        "show": show,
        "language": language_name(active_language(), local=False),
        "source_language": language_name(source_language(), local=False),
    }


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def fallback_notice(context, obj):
    """
    A visible note when part of `obj` is not yet translated into the active language, or when its source text
    changed after the translation was made (an outdated translation must not pass for the current text), with
    a link to the page in the source language.
    """
    show = bool(obj.fallback_fields())
    if show and (request := context.get("request")):
        request.editorial_noted_fallback = True
    notice = _notice(show)
    code = active_language()
    if code != source_language() and obj.source_changes(code) and hasattr(obj, "get_absolute_url"):
        with translation.override(source_language()):
            notice["source_url"] = obj.get_absolute_url()
        notice["outdated"] = True
        notice["source_code"] = source_language()
        notice["source_changed_on"] = obj.text_date(source_language())
    return notice


@register.simple_tag(takes_context=True)
def translation_date(context, obj):
    """When the text of `obj` in the reader's language was last written, on a page in a translation; else None."""
    code = active_language()
    if code == source_language():
        return None
    return obj.text_date(code)


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


@register.simple_tag
def structured_data(data):
    """schema.org data as <script type="application/ld+json">: data for search engines, never executed."""
    payload = json_for_script(data)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 (escaped by json_for_script)


@register.simple_tag
def mailto_href(address="", subject="", body=""):
    """A mailto: address with its subject and body percent-encoded (editorial.escaping.mailto)."""
    return mailto(address, subject, body)


@register.simple_tag
def site_address(path):
    """`path` on the configured site address (SITE_URL), never on the host the request came to."""
    return absolute_url(path)


@register.simple_tag
def word_diff(old, new):
    """Old text -> new text, word by word, paragraphs kept apart (`editorial.textdiff`); markup stripped."""
    return textdiff.word_diff(old, new, rich=True, context=None)


@register.simple_tag
def field_value(obj, name):
    """`obj.<name>` for a field name held in a variable (a related-content group's title field)."""
    return getattr(obj, name)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 (rendered, so escaped)
        return ""


@register.tag
def capture(parser, token):
    """
    `{% capture as name %}…{% endcapture %}`: what is inside, rendered once into `name`, so a block a page fills in
    (its title, its description) can be written in several places of the head (<title>, Open Graph).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def helpful_key(obj):
    """What the "Was this page helpful?" form sends to name `obj` ("policies.policy.12"); empty unless it asks."""
    from ..helpful import asks, item_key

    return item_key(obj) if asks(obj) else ""
