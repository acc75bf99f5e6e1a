"""
"Was this page helpful?": a yes/no under a page that keeps only a count per page, language and day (HelpfulCount).

The form is plain HTML with no CSRF token, so a cached reading page stays cookie-free and the same for everyone
(templates/includes/helpful.html). The vote view is exempt from Django's CSRF check and protects itself instead:
- the request must come from a page of this site: its Origin (or, when a browser sends none, its Referer) is
  SITE_URL's own origin;
- it may only count for a published item of a model that asks (`@asks_if_helpful`), found by "label.pk";
- each sender has a limit per hour, counted under a keyed hash of their address that changes every window
  (editorial.counters), never the address itself.
A forged vote can therefore only add to the counts, from a page of this site, a few at a time: the same an honest
reader with a reload button can do. The counts are a nudge for editors, not a measurement to rely on.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, FloatField, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from . import counters
from .links import site_domain, site_scheme
from .models import HelpfulCount

# Votes an address may send per window; more are thanked but not counted (a shared connection at a meeting or a
# library votes many times honestly, so the limit is generous).
DEFAULT_RATE_LIMIT = 30
DEFAULT_RATE_WINDOW_SECONDS = 3600
# The editors' list: the days it adds up, and the votes a page needs before it is ranked.
RECENT_DAYS = 90
MIN_VOTES = 5

_models = {}


def asks_if_helpful(model=None, *, select_related=()):
    """
    Class decorator: this model's published pages ask "Was this page helpful?". `select_related` names what its
    `get_absolute_url()` reads (an FAQ entry's category), so the editors' list loads a page of items in one query.
    """

    def register(cls):
        _models[cls._meta.label_lower] = (cls, tuple(select_related))
        return cls

    return register(model) if model is not None else register


def helpful_models():
    return [cls for cls, _related in _models.values()]


def item_key(obj):
    """What the form sends to name the page: "policies.policy.12". It says nothing the address does not."""
    return f"{obj._meta.label_lower}.{obj.pk}"


def asks(obj):
    return obj is not None and obj._meta.label_lower in _models


def model_for(label):
    try:
        return _models[label]
    except KeyError:
        return None, ()


def find_published(key):
    """The published item `key` names, of a model that asks, or None."""
    label, _dot, pk = str(key or "").rpartition(".")
    model, related = model_for(label)
    if model is None or not pk.isdigit() or len(pk) > 18:
        return None
    return model._default_manager.published().select_related(*related).filter(pk=int(pk)).first()


def site_origin():
    return f"{site_scheme()}://{site_domain()}".lower()


def own_origins():
    """SITE_URL's origin, and any other address of the site named in CSRF_TRUSTED_ORIGINS (exact ones only)."""
    trusted = (origin.lower().rstrip("/") for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin)
    return {site_origin(), *trusted}


def from_this_site(request):
    """
    The browser says the form was sent from a page of this site, whatever the Host header says. Browsers send Origin
    with every POST (the site's Referrer-Policy, same-origin, keeps it); Referer is the fallback for old ones.
    """
    origin = request.headers.get("Origin")
    if not origin:
        parts = urlsplit(request.headers.get("Referer", ""))
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return bool(origin) and origin.lower() in own_origins()


def over_vote_limit(request):
    """Count this vote against the sender's limit; True when they are over it."""
    length = getattr(settings, "HELPFUL_RATE_WINDOW_SECONDS", DEFAULT_RATE_WINDOW_SECONDS)
    limit = getattr(settings, "HELPFUL_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    return counters.over_address_limit(request, "helpful", limit, length)


def count_vote(obj, language, helpful):
    """One more "yes" (helpful) or "no" for `obj` read in `language` today: an atomic increment, or the day's row."""
    column = "yes" if helpful else "no"
    where = {
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
        "object_id": obj.pk,
        "language": language,
        "day": timezone.localdate(),
    }
    with transaction.atomic():
        if HelpfulCount.objects.filter(**where).update(**{column: F(column) + 1}):
            return
        try:
            with transaction.atomic():
                HelpfulCount.objects.create(**where, **{column: 1})
        except IntegrityError:  # another reader's vote made the row in between: add to theirs
            HelpfulCount.objects.filter(**where).update(**{column: F(column) + 1})


def recent_totals(days=RECENT_DAYS, min_votes=MIN_VOTES, models=None, language=None):
    """
    Per page (content type, object id), its yes and no over the last `days` days, in `language` or every language
    together, for pages with at least `min_votes` votes: the least helpful first (then the most voted, then by id).
    """
    models = helpful_models() if models is None else models
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    counts = HelpfulCount.objects.filter(day__gte=since, content_type__in=list(types))
    if language:
        counts = counts.filter(language=language)
    return (
        counts.values("content_type", "object_id")
        .annotate(yes_total=Sum("yes"), no_total=Sum("no"))
        .annotate(votes=F("yes_total") + F("no_total"))
        .filter(votes__gte=min_votes)
        .annotate(share=Cast("yes_total", FloatField()) / Cast("votes", FloatField()))
        .order_by("share", "-votes", "content_type", "object_id")
    )


def load_items(rows):
    """{(content type id, object id): item} for the rows of one page of `recent_totals()`: one query per model."""
    wanted = {}
    for row in rows:
        wanted.setdefault(row["content_type"], []).append(row["object_id"])
    loaded = {}
    for type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        _model, related = model_for(model._meta.label_lower)
        for item in model._default_manager.select_related(*related).filter(pk__in=pks):
            loaded[(type_id, item.pk)] = item
    return loaded


def forget_counts(sender, instance, **kwargs):
    """A deleted page's counts go with it (post_delete), so the editors' list never ranks a page that is gone."""
    if sender._meta.label_lower in _models:
        HelpfulCount.objects.filter(
            content_type=ContentType.objects.get_for_model(sender, for_concrete_model=False), object_id=instance.pk
        ).delete()
