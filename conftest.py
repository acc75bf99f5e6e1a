"""Test-run settings, applied on top of outreach/settings.py (no separate settings tree)."""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="outreach-test-media-")
    settings.GENERATED_ROOT = tempfile.mkdtemp(prefix="outreach-test-generated-")
    # Tests see pages as rendered now; the page cache's own tests turn it on (tests/editorial/test_pagecache.py).
    settings.PAGE_CACHE_SECONDS = 0
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        settings.CACHES = {
            alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
            for alias in settings.CACHES
        }
    else:
        # Tests clear the cache after each test (FLUSHDB): never in the site's own Redis database, and one
        # database per xdist worker so workers do not wipe each other's entries.
        # TEST_REDIS_DB_BASE lets two test runs on one machine keep apart (the highest database they use).
        from tests.helpers import redis_test_database

        parts = urlsplit(redis_url)
        for cache in settings.CACHES.values():
            cache["LOCATION"] = urlunsplit(parts._replace(path=f"/{redis_test_database()}"))
