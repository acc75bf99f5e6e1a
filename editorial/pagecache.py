"""
The anonymous page cache, its content stamp and its invalidation; and the HTTP caching headers of public pages.

**The content stamp** says which version of the site's content pages are made from: a random `token` (never a
counter, which a lost or restored store could hand out again), when it was made (`changed_at`, the pages'
Last-Modified) and `valid_until`, the next moment anything published appears, disappears or leaves "upcoming"
(`next_visibility_change()`). Every save or delete of content makes a new token; a request that finds `valid_until`
passed makes one too. Cache keys contain the token, so a new token is the whole invalidation: nothing is deleted,
old entries are simply never asked for again and expire.

**Where the stamp lives** is what makes invalidation reach every process at once: in the page cache itself when
that cache is shared (Redis: one read per request, no SQL), and in the database (`PageCacheStamp`, one row, one
query per request) when the cache is each process's own memory, so that a save in one worker invalidates the
copies every other worker keeps. A stamp that cannot be read (Redis down) means: serve uncached, store nothing.

**Settling.** A new token is written first and its `valid_until` worked out afterwards, by the first request that
reads it (`_settle`), and only kept if the token is still current: so `valid_until` is always computed from content
at least as new as the token's, whatever two processes do at the same moment. A stamp is "settled" once it has it.

Read the README's "Caching" section for what is cached, the keys, the headers and how a CDN in front fits.
"""

import collections
import contextvars
import datetime
import hashlib
import logging
import math
import secrets
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, Error, connections, router, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import replicas

logger = logging.getLogger(__name__)

# Marks the page cache's own answers, for people and benchmarks looking at headers: hit, miss or bypass.
STATUS_HEADER = "X-Page-Cache"
# Headers worked out again for every answer, so they are never stored with a page.
PER_RESPONSE_HEADERS = {"cache-control", "last-modified", "expires", STATUS_HEADER.lower()}


# --- The stamp ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    token: str
    changed_at: datetime.datetime
    valid_until: datetime.datetime | None = None  # None: nothing scheduled
    settled: bool = True

    def expired(self, now):
        return self.settled and self.valid_until is not None and now >= self.valid_until


def new_token():
    return secrets.token_hex(16)


def _next_change(now):
    from .models import next_visibility_change

    return next_visibility_change(now)


def _aware(moment):
    # SQLite hands plain SQL naive UTC date-times; PostgreSQL aware ones.
    return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment


class DatabaseStamps:
    """The stamp as one row of `PageCacheStamp`: every process on every server reads the same row."""

    _select = None

    def _rows(self):
        from .models import PageCacheStamp

        return PageCacheStamp.objects.filter(pk=1)

    def read(self):
        # Every request runs this: plain SQL, without building a queryset (which took most of a hit's own time).
        from .models import PageCacheStamp

        connection = connections[router.db_for_read(PageCacheStamp)]
        if self._select is None:
            quote = connection.ops.quote_name
            columns = ", ".join(quote(name) for name in ["token", "changed_at", "valid_until", "settled"])
            type(self)._select = f"SELECT {columns} FROM {quote(PageCacheStamp._meta.db_table)} WHERE id = 1"
        with connection.cursor() as cursor:
            cursor.execute(self._select)
            row = cursor.fetchone()
        if row is None:
            return None
        token, changed_at, valid_until, settled = row
        return Stamp(token, _aware(changed_at), valid_until and _aware(valid_until), bool(settled))

    def create(self, now):
        from .models import PageCacheStamp

        # Another process may create it at the same moment: whichever row is there is the stamp.
        PageCacheStamp.objects.get_or_create(pk=1, defaults={"token": new_token(), "changed_at": now})

    def replace(self, now, old_token=None):
        """A new, unsettled token: always (content changed) or only if `old_token` is still current (it expired)."""
        rows = self._rows() if old_token is None else self._rows().filter(token=old_token)
        if not rows.update(token=new_token(), changed_at=now, valid_until=None, settled=False) and old_token is None:
            self.create(now)

    def settle(self, token, valid_until):
        self._rows().filter(token=token, settled=False).update(valid_until=valid_until, settled=True)


