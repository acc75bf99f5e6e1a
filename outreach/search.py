"""
Search across published meetings, policies, FAQ entries, resources and fact checks, in the active language.

It reads an index: one `SearchEntry` per item and language, with a copy of the item's publishing fields so that the
one publication rule filters the index query itself, and its `SearchText`, the title and body as plain text in that
language (the source language's where a translation is empty). The full text is the database's own:

- PostgreSQL: a GIN-indexed `tsvector` per entry, made with the language's stemming configuration with `unaccent`
  in front (`outreach_spanish`; `outreach_simple` for languages PostgreSQL cannot stem), ranked by `ts_rank`;
- SQLite: an FTS5 table over the texts (`porter unicode61 remove_diacritics 2`), ranked by `bm25()`.

Both fold case and accents, rank title matches above body matches, and make the snippet with the engine's own
highlighter, so the words marked are the words that matched (stems included). Only words reach the database, as
bound parameters (quoted terms on SQLite), so no input can be read as query syntax.

`search()` returns the results grouped by kind, in the order of `sources()`, at most RESULTS_PER_KIND of each,
chosen per kind by the one query on the index: meetings upcoming first, and at most MEETINGS_PER_SERIES copies
of one repeated meeting.

The index is kept current by `index_saved()` and `unindex_deleted()` (connected in apps.py to every save and
delete), rebuilt by `rebuild_index()` (`manage.py rebuild_search_index`, bulk-built sites, after `migrate`).
"""

import html
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, transaction
from django.db.models import Expression, F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.i18n import active_language, language_codes, localized_field, source_language
from editorial.publication import live

from .models import SearchEntry, SearchText

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# The page is bounded: at most this many results of each kind, and at most this many copies of one repeated
# meeting (the rest behind "more meetings like this"), whatever the query matches.
RESULTS_PER_KIND = 10
MEETINGS_PER_SERIES = 3
SNIPPET_WORDS = 30
SNIPPET_SOURCE = 2000  # PostgreSQL: characters of the text the excerpt is cut from
BATCH_SIZE = 500

# PostgreSQL's built-in text search configurations, by language code; other languages use "simple". Migration
# 0008 made an accent-insensitive copy of each, named "outreach_<configuration>".
POSTGRES_CONFIGURATIONS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "hu": "hungarian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "nb": "norwegian", "ne": "nepali", "nl": "dutch", "pt": "portuguese", "pt-br": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip
# Title matches weigh ten times body matches, on both engines. PostgreSQL ranks with ts_rank, which counts matches
# like SQLite's bm25(); ts_rank_cd (which also weighs how close the words are) took two and a half times as long on
# a two-word query matching every meeting of the large site.
TITLE_WEIGHT, BODY_WEIGHT = 1.0, 0.1
RANK_WEIGHTS = [0.0, 0.0, BODY_WEIGHT, TITLE_WEIGHT]  # PostgreSQL's order: D, C, B (body), A (title)
FTS_TABLE = "outreach_searchtext_fts"  # SQLite
GIN_INDEX = "outreach_search_vector"  # PostgreSQL

# The engines put these around what they highlight; they never occur in indexed text (see plain_text()).
MARK, END_MARK, CUT = "\x02", "\x03", "\x01"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")
# Tags that end a block of text: where they were, words must stay apart ("<p>one</p><p>two</p>").
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|p|pre|section|"
    r"table|td|th|tr|ul)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Source:
    kind: str
    heading: str  # the heading of its results
    model: type
    title_field: str
    body_fields: tuple
    related: tuple = ()  # what the result shows of other tables (a meeting's place)
    # Body texts published apart from their item (a meeting's "what we heard" notes): indexed only while
    # `item.text_is_public(field)`, so notes still in draft never reach the index (and so never a result or snippet).
    separately_published: tuple = ()

    @property
    def label(self):
        return self.model._meta.label_lower

    def load(self, ids):
        """{id: item} for the results, from the published items only, so that a stale entry can never show an
        item that is not public. The long texts are not read: the index has the snippet."""
        long_texts = [
            name
            for field in (*self.body_fields, *self.separately_published)
            for name in (field, *(localized_field(field, code) for code in language_codes()))
        ]
        items = self.model.objects.published().defer("translation_record", *long_texts).order_by()
        return items.select_related(*self.related).in_bulk(ids)


