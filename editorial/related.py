"""
Content of a higher app that belongs on a lower app's page: the FAQ entries about a policy. The higher app
registers the link (`register()`, in its AppConfig.ready()); the lower app's page lists whatever is registered
(`related_to()`), so it never needs to know the higher app exists.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RelatedContent:
    related_name: str  # the reverse accessor on the lower model, such as "faq_entries"
    heading: str  # the section's heading on the page (lazy, translated)
    title_field: str  # the translated field shown as each link's text
    css_class: str  # the section's class, for styling and tests
    more_label: str  # the link shown when there are more than the page lists (lazy, translated)
    more_url: str  # where it goes (lazy)


_registry = {}


def register(model, related_name, *, heading, title_field, css_class, more_label, more_url):
    _registry.setdefault(model, [])
    entry = RelatedContent(related_name, heading, title_field, css_class, more_label, more_url)
    if entry not in _registry[model]:
        _registry[model].append(entry)


def related_to(obj, *, limit):
    """
    [{"content": RelatedContent, "items": [...], "has_more": bool}] of the published related items: at most
    `limit` of each kind (one query per kind), so that the page stays the same size however many there are.
    """
    groups = []
    for content in _registry.get(type(obj), []):
        items = list(getattr(obj, content.related_name).published()[: limit + 1])
        if items:
            groups.append({"content": content, "items": items[:limit], "has_more": len(items) > limit})
    return groups


# --- Panels: a higher app's box on a lower app's page ---------------------------------------------------------------
# The flyer of a meeting (events) carries the key commitments (policies): the site (outreach), which knows both,
# provides them. A provider returns {"template": ..., **context}, or None to add nothing; its queries must be
# bounded, since the page runs it on every request. A page about one item passes it (a guide gets the legal help).

_panels = {}


def provide(place, provider):
    """Register `provider()` for the page `place` ("events:flyer"); registering it again changes nothing."""
    _panels.setdefault(place, [])
    if provider not in _panels[place]:
        _panels[place].append(provider)


def panels(place, *items):
    """What the providers of `place` return, given the page's `items`: [{"template": ..., **context}], in order."""
    return [panel for provider in _panels.get(place, []) if (panel := provider(*items))]
