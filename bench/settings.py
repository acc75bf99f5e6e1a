"""
The site's own settings, with one addition for the HTTP benchmark: the floor view (`bench/urls.py`).

Everything else (middleware, cache, database, production profile) comes from `outreach/settings.py` and the
environment the benchmark sets, so the floor and the pages run through the same stack.
"""

from outreach.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The floor measures the framework, not the page cache: it is never stored nor served from the cache.
PAGE_CACHE_SKIP_PATHS = [*PAGE_CACHE_SKIP_PATHS, "/bench/floor"]  # noqa: F405
