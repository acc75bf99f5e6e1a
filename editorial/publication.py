"""
The one publication rule: whether an item is visible to the public at a moment `at`.

The rule is written once, as `Q` conditions. The database evaluates them in querysets (`published(at)` and the
admin's filter); `holds()` evaluates the very same conditions on an instance or a history record in Python (the
admin column, `is_published`, the history pages, alerts). Nothing else in the project compares publishing dates.

A publishing window opens at `publish_at` (empty: at once) and closes at `unpublish_at` (empty: never): an item is
visible from exactly `publish_at` up to, but not at, `unpublish_at`.
"""

import operator

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublicationState(models.TextChoices):
    """Where an item stands at a moment. Every item is in exactly one state."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Published")
    EXPIRED = "expired", _("Unpublished by date")


def window_is_open(at, start="publish_at", end="unpublish_at"):
    """The window [start, end) contains `at`; an empty start is "always", an empty end is "never"."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": at})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": at})
    )


def state_conditions(at):
    """{state: Q}, mutually exclusive and together covering every item, at the moment `at`."""
    published = Q(status=PublishStatus.PUBLISHED)
    started = Q(publish_at__isnull=True) | Q(publish_at__lte=at)
    return {
        PublicationState.DRAFT: ~published,
        PublicationState.SCHEDULED: published & ~started,
        PublicationState.LIVE: published & window_is_open(at),
        PublicationState.EXPIRED: published & started & Q(unpublish_at__lte=at),
    }


def moment(at=None):
    return at or timezone.now()


def live(at=None):
    return state_conditions(moment(at))[PublicationState.LIVE]


def state_of(item, at=None):
    """The item's `PublicationState` at `at` (now by default), by the same conditions the querysets use."""
    at = moment(at)
    return next(state for state, condition in state_conditions(at).items() if holds(condition, item))


# --- Evaluating a Q in Python ---------------------------------------------------------------------------------

# SQL semantics: a comparison with NULL is never true. Negation then behaves as Django makes it behave on
# nullable columns (`NOT (x > 1 AND x IS NOT NULL)`), so the database and Python agree on every row.
_LOOKUPS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def holds(condition, item):
    """Whether `item` (any object with the named attributes) satisfies `condition`, a Q of simple lookups."""
    if isinstance(condition, Q):
        results = (holds(child, item) for child in condition.children)
        result = all(results) if condition.connector == Q.AND else any(results)
        return not result if condition.negated else result
    lookup, expected = condition
    field, _separator, name = lookup.partition("__")
    value = getattr(item, field)
    if name == "isnull":
        return (value is None) == expected
    if expected is None and name in ("", "exact"):
        return value is None
    try:
        compare = _LOOKUPS[name or "exact"]
    except KeyError:
        raise ValueError(f"holds() does not evaluate the lookup {lookup!r}") from None
    if value is None or expected is None:
        return False
    return compare(value, expected)