class CacheStamps:
    """
    The stamp in the shared page cache, as two entries read together: the current token (with `changed_at`) and
    the `valid_until` worked out for a token. `valid_until` counts only while it names the current token, which
    is what makes settling safe without a compare-and-swap.
    """

    TOKEN_KEY = "stamp:token"
    SETTLED_KEY = "stamp:settled"
    POSITION_KEY = "stamp:position:{}"
    # Longer than any token stays current on a site whose meetings come and go: a lost position only sends reads to
    # the primary until the next change.
    POSITION_SECONDS = 7 * 24 * 3600

    def __init__(self, cache):
        self.cache = cache

    def read(self):
        values = self.cache.get_many([self.TOKEN_KEY, self.SETTLED_KEY])
        if self.TOKEN_KEY not in values:
            return None
        token, changed_at = values[self.TOKEN_KEY]
        settled_token, valid_until = values.get(self.SETTLED_KEY, (None, None))
        if settled_token != token:
            return Stamp(token, changed_at, settled=False)
        return Stamp(token, changed_at, valid_until)

    def create(self, now):
        # `add` only writes if there is nothing yet: two processes starting together agree on one token.
        token = new_token()
        if self.cache.add(self.TOKEN_KEY, (token, now), timeout=None):
            self.note_position(token)

    def replace(self, now, old_token=None):
        # An expired token is replaced by one process only; the others serve uncached for that moment.
        if old_token is None or self.cache.add(f"stamp:replacing:{old_token}", 1, timeout=30):
            token = new_token()
            self.cache.set(self.TOKEN_KEY, (token, now), timeout=None)
            self.note_position(token)

    def settle(self, token, valid_until):
        self.cache.set(self.SETTLED_KEY, (token, valid_until), timeout=None)

    def note_position(self, token):
        """
        With a standby (editorial.replicas), where the primary's log is once `token` is current. Read after the
        token was written, it covers every change committed before any request could see the token: a standby that
        has replayed that far makes the pages the token stands for. A token without a position is made from the
        primary.
        """
        if replicas.configured() and (position := replicas.primary_position()):
            self.cache.set(self.POSITION_KEY.format(token), position, timeout=self.POSITION_SECONDS)

    def position(self, token):
        return self.cache.get(self.POSITION_KEY.format(token))


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class LocalCopies:
    """
    This process's own copies of pages it read from a shared page cache, at most `max_bytes` of them, least
    recently used out first. Safe because a page's key holds the stamp's token: a copy is only ever asked for while
    its token is current, so it can never be older than what the shared cache holds. With Redis it saves the second
    network round trip of a hit (the first reads the stamp, which no process may keep).
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = collections.OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[0])
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _key, (content, _headers) = self.entries.popitem(last=False)
                self.size -= len(content)


_local_copies = None


def local_copies():
    """The process's copies, or None when the page cache is already this process's own memory."""
    global _local_copies
    if settings.PAGE_CACHE_LOCAL_BYTES <= 0 or isinstance(page_cache(), LocMemCache | DummyCache):
        return None
    if _local_copies is None or _local_copies.max_bytes != settings.PAGE_CACHE_LOCAL_BYTES:
        _local_copies = LocalCopies(settings.PAGE_CACHE_LOCAL_BYTES)
    return _local_copies


def stamps():
    """Where the stamp lives: the page cache if every process shares it, else the database."""
    cache = page_cache()
    if isinstance(cache, LocMemCache | DummyCache):
        return DatabaseStamps()
    return CacheStamps(cache)


def current_stamp(now=None):
    """The settled stamp to serve `now` with, making or renewing it as needed; None if it cannot be read."""
    now = now or timezone.now()
    store = stamps()
    try:
        return _current_stamp(store, now)
    except Error as error:  # the database is down (or not migrated yet): pages are served, uncached
        logger.warning("page cache stamp unavailable: %s", type(error).__name__)
        return None


def _current_stamp(store, now):
    stamp = store.read()
    if stamp is None:
        store.create(now)
        stamp = store.read()
    elif stamp.expired(now):
        store.replace(now, old_token=stamp.token)
        stamp = store.read()
    if stamp is None or stamp.expired(now):
        return None  # the store does not answer, or another process is renewing the stamp this very moment
    if not stamp.settled:
        stamp = _settle(store, stamp, now)
    return stamp


def _settle(store, stamp, now):
    # Read after the token was written, so the answer covers at least everything the token stands for. A boundary
    # at this very instant counts too: a meeting is upcoming up to and including its end, and leaves just after.
    valid_until = _next_change(now - datetime.timedelta(microseconds=1))
    store.settle(stamp.token, valid_until)
    return Stamp(stamp.token, stamp.changed_at, valid_until)


# --- Invalidation -------------------------------------------------------------------------------------------------


def content_changed(using=DEFAULT_DB_ALIAS):
    """
    Make a new token: every page is made again on its next request, on every worker and server.

    In the database, the new token is written in the same transaction as the change: it is seen exactly when
    the change is, and a rolled-back change invalidates nothing. In a shared cache (which has no transactions) it
    is written once the transaction commits: written earlier, a request in between could store the old content
    under the new token. Model saves and deletes call this through signals (`editorial.apps`); code that writes
    with `update()` or `bulk_create()`, which send none, calls it itself.
    """
    store = stamps()
    if isinstance(store, DatabaseStamps):
        try:
            with transaction.atomic(using=using):
                store.replace(timezone.now())
        except Error as error:  # no stamp table yet (a deploy before `migrate`): the change must still be saved
            logger.warning("page cache stamp not written: %s", type(error).__name__)
        return
    transaction.on_commit(_replace_in_cache, using=using, robust=True)


def _replace_in_cache():
    stamps().replace(timezone.now())


def is_content_model(model):
    """Content (any `TranslatedContent`), its saved versions, and models that say `shown_on_public_pages` (figures
    that are not text): what public pages are made from."""
    from .models import TranslatedContent

    model = getattr(model, "instance_type", model)  # django-simple-history's historical models
    return isinstance(model, type) and (
        issubclass(model, TranslatedContent) or getattr(model, "shown_on_public_pages", False)
    )


def on_content_saved(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if is_content_model(sender):
        content_changed(using)


def on_content_related(sender, instance, action, model, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and (is_content_model(type(instance)) or is_content_model(model)):
        content_changed(using)


# --- Requests -----------------------------------------------------------------------------------------------------

_active_stamp = contextvars.ContextVar("page_cache_stamp", default=None)


def scoped_key(key):
    """`key` for the content the current request is made from: a per-process cache of content (the site settings)
    keyed with it is never older than the page cache, whichever process made the change."""
    stamp = _active_stamp.get()
    return f"{key}:{stamp.token}" if stamp else key


def remember_for_content(key, compute, timeout=600):
    """
    `compute()`, kept in the default cache for as long as the content the current request is made from stays
    current (keyed with the stamp): for values that cost queries and change only with content, such as a list's
    filter choices. Outside a request, or with no stamp, it is computed every time.
    """
    from django.core.cache import cache

    stamp = _active_stamp.get()
    if stamp is None:
        return compute()
    return cache.get_or_set(f"{key}:{stamp.token}", compute, timeout)


def same_in_every_language(view):
    """For views outside the language prefixes whose answer does not depend on the reader's language (sitemaps,
    robots.txt): their answers then say they do not vary on Accept-Language, and may be cached."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.same_in_every_language = True
        return response

    wrapper.__name__ = getattr(view, "__name__", "view")
    wrapper.__doc__ = view.__doc__
    return wrapper


