"""
The search index (outreach/search.py): one entry per item and language, its text, and the full-text side, which
depends on the database:

- PostgreSQL: a GIN index on the entries' `vector`, and accent-insensitive text search configurations, one per
  built-in configuration of the server: `outreach_spanish` is `spanish` with `unaccent` in front of the Spanish
  stemmer, `outreach_simple` is `simple` with `unaccent` (for languages PostgreSQL has no stemmer for). The
  `unaccent` extension comes from 0003.
- SQLite: an FTS5 table over the texts' title and body (external content: the words are stored once, in
  outreach_searchtext, and its rowid is the entry's id), kept in step by triggers, whatever writes the texts.

The index is filled after `migrate` from the content (see `outreach.apps`): this file copies no project code.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS_TABLE = "outreach_searchtext_fts"
TEXTS = "outreach_searchtext"

# Porter (English suffix rules) applies to every language in the one table: the README's "Search" says why.
SQLITE = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, body, content='{TEXTS}', content_rowid='entry_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON {TEXTS} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.entry_id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON {TEXTS} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', old.entry_id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE ON {TEXTS} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', old.entry_id, old.title, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.entry_id, new.title, new.body);
    END""",
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{event}" for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"
]

POSTGRESQL_INDEX = "CREATE INDEX outreach_search_vector ON outreach_searchentry USING gin (vector)"


def builtin_configurations(connection):
    """[(configuration, its stemming dictionary or "simple")] for the server's own text search configurations."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.cfgname, COALESCE(d.dictname, 'simple')
            FROM pg_catalog.pg_ts_config c
            LEFT JOIN pg_catalog.pg_ts_dict d
                ON d.dictname = c.cfgname || '_stem' AND d.dictnamespace = 'pg_catalog'::regnamespace
            WHERE c.cfgnamespace = 'pg_catalog'::regnamespace
            ORDER BY c.cfgname
            """
        )
        return cursor.fetchall()


def create_full_text(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        quote = schema_editor.quote_name
        for name, dictionary in builtin_configurations(connection):
            ours = quote(f"outreach_{name}")
            schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {ours} (COPY = pg_catalog.{quote(name)})")
            # Words with letters outside ASCII lose their accents before they are stemmed, in the text and in
            # the query alike ("política" and "politica" are one word). ASCII words have none to lose.
            schema_editor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {ours} ALTER MAPPING FOR hword, hword_part, word "
                f"WITH unaccent, pg_catalog.{quote(dictionary)}"
            )
        schema_editor.execute(POSTGRESQL_INDEX)


def drop_full_text(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS outreach_search_vector")
        for name, _dictionary in builtin_configurations(connection):
            schema_editor.execute(
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {schema_editor.quote_name(f'outreach_{name}')}"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('outreach', '0007_editing_permission_moves_to_editorial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=100)),
                ('object_id', models.PositiveBigIntegerField()),
                ('language', models.CharField(max_length=15)),
                ('status', models.CharField(max_length=10)),
                ('publish_at', models.DateTimeField(null=True)),
                ('unpublish_at', models.DateTimeField(null=True)),
                ('title_is_fallback', models.BooleanField(default=False)),
                ('body_is_fallback', models.BooleanField(default=False)),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='SearchText',
            fields=[
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='text', serialize=False, to='outreach.searchentry')),
                ('title', models.TextField()),
                ('body', models.TextField()),
            ],
        ),
        migrations.AddConstraint(
            model_name='searchentry',
            constraint=models.UniqueConstraint(fields=('kind', 'object_id', 'language'), name='outreach_search_entry_unique'),
        ),
        migrations.RunPython(create_full_text, drop_full_text),
    ]