@dataclass
class Result:
    kind: str
    title: str
    url: str
    snippet: str
    score: float
    title_is_fallback: bool
    snippet_is_fallback: bool = False
    item: object = None  # the policy, meeting, ... itself, for what its kind of result shows
    more_url: str = ""  # meetings: where the copies of its series left out of the results are


@dataclass
class Group:
    """The results of one kind, best first."""

    label: str  # the model's label, "events.event"
    heading: str
    results: list


def sources():
    """The searchable kinds, in the order their results are shown: what the department commits to first, then
    answers and help, meetings last (many, and alike). A new kind takes its place in this list."""
    # The site core knows the other apps here and in urls.py only: search is one of the aggregating views.
    from events.models import Event
    from policies.models import Policy

    from .models import FactCheck, FaqEntry, Resource

    return [
        Source(_("Policy"), _("Commitments and policies"), Policy, "title", ("summary", "body")),
        Source(_("Question"), _("Questions"), FaqEntry, "question", ("answer",)),
        Source(_("Resource"), _("Legal help"), Resource, "name", ("description",)),
        Source(_("Fact check"), _("Rumor control"), FactCheck, "claim", ("facts",)),
        Source(
            _("Meeting"),
            _("Meetings"),
            Event,
            "title",
            ("summary", "description", "host"),
            ("venue",),
            separately_published=("heard_notes",),
        ),
    ]


def searchable_models():
    return [source.model for source in sources()]


def source_for(model):
    return next(source for source in sources() if source.model is model)


def postgres_configuration(code):
    return "outreach_" + POSTGRES_CONFIGURATIONS.get(code.lower(), "simple")


# --- Keeping the index current ------------------------------------------------------------------------------------


def plain_text(value, *, rich=False):
    """Text as the index holds it: for rich text, tags out (block tags leave a space) and entities decoded."""
    text = str(value or "")
    if rich:
        text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text)))
    return " ".join(_CONTROL.sub(" ", text).split())


def text_in(item, field, code):
    """(the field as a reader of `code` sees it, is it the source language's because `code`'s is empty)."""
    rich = isinstance(item._meta.get_field(localized_field(field, code)), RichTextField)
    own = plain_text(getattr(item, localized_field(field, code)), rich=rich)
    if own or code == source_language():
        return own, False
    source = plain_text(getattr(item, localized_field(field, source_language())), rich=rich)
    return source, bool(source)


class IndexVector(Expression):
    """The PostgreSQL search vector of a title (weight A) and body (weight B), computed by the database in the
    INSERT itself. Plain SQL with four parameters: Django's composable SearchVector costs more Python per row than
    the database spends on the text, which shows when the whole site is indexed."""

    output_field = SearchVectorField()

    def __init__(self, configuration, title, body):
        super().__init__()
        self.configuration, self.title, self.body = configuration, title, body

    def as_sql(self, compiler, connection):
        sql = "setweight(to_tsvector(%s::regconfig, %s), 'A') || setweight(to_tsvector(%s::regconfig, %s), 'B')"
        return sql, [self.configuration, self.title, self.configuration, self.body]


def entries_for(source, item):
    """The item's index rows, one (entry, text) pair per configured language, unsaved."""
    rows = []
    for code in language_codes():
        title, title_is_fallback = text_in(item, source.title_field, code)
        public = [field for field in source.separately_published if item.text_is_public(field)]
        parts = [text_in(item, field, code) for field in (*source.body_fields, *public)]
        body = " ".join(text for text, _fallback in parts if text)
        entry = SearchEntry(
            kind=source.label,
            object_id=item.pk,
            language=code,
            status=item.status,
            publish_at=item.publish_at,
            unpublish_at=item.unpublish_at,
            title_is_fallback=title_is_fallback,
            # Marked only when none of it is in the reader's language.
            body_is_fallback=bool(body) and all(fallback for text, fallback in parts if text),
        )
        if connection.vendor == "postgresql":
            entry.vector = IndexVector(postgres_configuration(code), title, body)
        rows.append((entry, SearchText(title=title, body=body)))
    return rows


