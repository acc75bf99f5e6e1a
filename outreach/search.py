"""
Search across published meetings, policies, FAQ entries, resources and fact checks, in the active language.

On PostgreSQL it is full-text search with the language's stemming configuration, ranked. Elsewhere (SQLite) it
is a portable substring match. Both fold case and accents on the database side (`unaccent` on PostgreSQL, a
Python function registered on SQLite connections), so "politica" finds "política". Each kind of content costs
one query whatever the size of the site.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from editorial.i18n import active_language, localized_field, source_language

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_KIND = 20
SNIPPET_LENGTH = 220

# PostgreSQL's built-in text search configurations, by language code; other languages use "simple".
POSTGRES_CONFIGURATIONS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "hu": "hungarian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "nb": "norwegian", "ne": "nepali", "nl": "dutch", "pt": "portuguese", "pt-br": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def fold_character(character):
    """One character without its accent, case-folded: "Í" -> "i". Always one character, so positions hold."""
    base = unicodedata.normalize("NFD", character)[0].casefold()
    return base[0] if base else character


def fold(text):
    """Text without markup, accents or case, as the database compares it."""
    return "".join(fold_character(character) for character in _TAG.sub(" ", text or ""))


class Fold(Func):
    """The database-side `fold()`: tags stripped, accents and case folded."""

    output_field = TextField()
    function = "LOWER"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="LOWER(UNACCENT(REGEXP_REPLACE(%(expressions)s, '<[^>]*>', ' ', 'g')))",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="OUTREACH_FOLD", **extra_context)


def register_sqlite_fold(sender, connection, **kwargs):
    """Give SQLite connections the fold function (connected to `connection_created` in apps.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("OUTREACH_FOLD", 1, fold, deterministic=True)


@dataclass(frozen=True)
class Source:
    kind: str
    queryset: object  # a callable returning the published queryset
    title_field: str
    body_fields: tuple


@dataclass
class Result:
    kind: str
    title: str
    url: str
    snippet: str
    score: float
    title_is_fallback: bool


def sources():
    # The site core knows the other apps here and in urls.py only: search is one of the aggregating views.
    from events.models import Event
    from policies.models import Policy

    from .models import FactCheck, FaqEntry, Resource

    return [
        Source(_("Policy"), Policy.objects.published, "title", ("summary", "body")),
        Source(_("Question"), FaqEntry.objects.published, "question", ("answer",)),
        Source(_("Fact check"), FactCheck.objects.published, "claim", ("facts",)),
        Source(_("Resource"), Resource.objects.published, "name", ("description",)),
        Source(_("Meeting"), lambda: Event.objects.published().select_related("venue"), "title",
               ("summary", "description", "host")),
    ]  # fmt: skip


def text_in(field, code):
    """The field as a reader of `code` sees it: their language, or the source language where it is empty."""
    own = F(localized_field(field, code))
    if code == source_language():
        return Coalesce(own, Value(""), output_field=TextField())
    source = F(localized_field(field, source_language()))
    return Coalesce(NullIf(own, Value("")), source, Value(""), output_field=TextField())


def parse_query(raw):
    """(clean query, folded terms, was it shortened). Any input is safe: it only ever becomes bound parameters."""
    query = " ".join((raw or "").split())
    shortened = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    terms = list(dict.fromkeys(_WORD.findall(fold(query))))
    shortened = shortened or len(terms) > MAX_TERMS
    return query, terms[:MAX_TERMS], shortened


def search(raw_query):
    query, terms, _shortened = parse_query(raw_query)
    if not terms:
        return []
    code = active_language()
    results = []
    for source in sources():
        for item in matches(source, query, terms, code):
            results.append(as_result(source, item, terms, code))
    return sorted(results, key=lambda result: -result.score)


def matches(source, query, terms, code):
    title = text_in(source.title_field, code)
    body = Concat(
        *[part for field in source.body_fields for part in (text_in(field, code), Value(" "))],
        output_field=TextField(),
    )
    queryset = source.queryset()
    if connection.vendor == "postgresql":
        configuration = POSTGRES_CONFIGURATIONS.get(code.lower(), "simple")
        vector = SearchVector(Fold(title), weight="A", config=configuration) + SearchVector(
            Fold(body), weight="B", config=configuration
        )
        search_query = SearchQuery(" ".join(terms), search_type="plain", config=configuration)
        queryset = (
            queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
            .filter(search=search_query)
            .order_by("-rank", "pk")
        )
    else:
        queryset = queryset.annotate(folded=Fold(Concat(title, Value(" "), body, output_field=TextField())))
        for term in terms:
            queryset = queryset.filter(folded__contains=term)
        queryset = queryset.order_by("pk")
    return list(queryset[:RESULTS_PER_KIND])


def as_result(source, item, terms, code):
    title = str(getattr(item, source.title_field))
    bodies = [str(getattr(item, field) or "") for field in source.body_fields]
    folded_bodies = [fold(body) for body in bodies]
    title_hits = sum(1 for term in terms if term in fold(title))
    body_hits = [sum(1 for term in terms if term in folded) for folded in folded_bodies]
    score = float(getattr(item, "rank", 0) or 0) + title_hits + sum(body_hits) / 10
    # The snippet comes from the first field that matched, else the first one.
    body = next((text for text, hits in zip(bodies, body_hits, strict=True) if hits), bodies[0])
    return Result(
        kind=source.kind,
        title=title,
        url=item.get_absolute_url(),
        snippet=snippet(body, terms),
        score=score,
        title_is_fallback=item.falls_back(source.title_field, code),
    )


def _stem(term):
    # A rough stem for highlighting ("politicas" marks "política"); the search itself is exact or stemmed.
    return term[: max(4, len(term) - 2)] if len(term) > 5 else term


def snippet(text, terms, length=SNIPPET_LENGTH):
    """Plain text around the first match, HTML-escaped, with the matched words in <mark>."""
    plain = " ".join(html.unescape(strip_tags(text or "")).split())
    folded = "".join(fold_character(character) for character in plain)
    stems = [_stem(term) for term in terms]
    positions = [folded.find(stem) for stem in stems if folded.find(stem) >= 0]
    start = max(0, min(positions, default=0) - length // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    end = min(len(plain), start + length)
    pieces, cursor = [], start
    pattern = re.compile("|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True)))
    for match in pattern.finditer(folded, start, end):
        word_end = match.end()
        while word_end < end and folded[word_end].isalnum():
            word_end += 1
        pieces.append(escape(plain[cursor : match.start()]))
        pieces.append(f"<mark>{escape(plain[match.start() : word_end])}</mark>")
        cursor = word_end
    pieces.append(escape(plain[cursor:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece is escaped above)
