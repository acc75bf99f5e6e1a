"""
A primary and its streaming standby (tests/cluster/standby.py) under one app server: residents' pages are read from
the standby whenever it has the content the page cache's stamp stands for, staff and writes use the primary, and
promoting the standby after the primary crashed loses no committed question (README "Database failover and read
scaling"). The failover runs last: the module's primary is gone after it.
"""

import json
import re
import time
import uuid

import pytest
from django.conf import settings

from .conftest import STAFF_PASSWORD, listed_meeting, promoted_targets, rename_meeting
from .failover import post_question, run_failover, send_question

pytestmark = pytest.mark.cluster


def content_reads(statements):
    """The statements that read the site's tables (not the standby's replay position)."""
    return [statement for statement in statements if re.search(r'\bFROM "', statement)]


def reads_on_standby(postgres, request):
    """What `request()` returned, and the site's tables it read on the standby."""
    before = len(postgres.statements("standby"))
    answer = request()
    return answer, content_reads(postgres.statements("standby")[before:])


def made_from_standby(cluster, postgres, path, seconds=20):
    """The page at `path` once a miss of the page cache is made from the standby (asked again, with a new query
    string each time, until the standby has replayed what the current stamp stands for)."""
    deadline = time.monotonic() + seconds
    while True:
        address = f"{path}?look={uuid.uuid4().hex[:8]}"
        (status, headers, body), reads = reads_on_standby(postgres, lambda: cluster.browser("a").get(address))  # noqa: B023
        assert status == 200, (address, status)
        if reads:
            assert headers["X-Page-Cache"] == "miss"
            return body
        assert time.monotonic() < deadline, f"{path} never made from the standby"
        time.sleep(0.3)


def a_meeting(cluster):
    return listed_meeting(cluster.browser("a"))


def test_residents_pages_are_read_from_the_standby_and_staff_pages_from_the_primary(replicated):
    cluster, postgres = replicated
    page, _slug = a_meeting(cluster)
    for path in ("/en/events/", "/es/eventos/", page, "/es/politicas/"):
        made_from_standby(cluster, postgres, path)

    status, _headers, body = cluster.browser("a").get("/healthz")
    assert (status, json.loads(body)) == (200, {"database": "ok", "cache": "ok", "replica": "ok"})

    editor = cluster.browser("a")
    (status, _page), reads = reads_on_standby(postgres, lambda: editor.sign_in("cluster-editor", STAFF_PASSWORD))
    assert status == 302
    assert reads == []
    for path in (f"/{settings.ADMIN_URL}events/event/", page, f"{page}?look={uuid.uuid4().hex[:8]}"):
        (status, _headers, _body), reads = reads_on_standby(postgres, lambda: editor.get(path))  # noqa: B023
        assert status == 200, path
        assert reads == [], path  # signed in: the primary answers, whatever the page


def test_a_page_is_never_made_from_a_standby_that_has_not_replayed_the_change(replicated):
    cluster, postgres = replicated
    page, slug = a_meeting(cluster)
    made_from_standby(cluster, postgres, page)  # the standby is current, and used
    editor = cluster.browser("a")
    assert editor.sign_in("cluster-editor", STAFF_PASSWORD)[0] == 302

    postgres.pause_replay()
    try:
        title = f"Meeting moved to the recreation center {uuid.uuid4().hex[:8]}"
        [(pk,)] = postgres.query("primary", "SELECT id FROM events_event WHERE slug = %s", [slug], "outreach")
        rename_meeting(editor, pk, title)
        assert postgres.query("standby", "SELECT title_en FROM events_event WHERE slug = %s", [slug], "outreach") != [
            (title,)
        ]
        assert title in editor.get(page)[2]  # staff see their own edit at once
        for path in (page, f"{page}?look={uuid.uuid4().hex[:8]}", "/en/events/"):
            (status, headers, body), reads = reads_on_standby(postgres, lambda: cluster.browser("a").get(path))  # noqa: B023
            assert status == 200, path
            assert title in body, path  # a resident too: the standby is behind, so the primary made the page
            assert reads == [], path
    finally:
        postgres.resume_replay()

    # Caught up, the standby makes pages again, with the change.
    assert title in made_from_standby(cluster, postgres, page)


def test_with_no_primary_residents_read_on_and_a_question_gets_the_page_with_911(replicated):
    cluster, postgres = replicated
    page, _slug = a_meeting(cluster)
    made_from_standby(cluster, postgres, page)
    postgres.crash("primary")
    try:
        for path in ("/en/", "/es/", page, f"{page}?look={uuid.uuid4().hex[:8]}", "/es/politicas/"):
            assert cluster.browser("a").get(path)[0] == 200, path  # the page cache, or the standby
        # No primary to save it: after PgBouncer's 10-second wait, the bilingual 503 page (within gunicorn's 30 s).
        status, _headers, body = post_question(cluster.url("a"), "Is it safe to call 911 if I have no papers?")
        assert status == 503
        assert "911" in body
        status, _headers, body = cluster.browser("a").get("/healthz")
        assert (status, json.loads(body)) == (503, {"database": "unavailable", "cache": "ok", "replica": "ok"})
    finally:
        postgres.pg_ctl_start("primary")
        postgres.wait_for_sync()
    # Taken again once PgBouncer tries the primary (server_login_retry: within a second), with no restart of anything.
    postgres.wait_for(lambda: send_question(cluster.url("a"), "And now?") == "sent", "question taken", seconds=30)


def test_promoting_the_standby_after_the_primary_crashes_loses_no_committed_question(replicated):
    cluster, postgres = replicated
    run = run_failover(cluster.url("a"), cluster, postgres, promoted_targets(postgres))

    # Residents kept reading: pages the cache held, and pages made from the standby, which stayed up.
    assert run.reads > 100
    assert run.read_failures == []
    # Questions were taken before the crash, and again as soon as PgBouncer reached the promoted standby: those sent
    # in between waited in PgBouncer's queue. Only a question being saved at the very moment of the crash may fail,
    # and it is not confirmed, so the resident knows to send it again.
    assert len(run.acknowledged) > 5
    assert run.first_write_after is not None, run
    assert sum(run.refused.values()) <= 1, run.refused
    # Every question whose sending was confirmed is on the promoted server: nothing committed was lost.
    stored = {text for (text,) in postgres.query("standby", "SELECT text FROM outreach_question", database="outreach")}
    assert set(run.acknowledged) <= stored
    # And it is a primary now: it takes writes, and the site shows the staff their questions.
    assert postgres.query("standby", "SELECT pg_is_in_recovery()") == [(False,)]
