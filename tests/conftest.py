import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_cache_and_language():
    # The site settings row, rate limits and pages live in the caches; each test starts from nothing.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
    translation.activate("en")


@pytest.fixture(autouse=True)
def _generated_files_apart(settings, tmp_path_factory):
    # Items get the same ids in every test, and a preview picture or PDF made from the same text has the same name:
    # each test starts with no generated file, so "drawn once" means drawn by this test.
    settings.GENERATED_ROOT = tmp_path_factory.mktemp("generated")


@pytest.fixture
def site_settings(db):
    from tests.factories import SiteSettingsFactory

    return SiteSettingsFactory()


@pytest.fixture
def fresh_database_url(tmp_path):
    """
    The address of a new, empty database of the suite's own engine, for a command run in another process (a
    migration from an old release, a restore): a file on SQLite; on PostgreSQL a database of its own on the
    suite's server, made and dropped through the server's maintenance database.
    """
    options = settings.DATABASES["default"]
    if "postgresql" not in options["ENGINE"]:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    server = {"host": options["HOST"] or "127.0.0.1", "port": options["PORT"] or 5432, "user": options["USER"]}
    if options["PASSWORD"]:
        server["password"] = options["PASSWORD"]
    name = f"outreach_fresh_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')
    credentials = server["user"] + (f":{server['password']}" if "password" in server else "")
    yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
