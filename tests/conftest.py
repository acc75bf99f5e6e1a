import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_cache_and_language():
    # The site settings row and rate limits live in the cache; each test starts from nothing.
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")


@pytest.fixture
def site_settings(db):
    from tests.factories import SiteSettingsFactory

    return SiteSettingsFactory()
