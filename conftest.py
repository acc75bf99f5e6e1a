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
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        # Tests clear the cache after each test (FLUSHDB): never in the site's own Redis database, and one
        # database per xdist worker so workers do not wipe each other's entries.
        # TEST_REDIS_DB_BASE lets two test runs on one machine keep apart (the highest database they use).
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        base = int(os.environ.get("TEST_REDIS_DB_BASE", "15"))
        parts = urlsplit(redis_url)
        settings.CACHES["default"]["LOCATION"] = urlunsplit(parts._replace(path=f"/{base - worker}"))
