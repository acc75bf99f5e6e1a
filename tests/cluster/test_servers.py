"""
Two app servers behind nginx, sharing PostgreSQL (through PgBouncer) and Redis (tests/cluster/conftest.py): what
one server does, the other sees; losing an app server or Redis costs readers nothing (README "Several servers").
"""

import time
import uuid

import pytest
from django.conf import settings

from .conftest import STAFF_PASSWORD, WRK_CONNECTIONS, listed_meeting, read_wrk, rename_meeting

pytestmark = pytest.mark.cluster

READING = ["/en/", "/es/", "/en/events/", "/es/eventos/", "/en/policies/"]


def cached(browser, path, seconds=15):
    """The page at `path`, once the page cache answers it (asked again until it does: it stores it on a miss)."""
    deadline = time.monotonic() + seconds
    while True:
        status, headers, body = browser.get(path)
        assert status == 200, (path, status)
        if headers["X-Page-Cache"] == "hit":
            return body
        assert time.monotonic() < deadline, f"{path} never came from the page cache"
        time.sleep(0.2)


def a_meeting(cluster):
    """A published meeting's page address and its id."""
    page, slug = listed_meeting(cluster.browser("nginx"))
    [(pk,)] = cluster.query("SELECT id FROM events_event WHERE slug = %s", [slug])
    return page, pk


def test_an_edit_saved_through_one_server_is_on_the_next_page_the_other_serves(cluster):
    page, pk = a_meeting(cluster)
    title = f"Meeting moved to the library {uuid.uuid4().hex[:8]}"
    assert title not in cached(cluster.browser("b"), page)  # server B answers it from the page cache

    editor = cluster.browser("a")
    assert editor.sign_in("cluster-editor", STAFF_PASSWORD)[0] == 302
    rename_meeting(editor, pk, title)

    for server in ("b", "nginx"):
        status, _headers, body = cluster.browser(server).get(page)
        assert status == 200
        assert title in body, server
    assert title in cluster.browser("b").get("/en/events/")[2]


def test_a_lockout_counted_on_one_server_holds_on_the_other(cluster):
    assert cluster.browser("b").sign_in("cluster-locked-out", STAFF_PASSWORD)[0] == 302
    guesser = cluster.browser("a")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert guesser.sign_in("cluster-locked-out", "not the password")[0] == 200
    status, page = cluster.browser("b").sign_in("cluster-locked-out", STAFF_PASSWORD)
    assert status == 429
    assert "Too many failed sign-ins for this account" in page


def test_killing_an_app_server_under_load_costs_no_failed_read(cluster):
    page, _pk = a_meeting(cluster)
    paths = [*READING, page]
    for path in paths:
        assert cluster.browser("nginx").get(path)[0] == 200, path
    served_by_a = cluster.served("a")
    try:
        load = cluster.wrk(paths, seconds=8)
        time.sleep(3)
        assert cluster.served("a") > served_by_a  # server A had its share of the load when it died
        cluster.kill("a")
        during = read_wrk(load)
        after = read_wrk(cluster.wrk(paths, seconds=4))
    finally:
        cluster.start_app("a")
    # nginx resends to server B a read that found server A gone (refused, or cut off before it answered); only an
    # answer server A had begun to send when it died is lost: at most one per connection wrk keeps open.
    assert during["requests"] > 100
    assert during["failures"]["status"] == 0, during
    assert sum(during["failures"].values()) <= WRK_CONNECTIONS, during
    # Once nginx has noticed, nothing at all is lost.
    assert after["requests"] > 100
    assert after["failures"] == dict.fromkeys(after["failures"], 0), after


def test_restarting_redis_loses_no_content_and_the_site_keeps_serving(cluster):
    page, _pk = a_meeting(cluster)
    paths = [*READING, page]
    front = cluster.browser("nginx")
    before = {}
    for path in paths:
        before[path] = cached(front, path)

    cluster.kill("redis")
    try:
        for server in ("a", "b", "nginx"):
            for path in paths:
                status, headers, body = cluster.browser(server).get(path)
                # Made from the database, with no cache: the same page.
                assert (status, headers["X-Page-Cache"]) == (200, "bypass"), (server, path)
                assert body == before[path], (server, path)
    finally:
        cluster.start_redis()

    for path in paths:
        assert cached(front, path) == before[path], path  # the cache is used again, and the pages are the same