def write(rows):
    """Insert (entry, text) pairs: two statements per batch."""
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        SearchEntry.objects.bulk_create([entry for entry, _text in batch])
        for entry, text in batch:
            text.entry = entry
        SearchText.objects.bulk_create([text for _entry, text in batch])
    return len(rows)


def remove(entries):
    # The texts first: on SQLite their triggers take the words out of the full-text index.
    SearchText.objects.filter(entry__in=entries).delete()
    entries.delete()


def index_items(source, items):
    """Replace the index rows of `items` (instances of `source.model`)."""
    items = list(items)
    with transaction.atomic(savepoint=False):
        remove(SearchEntry.objects.filter(kind=source.label, object_id__in=[item.pk for item in items]))
        write([row for item in items for row in entries_for(source, item)])


def index_saved(sender, instance, raw=False, **kwargs):
    """post_save: the item's rows are rewritten, whatever changed (text, translation, publishing)."""
    if raw:  # loaddata writes rows as they are; `manage.py rebuild_search_index` indexes them afterwards
        return
    index_items(source_for(sender), [instance])


def unindex_deleted(sender, instance, **kwargs):
    """post_delete: the item's rows go with it."""
    with transaction.atomic(savepoint=False):
        remove(SearchEntry.objects.filter(kind=source_for(sender).label, object_id=instance.pk))


def rebuild_index(progress=lambda message: None):
    """Index every item of every searchable model, drafts and scheduled ones included, in one pass. Returns the
    number of entries written."""
    written = 0
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # Make the full-text side match the texts first, so that the deletes below find what they remove
            # even if something wrote the texts without the triggers.
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        remove(SearchEntry.objects.all())
        for source in sources():
            rows = []
            for item in source.model.objects.order_by("pk").iterator(chunk_size=BATCH_SIZE):
                rows.extend(entries_for(source, item))
                if len(rows) >= BATCH_SIZE:
                    written += write(rows)
                    rows = []
            written += write(rows)
            progress(f"{source.model._meta.verbose_name_plural}: indexed")
        if connection.vendor == "postgresql":
            # New rows wait in the GIN index's pending list, which every search reads through until (auto)vacuum
            # merges it: after writing them all at once, merge them now.
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
    return written


def index_needs_rebuild():
    """True when the index cannot be right: empty while there is content, or not in the configured languages
    (a language was added or removed)."""
    indexed = set(SearchEntry.objects.values_list("language", flat=True).distinct())
    if not indexed:
        return any(model.objects.exists() for model in searchable_models())
    return indexed != set(language_codes())


def rebuild_after_migrate(sender, using, **kwargs):
    """post_migrate: build the index of a site that has content but no index yet (upgraded to this version) or
    not in the configured languages (one was added). Cheap when the index is in order: one query."""
    if using != connection.alias or SearchText._meta.db_table not in connection.introspection.table_names():
        return  # another database, or migrated back to before the index existed
    if index_needs_rebuild():
        rebuild_index()


# --- Searching ------------------------------------------------------------------------------------------------


def parse_query(raw):
    """(clean query, its distinct words in lower case, was it shortened). Only these words ever reach the
    database, as bound parameters, so any input is safe."""
    query = " ".join(unicodedata.normalize("NFC", raw or "").split())
    shortened = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    terms = list(dict.fromkeys(word.lower() for word in _WORD.findall(query)))
    shortened = shortened or len(terms) > MAX_TERMS
    return query, terms[:MAX_TERMS], shortened


def search(raw_query):
    """The results for the query in the active language, as `Group`s in the order of `sources()`: one query on the
    index, then one per kind of content found, to load the items for their addresses and what they show."""
    _query, terms, _shortened = parse_query(raw_query)
    if not terms:
        return []
    hits = find(terms, active_language())
    wanted = defaultdict(list)
    for hit in hits:
        wanted[hit["kind"]].append(hit["object_id"])
    groups = []
    for source in sources():
        if source.label not in wanted:
            continue
        loaded = source.load(wanted[source.label])
        results = [
            as_result(source, loaded[hit["object_id"]], hit)
            for hit in hits
            if hit["kind"] == source.label and hit["object_id"] in loaded
        ]
        if source.label == "policies.policy":
            # The key commitments, and the exception beside them, before the other policies (a stable sort:
            # each part stays best first).
            results.sort(key=lambda result: not (result.item.is_key_commitment or result.item.is_exception))
        elif source.label == "events.event":
            followed = {hit["object_id"] for hit in hits if hit["kind"] == source.label and hit["next_copy"]}
            link_more_meetings(results, followed)
        if results:
            groups.append(Group(source.label, source.heading, results))
    return groups


