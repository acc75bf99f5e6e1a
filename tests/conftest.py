import uuid

import pytest
from django.core.cache import caches
from django.utils import translation

from tests.helpers import postgresql_server, postgresql_url


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
    server = postgresql_server()
    if server is None:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    name = f"outreach_fresh_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')
    yield postgresql_url(server, name)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
