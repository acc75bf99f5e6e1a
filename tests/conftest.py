import pytest
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


@pytest.fixture
def site_settings(db):
    from tests.factories import SiteSettingsFactory

    return SiteSettingsFactory()