def series_key(event):
    """What the copies of one repeated meeting share: the place and the title in the source language. Not the
    `series` link alone, so that meetings an editor made by hand (or duplicated) as the same meeting in the same
    place count as one series too."""
    return event.venue_id, getattr(event, localized_field("title", source_language()))


def link_more_meetings(results, followed):
    """The last result of a series that has more copies than are shown (`followed`: the meetings with another
    copy after them) links to more meetings like it: the upcoming ones in its city, or the past ones when the
    whole series is over."""
    shown = defaultdict(list)
    for result in results:
        shown[series_key(result.item)].append(result)
    for copies in shown.values():
        if copies[-1].item.pk in followed:
            upcoming = [copy for copy in copies if not copy.item.is_past]
            if upcoming:
                city = upcoming[0].item.venue.city
                more = f"{reverse('events:event-list')}?{urlencode({'city': city})}"
            else:
                more = reverse("events:event-archive")
            copies[-1].more_url = more


def find(terms, code):
    """The best entries for `terms` in language `code`, as dicts: kind, object_id, score, headline (the engine's
    excerpt of the body), title_is_fallback, body_is_fallback, next_copy (and body on PostgreSQL). At most
    RESULTS_PER_KIND of each kind, best first; for meetings, upcoming ones before past ones, and at most
    MEETINGS_PER_SERIES copies of one repeated meeting (the soonest upcoming, else the latest), each with the
    entry of the series' next copy in next_copy (None for its last).

    One statement: the full-text match (the ORM's, with the publication rule), wrapped in plain SQL that joins the
    meetings for their dates and places and numbers the rows per series and per kind (window functions, which
    both databases have), so that neither many meetings nor one long series can crowd the other kinds out."""
    from events.models import Event

    entries = SearchEntry.objects.filter(live(), language=code)
    columns = ["id", "kind", "object_id", "score", "title_is_fallback", "body_is_fallback"]
    # The excerpts are made last, in the outermost SELECT, for the rows shown only: made for every match (every
    # meeting matches "reunión") they cost ten times the rest of the search.
    if connection.vendor == "postgresql":
        configuration = postgres_configuration(code)
        query = SearchQuery(" ".join(terms), search_type="plain", config=configuration)
        entries = entries.filter(vector=query).annotate(score=SearchRank(F("vector"), query, weights=RANK_WEIGHTS))
        # Cut from the beginning of the text, so that its cost does not grow with the longest policy. The options
        # are those SearchHeadline would write.
        options = (
            f"StartSel={MARK}, StopSel={END_MARK}, MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, "
            "MaxFragments=1"
        )
        headline_sql = (
            "LEFT(searchtext.body, %s) AS body, "
            "ts_headline(%s::regconfig, LEFT(searchtext.body, %s), plainto_tsquery(%s::regconfig, %s), %s)"
        )
        headline_params = [SNIPPET_SOURCE, configuration, SNIPPET_SOURCE, configuration, " ".join(terms), options]
        headline_join, headline_join_params = (
            f"JOIN {SearchText._meta.db_table} searchtext ON searchtext.entry_id = ranked.id",
            [],
        )
        # A fence: the rank is computed where the rows are read, not carried as the whole vector through the sorts
        # (which then spill to disk) and computed after them.
        fence = "OFFSET 0"
    else:
        # FTS5's MATCH and its ranking and snippet functions name the virtual table, which the ORM cannot join:
        # extra() adds exactly that, on top of the ORM's own conditions (the publication rule).
        entries = entries.extra(  # noqa: S610 (fixed SQL; the one value is a parameter)
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {SearchEntry._meta.db_table}.id", f"{FTS_TABLE} MATCH %s"],
            params=[match_expression(terms)],
            select={"score": f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})"},
        )
        # snippet() needs the MATCH in its own SELECT: the rows shown are matched again, by rowid.
        headline_sql = f"snippet({FTS_TABLE}, 1, char(2), char(3), char(1), {SNIPPET_WORDS})"
        headline_params = []
        headline_join = f"JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = ranked.id AND {FTS_TABLE} MATCH %s"
        headline_join_params = [match_expression(terms)]
        fence = ""
    matches_sql, matches_params = entries.order_by().values(*columns).query.sql_with_params()
    meeting_label = Event._meta.label_lower
    series_title = localized_field("title", source_language())
    # Layers, inside out: the matches; with their meeting's place, title and time (other kinds: none); numbered
    # within their series (other kinds: each its own); numbered within their kind, the extra copies left out.
    sql = f"""
        SELECT ranked.*, {headline_sql} AS headline
        FROM (
            SELECT numbered.*,
                ROW_NUMBER() OVER (
                    PARTITION BY numbered.kind
                    ORDER BY numbered.is_past, numbered.score DESC, numbered.soon, numbered.starts_at DESC,
                        numbered.id
                ) AS kind_position
            FROM (
                SELECT dated.*,
                    CASE WHEN dated.is_past = 0 THEN dated.starts_at END AS soon,
                    ROW_NUMBER() OVER series AS series_position,
                    LEAD(dated.id) OVER series AS next_copy
                FROM (
                    SELECT matches.*, meeting.venue_id, meeting.{series_title} AS series_title, meeting.starts_at,
                        CASE WHEN meeting.ends_at < %s THEN 1 ELSE 0 END AS is_past
                    FROM ({matches_sql} {fence}) matches
                    LEFT JOIN {Event._meta.db_table} meeting
                        ON matches.kind = %s AND meeting.id = matches.object_id
                ) dated
                WINDOW series AS (
                    PARTITION BY dated.kind, COALESCE(dated.venue_id, dated.id), dated.series_title
                    ORDER BY dated.is_past, CASE WHEN dated.is_past = 0 THEN dated.starts_at END,
                        dated.starts_at DESC, dated.id
                )
            ) numbered
            WHERE numbered.series_position <= %s
        ) ranked
        {headline_join}
        WHERE ranked.kind_position <= %s
        ORDER BY ranked.kind, ranked.kind_position
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [
        *headline_params, now, *matches_params, meeting_label, MEETINGS_PER_SERIES, *headline_join_params,
        RESULTS_PER_KIND,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def match_expression(terms):
    """An FTS5 query that needs every term, each a quoted string: FTS5's own syntax (NEAR, AND, *, -, column:)
    inside a term is then just text."""
    return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms)


def as_result(source, item, hit):
    return Result(
        kind=source.kind,
        title=str(getattr(item, source.title_field)),
        url=item.get_absolute_url(),
        snippet=snippet(hit["headline"], hit.get("body")),
        score=float(hit["score"]),
        title_is_fallback=bool(hit["title_is_fallback"]),
        snippet_is_fallback=bool(hit["body_is_fallback"]),
        item=item,
    )


def snippet(headline, body=None):
    """The engine's excerpt as HTML: escaped, with the matched words in <mark>, and "…" where text was cut.

    FTS5 marks the cuts itself (CUT); PostgreSQL's excerpt is compared with the start of the text it was cut
    from (`body`, SNIPPET_SOURCE characters at most)."""
    text = headline or ""
    if body is not None:
        plain = text.replace(MARK, "").replace(END_MARK, "")
        whole = len(body) < SNIPPET_SOURCE
        text = ("" if body.startswith(plain) else CUT) + text + ("" if whole and body.endswith(plain) else CUT)
    starts_cut, ends_cut = text.startswith(CUT), len(text) > 1 and text.endswith(CUT)
    text = escape(text.strip(CUT)).replace(MARK, "<mark>").replace(END_MARK, "</mark>")
    return mark_safe(("… " if starts_cut else "") + text + (" …" if ends_cut else ""))  # noqa: S308 (escaped)
