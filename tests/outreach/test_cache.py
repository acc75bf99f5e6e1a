import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    alias: {
        "BACKEND": "outreach.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    for alias in ["default", "pages"]
}


@override_settings(CACHES=DEAD_REDIS)
@pytest.mark.parametrize("path", ["/en/", "/es/eventos/", "/en/events/{slug}/"])
def test_site_keeps_serving_when_redis_is_down(client, site_settings, path):
    event = EventFactory()
    response = client.get(path.format(slug=event.slug))
    assert response.status_code == 200
    assert b"911" in response.content


@override_settings(CACHES=DEAD_REDIS)
def test_a_dead_cache_reads_as_empty_and_writes_are_dropped():
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", "value") is False
    assert cache.get_many(["key"]) == {}


@override_settings(CACHES=DEAD_REDIS)
def test_healthz_says_the_cache_is_unavailable_but_the_site_is_up(client, site_settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable"}