def _vary(response):
    return [field.strip() for field in cc_delim_re.split(response.get("Vary", "")) if field.strip()]


def _set_vary(response, fields):
    if fields:
        response["Vary"] = ", ".join(fields)
    elif response.has_header("Vary"):
        del response["Vary"]


def settle_vary(response):
    """
    Make `Vary` say exactly what the answer depends on. A language negotiated from the request reads the
    language cookie before Accept-Language, so it varies on both; a view marked `same_in_every_language` on
    neither. (Pages under a language prefix do not vary on Accept-Language: Django leaves it out already.)
    """
    fields = _vary(response)
    lowered = {field.lower() for field in fields}
    if getattr(response, "same_in_every_language", False):
        fields = [field for field in fields if field.lower() != "accept-language"]
    elif "accept-language" in lowered and "cookie" not in lowered:
        fields.append("Cookie")
    _set_vary(response, fields)


def _cache_control(response):
    return {field.split("=")[0].strip().lower() for field in cc_delim_re.split(response.get("Cache-Control", ""))}


def is_public(response):
    """An answer anyone may be given and any cache may keep: a whole 200 page that sets no cookie and that its
    view did not mark private or uncacheable (previews, the ask form, /healthz)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _cache_control(response) & {"private", "no-store", "no-cache"}
    )


def is_storable(response):
    """Public, and the same for every request the page cache answers (those without a cookie): it varies on
    nothing else, and carries no per-request secret (a CSP nonce)."""
    return (
        is_public(response)
        and {field.lower() for field in _vary(response)} <= {"cookie"}
        and "nonce-" not in response.get("Content-Security-Policy", "")
    )


def next_local_midnight(now):
    today = timezone.localdate(now)
    return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()))


def good_until(stamp, now):
    """When a page made now stops being right: the next scheduled change, or midnight (pages say "today")."""
    midnight = next_local_midnight(now)
    return min(stamp.valid_until, midnight) if stamp.valid_until else midnight


def last_modified(stamp, now):
    """The stamp's time, or the start of today if later (a page that says "today" changed then), never ahead of
    `now` (another server's clock may be)."""
    start_of_day = next_local_midnight(now) - datetime.timedelta(days=1)
    return min(max(stamp.changed_at, start_of_day), now)


def cache_key(request, stamp, now):
    """The stamp's token, the local date and the whole address (scheme, host, path and query string), hashed."""
    address = request.build_absolute_uri()
    text = f"{stamp.token}|{timezone.localdate(now).isoformat()}|{address}"
    # "v1": the format of an entry (entry_of); a release that changes it changes this too.
    return f"page:v1:{hashlib.sha256(text.encode()).hexdigest()}"


def entry_of(response):
    """What the page cache stores of a page: its body and headers (not those worked out for every answer), as
    plain bytes and strings, so that any release of the code reads what another stored (rolling deploys)."""
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS)
    return (response.content, headers)


def response_of(entry):
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _skipped(path):
    skipped = (reverse("admin:index"), *settings.PAGE_CACHE_SKIP_PATHS)
    return path.startswith(skipped)


def replica_may_serve(stamp):
    """Whether a page for `stamp` may be made from the standby: one is configured, the stamp lives in the shared
    cache with the primary's log position noted beside it, and the standby has replayed that far."""
    if stamp is None or not replicas.configured():
        return False
    store = stamps()
    return isinstance(store, CacheStamps) and replicas.has_replayed(store.position(stamp.token))


class PageCacheMiddleware:
    """
    Serves anonymous GET and HEAD requests from the page cache, stores the public pages it renders, and gives
    every answer of the public site its caching headers (`Cache-Control`, `ETag`, `Last-Modified`, `Vary`) and a
    304 when the reader already has the page.

    Never looked up nor stored: other methods, requests with a Cookie (a session, the ask form's CSRF cookie) or
    Authorization header, the admin and PAGE_CACHE_SKIP_PATHS (/healthz), and answers that are not public
    (`is_storable`). Placed early, so that a hit skips sessions, locale, authentication and the view. With a
    standby configured, the anonymous pages it renders are read from the standby when it is current
    (`replica_may_serve`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or _skipped(request.path_info):
            return self.get_response(request)
        now = timezone.now()
        stamp = current_stamp(now)
        active = _active_stamp.set(stamp)
        try:
            return self.respond(request, stamp, now)
        finally:
            _active_stamp.reset(active)

    def respond(self, request, stamp, now):
        anonymous = not (request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"))
        key = None
        if stamp and anonymous and settings.PAGE_CACHE_SECONDS > 0:
            key = cache_key(request, stamp, now)
            copies = local_copies()
            entry = copies and copies.get(key)
            if entry is None:
                entry = page_cache().get(key)
                if entry is not None and copies:
                    copies.put(key, entry)
            if entry is not None:
                return self.finish(request, response_of(entry), stamp, now, anonymous, "hit")
        with replicas.reading_replica(anonymous and replica_may_serve(stamp)):
            response = self.get_response(request)
        settle_vary(response)
        if is_public(response) and not response.has_header("ETag"):
            set_response_etag(response)
        if key and request.method == "GET" and is_storable(response):
            # No entry outlives the next scheduled change: its key would still be asked for until then.
            timeout = math.floor(min(settings.PAGE_CACHE_SECONDS, (good_until(stamp, now) - now).total_seconds()))
            if timeout >= 1:
                entry = entry_of(response)
                page_cache().set(key, entry, timeout)
                if copies := local_copies():
                    copies.put(key, entry)
        return self.finish(request, response, stamp, now, anonymous, "miss" if key else "bypass")

    def finish(self, request, response, stamp, now, anonymous, status):
        response = self.add_caching_headers(request, response, stamp, now, anonymous)
        response[STATUS_HEADER] = status
        return response

    def add_caching_headers(self, request, response, stamp, now, anonymous):
        if not is_public(response):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, **({} if anonymous else {"private": True}), no_cache=True)
            return response
        if not anonymous:
            # Staff must see their own edits at once: their browsers revalidate every time.
            patch_cache_control(response, private=True, no_cache=True)
        elif stamp is None:
            patch_cache_control(response, no_cache=True)
        else:
            patch_cache_control(response, public=True, **http_lifetimes(stamp, now))
        changed = None
        if stamp is not None:
            changed = last_modified(stamp, now)
            response["Last-Modified"] = http_date(changed.timestamp())
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=changed and int(changed.timestamp()), response=response
        )


def http_lifetimes(stamp, now):
    """Cache-Control lifetimes from the settings, none reaching past the next scheduled change (or midnight): not
    even the stale-while-revalidate window. stale-if-error does: an old page beats none when the site is down."""
    remaining = max(0, math.floor((good_until(stamp, now) - now).total_seconds()))
    max_age = min(settings.HTTP_MAX_AGE, remaining)
    shared_max_age = min(settings.HTTP_SHARED_MAX_AGE, remaining)
    lifetimes = {"max_age": max_age, "s_maxage": shared_max_age}
    stale = min(settings.HTTP_STALE_WHILE_REVALIDATE, remaining - max(max_age, shared_max_age))
    if stale > 0:
        lifetimes["stale_while_revalidate"] = stale
    if settings.HTTP_STALE_IF_ERROR > 0:
        lifetimes["stale_if_error"] = settings.HTTP_STALE_IF_ERROR
    return lifetimes
