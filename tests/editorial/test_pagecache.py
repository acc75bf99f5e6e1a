"""
The anonymous page cache (editorial/pagecache.py): what it serves, what it never touches, how precisely it forgets,
and the HTTP caching headers of public pages.

Most tests run twice: with the stamp in the database (the page cache is each process's own memory, the embedded
default) and with the stamp in a cache every process shares (here a file-based cache, standing in for Redis). In the
shared case the new stamp is written when the transaction commits, so changes are made inside
`django_capture_on_commit_callbacks(execute=True)`, which commits them as far as the cache can tell.
"""

import datetime
import email.utils

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.http import http_date

from editorial import pagecache
from editorial.models import PageCacheStamp
from editorial.pagecache import STATUS_HEADER, PageCacheMiddleware
from editorial.publication import PublishStatus
from events.models import Event
from outreach.models import Question, SiteSettings
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    SuperuserFactory,
    in_days,
)
from tests.helpers import admin_path, form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

ZONE = "America/Chicago"
DEFAULT_CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400"


def local(year, month, day, hour, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


@pytest.fixture
def page_cache(settings):
    """The page cache on, its stamp in the database (the embedded default: a local-memory cache per process)."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.HTTP_MAX_AGE, settings.HTTP_SHARED_MAX_AGE = 60, 60
    settings.HTTP_STALE_WHILE_REVALIDATE, settings.HTTP_STALE_IF_ERROR = 30, 86400
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pagecache-tests"},
    }
    pagecache.page_cache().clear()
    return "database"


@pytest.fixture
def shared_page_cache(page_cache, settings, tmp_path):
    """The page cache in a store every process shares, so the stamp lives there too."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    return "shared"


@pytest.fixture(params=["database", "shared"])
def stamp_in(request):
    return request.getfixturevalue("page_cache" if request.param == "database" else "shared_page_cache")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Make changes as if their transaction committed (it is rolled back after the test, as usual)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def editor():
    """A signed-in editor, in a browser of their own (the `client` fixture stays anonymous)."""
    browser = Client()
    browser.force_login(SuperuserFactory())
    return browser


def text(response):
    return html(response).get_text(" ", strip=True)


def current_token():
    return pagecache.current_stamp().token


# --- Hits and misses ------------------------------------------------------------------------------------------


def test_with_a_shared_cache_a_hit_reads_only_the_stamp_from_it(client, shared_page_cache, monkeypatch):
    event = EventFactory()
    client.get(event.get_absolute_url())
    shared = pagecache.page_cache()
    read = shared.get
    asked = []

    def get(key, *args, **kwargs):
        asked.append(key)
        return read(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", get)

    second = client.get(event.get_absolute_url())

    assert second[STATUS_HEADER] == "hit"
    # Only the stamp's two entries were read; the page came from this process's own copy.
    assert sorted(asked) == sorted([pagecache.CacheStamps.TOKEN_KEY, pagecache.CacheStamps.SETTLED_KEY])


def test_local_copies_keep_to_their_byte_budget_least_recently_used_out_first():
    copies = pagecache.LocalCopies(max_bytes=10)
    copies.put("a", (b"1234", []))
    copies.put("b", (b"1234", []))
    copies.get("a")
    copies.put("c", (b"1234", []))  # over budget: "b" was used least recently
    copies.put("huge", (b"x" * 11, []))  # bigger than the whole budget: never kept

    assert [key for key in ["a", "b", "c", "huge"] if copies.get(key)] == ["a", "c"]
    assert copies.size == 8


def test_local_copies_are_not_kept_when_the_page_cache_is_this_process_memory(page_cache):
    assert pagecache.local_copies() is None


def test_a_second_anonymous_request_is_served_from_the_cache_without_the_view(
    client, stamp_in, django_assert_num_queries
):
    event = EventFactory()
    first = client.get(event.get_absolute_url())
    assert first[STATUS_HEADER] == "miss"

    # The stamp is one query when it lives in the database, none in a shared cache; the page itself costs none.
    with django_assert_num_queries(1 if stamp_in == "database" else 0):
        second = client.get(event.get_absolute_url())

    assert second[STATUS_HEADER] == "hit"
    assert second.content == first.content
    for header in ["Content-Type", "Content-Language", "Content-Security-Policy", "Vary", "ETag", "Cache-Control"]:
        assert second[header] == first[header], header


def test_the_stamp_lives_in_the_database_unless_the_cache_is_shared(client, stamp_in):
    client.get("/en/")
    in_cache = pagecache.page_cache().get(pagecache.CacheStamps.TOKEN_KEY)
    if stamp_in == "database":
        assert PageCacheStamp.objects.get().settled
        assert in_cache is None
    else:
        assert in_cache[0] == current_token()
        assert not PageCacheStamp.objects.filter(token=current_token()).exists()


READING_PAGES = [
    "/en/",
    "/es/",
    "/en/events/",
    "/es/eventos/?city=Dallas",
    "/en/events/past/",
    "/es/eventos/{event}/",
    "/en/events/{event}/flyer/",
    "/es/eventos/{event}/calendar.ics",
    "/en/events/calendar.ics",
    "/es/eventos/feed/",
    "/en/policies/",
    "/es/politicas/{policy}/",
    "/en/policies/{policy}/history/",
    "/en/faq/",
    "/es/recursos/",
    "/en/fact-checks/",
    "/es/buscar/?q=reuni%C3%B3n",
    "/en/privacy/",
    "/sitemap.xml",
    "/sitemap-events.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("path", READING_PAGES)
def test_every_reading_page_is_cached_and_served_the_same(client, page_cache, path):
    event, policy = EventFactory(), PolicyFactory()
    FaqEntryFactory(), ResourceFactory(), FactCheckFactory()
    url = path.format(event=event.slug, policy=policy.slug)

    first, second = client.get(url), client.get(url)

    assert (first.status_code, first[STATUS_HEADER]) == (200, "miss")
    assert (second.status_code, second[STATUS_HEADER]) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"].startswith("public, ")
    assert not second.cookies


def test_a_page_is_cached_per_address_query_and_language(client, page_cache):
    EventFactory(title_en="Irving meeting", title_es="Reunión en Irving", venue__city="Irving")
    EventFactory(title_en="Dallas meeting", title_es="Reunión en Dallas", venue__city="Dallas")
    urls = ["/en/events/", "/es/eventos/", "/en/events/?city=Irving", "/en/events/?city=Dallas"]
    for url in urls:
        assert client.get(url)[STATUS_HEADER] == "miss", url
    pages = {url: client.get(url) for url in urls}
    assert {response[STATUS_HEADER] for response in pages.values()} == {"hit"}
    assert "Dallas meeting" not in text(pages["/en/events/?city=Irving"])
    assert "Irving meeting" not in text(pages["/en/events/?city=Dallas"])
    assert "Reunión en Irving" in text(pages["/es/eventos/"])
    assert pages["/es/eventos/"]["Content-Language"] == "es"


def test_server_side_cache_off_still_sends_http_caching_headers(client, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 0
    first, second = client.get("/en/"), client.get("/en/")
    assert first[STATUS_HEADER] == second[STATUS_HEADER] == "bypass"
    assert second["Cache-Control"].startswith("public, max-age=")
    assert second["ETag"] and second["Last-Modified"]


# --- Invalidation ---------------------------------------------------------------------------------------------


def test_saving_content_in_code_shows_on_the_next_request(client, stamp_in, committed):
    event = EventFactory(title_en="Meeting at the church")
    client.get(event.get_absolute_url())
    with committed():
        event.title_en = "Meeting moved to the library"
        event.save()
    response = client.get(event.get_absolute_url())
    assert response[STATUS_HEADER] == "miss"
    assert "Meeting moved to the library" in text(response)


def test_an_edit_in_the_admin_shows_on_the_next_request(client, editor, stamp_in, committed):
    event = EventFactory(title_en="Meeting at the church")
    assert "Meeting at the church" in text(client.get("/en/events/"))
    change = admin_path(f"events/event/{event.pk}/change/")
    data = form_data(editor.get(change))
    data["title_en"] = "Meeting moved to the library"

    with committed():
        assert editor.post(change, data).status_code == 302

    assert "Meeting moved to the library" in text(client.get("/en/events/"))
    assert "Meeting moved to the library" in text(client.get(event.get_absolute_url()))


def test_publish_and_unpublish_actions_in_the_admin_show_on_the_next_request(client, editor, stamp_in, committed):
    draft = EventFactory(draft=True, title_en="The draft meeting")
    live = EventFactory(title_en="The live meeting")
    assert "The draft meeting" not in text(client.get("/en/events/"))
    assert client.get(f"/en/events/{draft.slug}/").status_code == 404
    assert client.get(f"/en/events/{live.slug}/").status_code == 200

    with committed():
        for action, event in [("publish", draft), ("unpublish", live)]:
            editor.post(admin_path("events/event/"), {"action": action, "_selected_action": [event.pk]})

    listing = text(client.get("/en/events/"))
    assert "The draft meeting" in listing
    assert "The live meeting" not in listing
    assert client.get(f"/en/events/{draft.slug}/").status_code == 200
    assert client.get(f"/en/events/{live.slug}/").status_code == 404


def test_deleting_in_the_admin_shows_on_the_next_request(client, editor, stamp_in, committed):
    event = EventFactory(title_en="A meeting to delete")
    assert "A meeting to delete" in text(client.get("/en/events/"))
    with committed():
        editor.post(
            admin_path("events/event/"), {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
        )
    assert not Event.objects.exists()
    assert "A meeting to delete" not in text(client.get("/en/events/"))


def test_a_management_command_shows_on_the_next_request(client, stamp_in, committed):
    assert "Familia Bethel" not in text(client.get("/en/events/"))
    with committed():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
    assert "Familia Bethel" in text(client.get("/en/events/"))


def test_reverting_a_policy_to_an_old_version_shows_on_the_next_request(client, editor, stamp_in, committed):
    policy = PolicyFactory(summary_en="The original promise.")
    old_version = policy.history.latest().history_id
    with committed():
        policy.summary_en = "A careless edit."
        policy.save()
    assert "A careless edit." in text(client.get(policy.get_absolute_url()))
    url = admin_path(f"policies/policy/{policy.pk}/history/{old_version}/")

    with committed():
        assert editor.post(url, form_data(editor.get(url))).status_code == 302

    assert "The original promise." in text(client.get(policy.get_absolute_url()))


def test_site_settings_changed_by_another_process_show_on_the_next_request(client, page_cache):
    client.get("/en/")  # this process now keeps the settings in its own memory
    # Another worker saves the settings: the row changes and the stamp with it, but not this process's memory.
    SiteSettings.objects.filter(pk=1).update(program_name_en="Neighbours and Police")
    pagecache.content_changed()
    assert "Neighbours and Police" in text(client.get("/en/"))


def test_a_many_to_many_change_on_content_invalidates_pages(page_cache):
    from django.db.models.signals import m2m_changed

    event, policy = EventFactory(), PolicyFactory()
    token = current_token()
    # No content model has a many-to-many field yet (guides will): send what Django sends when one changes.
    m2m_changed.send(sender=object, instance=event, action="post_add", model=type(policy), pk_set={policy.pk})
    assert current_token() != token


def test_residents_questions_do_not_invalidate_pages(client, stamp_in, committed):
    client.get("/en/faq/")
    token = current_token()
    with committed():
        Question.objects.create(text="Can I call 911 without papers?", language="en")
    assert current_token() == token
    assert client.get("/en/faq/")[STATUS_HEADER] == "hit"


def test_a_rolled_back_change_invalidates_nothing(client, page_cache):
    event = EventFactory()
    client.get(event.get_absolute_url())
    token = current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        event.save()
        raise RuntimeError
    assert current_token() == token


def test_a_new_stamp_is_random_never_a_counter(page_cache):
    first = current_token()
    pagecache.content_changed()
    second = current_token()
    assert first != second
    assert len(second) == 32 and int(second, 16) != int(first, 16) + 1


# --- Scheduled changes ------------------------------------------------------------------------------------------


def test_a_scheduled_publication_appears_at_its_moment(client, stamp_in):
    with time_machine.travel(local(2031, 3, 4, 12), tick=False) as traveller:
        EventFactory(title_en="Scheduled meeting", publish_at=local(2031, 3, 4, 12, 10), starts_at=in_days(5))
        assert "Scheduled meeting" not in text(client.get("/en/events/"))
        traveller.move_to(local(2031, 3, 4, 12, 9, 59))
        assert client.get("/en/events/")[STATUS_HEADER] == "hit"
        traveller.move_to(local(2031, 3, 4, 12, 10))
        assert "Scheduled meeting" in text(client.get("/en/events/"))


def test_a_scheduled_unpublication_disappears_at_its_moment(client, stamp_in):
    with time_machine.travel(local(2031, 3, 4, 12), tick=False) as traveller:
        event = EventFactory(title_en="Short-lived meeting", unpublish_at=local(2031, 3, 4, 12, 10))
        assert "Short-lived meeting" in text(client.get("/en/events/"))
        traveller.move_to(local(2031, 3, 4, 12, 10))
        assert "Short-lived meeting" not in text(client.get("/en/events/"))
        assert client.get(event.get_absolute_url()).status_code == 404


def test_a_meeting_leaves_the_upcoming_list_when_it_ends(client, stamp_in):
    with time_machine.travel(local(2031, 3, 4, 18), tick=False) as traveller:
        EventFactory(title_en="Evening meeting", starts_at=local(2031, 3, 4, 19), ends_at=local(2031, 3, 4, 21))
        assert "Evening meeting" in text(client.get("/en/events/"))
        traveller.move_to(local(2031, 3, 4, 21))
        assert "Evening meeting" in text(client.get("/en/events/"))  # up to and including its end
        traveller.move_to(local(2031, 3, 4, 21, 0, 1))
        assert "Evening meeting" not in text(client.get("/en/events/"))
        assert "Evening meeting" in text(client.get("/en/events/past/"))


def test_the_alert_banner_appears_and_expires_on_time(client, stamp_in):
    with time_machine.travel(local(2031, 3, 4, 12), tick=False) as traveller:
        AlertFactory(
            message_en="Tonight's meeting is cancelled.",
            starts_at=local(2031, 3, 4, 13),
            ends_at=local(2031, 3, 4, 14),
        )
        assert "Tonight's meeting is cancelled." not in text(client.get("/en/"))
        traveller.move_to(local(2031, 3, 4, 13))
        assert "Tonight's meeting is cancelled." in text(client.get("/en/"))
        traveller.move_to(local(2031, 3, 4, 13, 0, 1))
        assert "Tonight's meeting is cancelled." in text(client.get("/en/"))
        assert client.get("/en/")[STATUS_HEADER] == "hit"
        traveller.move_to(local(2031, 3, 4, 14))
        assert "Tonight's meeting is cancelled." not in text(client.get("/en/"))


def test_no_entry_and_no_http_lifetime_reaches_past_the_next_scheduled_change(client, page_cache):
    with time_machine.travel(local(2031, 3, 4, 12), tick=False):
        EventFactory(publish_at=local(2031, 3, 4, 12, 0, 25))
        response = client.get("/en/events/")
        assert response["Cache-Control"] == "public, max-age=25, s-maxage=25, stale-if-error=86400"
        key = pagecache.cache_key(RequestFactory().get("/en/events/"), pagecache.current_stamp(), timezone.now())
        assert pagecache.page_cache().get(key) is not None
        # The local-memory cache keeps each entry's expiry: no later than the publication.
        assert (
            pagecache.page_cache()._expire_info[pagecache.page_cache().make_key(key)] <= timezone.now().timestamp() + 25
        )


def test_pages_made_yesterday_are_not_served_after_midnight(client, page_cache):
    with time_machine.travel(local(2031, 3, 4, 23, 59, 20), tick=False) as traveller:
        before = client.get("/en/")
        assert before["Cache-Control"] == "public, max-age=40, s-maxage=40, stale-if-error=86400"
        traveller.move_to(local(2031, 3, 5, 0, 0, 1))
        after = client.get("/en/")
        assert after[STATUS_HEADER] == "miss"
        assert after["Last-Modified"] == http_date(local(2031, 3, 5, 0).timestamp())


# --- Never cached, never served from the cache ------------------------------------------------------------------


def test_staff_are_never_served_from_the_cache_and_never_fill_it(client, editor, page_cache):
    event = EventFactory()
    for _ in range(2):
        response = editor.get(event.get_absolute_url())
        assert response[STATUS_HEADER] == "bypass"
        assert response["Cache-Control"] == "private, no-cache"
    assert client.get(event.get_absolute_url())[STATUS_HEADER] == "miss"


def test_any_cookie_skips_the_cache(client, page_cache):
    event = EventFactory(title_en="Before")
    client.get(event.get_absolute_url())
    Event.objects.filter(pk=event.pk).update(title_en="After")  # no signal: the cached copy stays

    with_cookie = Client()
    with_cookie.cookies[settings.CSRF_COOKIE_NAME] = "anything"
    response = with_cookie.get(event.get_absolute_url())

    assert response[STATUS_HEADER] == "bypass"
    assert "After" in text(response)
    assert "Before" in text(client.get(event.get_absolute_url()))


def test_a_draft_preview_is_private_and_never_cached(client, editor, page_cache):
    draft = EventFactory(draft=True)
    preview = editor.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-cache"
    assert "ETag" not in preview
    calendar = editor.get(f"/en/events/{draft.slug}/calendar.ics")
    assert calendar["Cache-Control"] == "private, no-cache"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_ask_form_is_never_cached(page_cache):
    for _ in range(2):
        response = Client().get("/en/ask/")
        assert response[STATUS_HEADER] == "miss"
        assert "no-store" in response["Cache-Control"]
        assert settings.CSRF_COOKIE_NAME in response.cookies


def test_posts_the_admin_and_healthz_are_left_alone(client, editor, page_cache):
    assert STATUS_HEADER not in client.post("/en/ask/", {"text": "Hello"})
    assert STATUS_HEADER not in editor.get(admin_path())
    health = client.get("/healthz")
    assert STATUS_HEADER not in health
    assert health["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_errors_and_redirects_are_not_cached(client, page_cache):
    for _ in range(2):
        missing = client.get("/en/events/no-such-meeting/")
        assert (missing.status_code, missing[STATUS_HEADER], missing["Cache-Control"]) == (404, "miss", "no-cache")
    root = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert (root.status_code, root["Cache-Control"]) == (302, "no-cache")


def call_middleware(response, method="GET", **headers):
    request = getattr(RequestFactory(), method.lower())("/en/anything/", **headers)
    return PageCacheMiddleware(lambda request: response)(request)


def fresh(**headers):
    response = HttpResponse("<p>page</p>")
    for name, value in headers.items():
        response[name] = value
    return response


@pytest.mark.parametrize(
    "make_response",
    [
        lambda: fresh(**{"Cache-Control": "private"}),
        lambda: fresh(**{"Cache-Control": "no-store"}),
        lambda: fresh(**{"Cache-Control": "no-cache"}),
        lambda: fresh(Vary="Accept-Language"),
        lambda: fresh(**{"Content-Security-Policy": "script-src 'self' 'nonce-abc'"}),
        lambda: HttpResponse("made", status=201),
    ],
    ids=["private", "no-store", "no-cache", "varies-on-language", "csp-nonce", "not-200"],
)
def test_answers_that_are_not_for_everyone_are_not_stored(page_cache, make_response):
    call_middleware(make_response())
    assert call_middleware(fresh())[STATUS_HEADER] == "miss"


def test_an_answer_that_sets_a_cookie_is_not_stored(page_cache):
    response = fresh()
    response.set_cookie("sessionid", "abc")
    call_middleware(response)
    assert call_middleware(fresh())[STATUS_HEADER] == "miss"


def test_head_is_served_from_a_stored_get_but_never_stores(page_cache):
    call_middleware(fresh(), method="HEAD")
    assert call_middleware(fresh())[STATUS_HEADER] == "miss"
    assert call_middleware(fresh(), method="HEAD")[STATUS_HEADER] == "hit"


# --- Conditional requests ---------------------------------------------------------------------------------------


def test_if_none_match_answers_304_from_the_cache_without_rendering(
    client, shared_page_cache, django_assert_num_queries
):
    first = client.get("/en/")
    with django_assert_num_queries(0):
        again = client.get("/en/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_if_modified_since_answers_304(client, stamp_in):
    first = client.get("/en/faq/")
    assert client.get("/en/faq/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_changed_page_answers_200_to_its_old_validators(client, stamp_in, committed):
    event = EventFactory()
    first = client.get(event.get_absolute_url())
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
        with committed():
            event.title_en = "A new title"
            event.save()
        again = client.get(
            event.get_absolute_url(),
            HTTP_IF_NONE_MATCH=first["ETag"],
            HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
        )
        assert again.status_code == 200
        assert "A new title" in text(again)
        assert client.get(event.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_page_made_again_but_unchanged_still_answers_304_to_its_etag(client, page_cache):
    first = client.get("/en/privacy/")
    FaqEntryFactory(status=PublishStatus.DRAFT)  # a change elsewhere: every page is made again
    again = client.get("/en/privacy/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again[STATUS_HEADER]) == (304, "miss")


# --- Headers ----------------------------------------------------------------------------------------------------


def test_public_pages_say_how_long_any_cache_may_keep_them(client, page_cache):
    with time_machine.travel(local(2031, 3, 4, 12), tick=False) as traveller:
        pagecache.content_changed()
        traveller.move_to(local(2031, 3, 4, 12, 5))
        response = client.get("/en/events/")
        assert response["Cache-Control"] == DEFAULT_CACHE_CONTROL
        assert response["Last-Modified"] == http_date(local(2031, 3, 4, 12).timestamp())
        assert response["ETag"].startswith('"') and len(response["ETag"]) == 34


def test_http_lifetimes_come_from_the_settings(client, page_cache, settings):
    settings.HTTP_MAX_AGE, settings.HTTP_SHARED_MAX_AGE = 30, 600
    settings.HTTP_STALE_WHILE_REVALIDATE, settings.HTTP_STALE_IF_ERROR = 120, 0
    with time_machine.travel(local(2031, 3, 4, 12), tick=False):
        assert client.get("/en/").get("Cache-Control") == "public, max-age=30, s-maxage=600, stale-while-revalidate=120"


def test_last_modified_is_never_after_the_answer(client, stamp_in):
    response = client.get("/en/")
    assert email.utils.parsedate_to_datetime(response["Last-Modified"]) <= timezone.now()


@pytest.mark.parametrize(
    ("path", "vary"),
    [
        # Pages under a language prefix: the language is the address, and nothing else selects the page.
        ("/en/", None),
        ("/es/eventos/", None),
        ("/en/faq/", None),
        ("/es/buscar/?q=reunion", None),
        ("/en/events/calendar.ics", None),
        # Pages that can be a draft preview: the session (a cookie) decides what a request gets.
        ("/en/events/{event}/", "Cookie"),
        ("/es/eventos/{event}/volante/", "Cookie"),
        ("/en/events/{event}/calendar.ics", "Cookie"),
        ("/es/politicas/{policy}/", "Cookie"),
        ("/en/policies/{policy}/history/", "Cookie"),
        # Outside the prefixes, the same in every language.
        ("/sitemap.xml", None),
        ("/sitemap-events.xml", None),
        ("/robots.txt", None),
        # The language redirect: Accept-Language, or Django's language cookie if a browser sends one.
        ("/", "Accept-Language, Cookie"),
        ("/events/", "Accept-Language, Cookie"),
        # The ask form: its CSRF cookie.
        ("/en/ask/", "Cookie"),
    ],
)
def test_vary_says_exactly_what_each_kind_of_page_varies_on(page_cache, path, vary):
    event, policy = EventFactory(), PolicyFactory()
    url = path.format(event=event.slug, policy=policy.slug)
    for _ in range(2):  # a miss, then (where cached) a hit
        response = Client().get(url)
        assert response.get("Vary") == vary, response.get(STATUS_HEADER)


# --- When something is down ---------------------------------------------------------------------------------------

DEAD_REDIS = {
    "BACKEND": "outreach.cache.ResilientRedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}


def test_with_redis_down_pages_are_served_uncached(client, page_cache, settings):
    settings.CACHES = {**settings.CACHES, "pages": DEAD_REDIS}
    event = EventFactory()
    for _ in range(2):
        response = client.get(event.get_absolute_url())
        assert response.status_code == 200
        assert response[STATUS_HEADER] == "bypass"
        assert response["Cache-Control"] == "no-cache"
        assert "Last-Modified" not in response


def test_with_the_database_down_pages_are_the_503_page(client, page_cache):
    client.get("/en/")
    with mock_database_down():
        response = client.get("/es/eventos/")
    assert response.status_code == 503
    assert b'href="tel:911"' in response.content


def test_with_the_database_down_a_page_in_a_shared_cache_is_still_served(client, shared_page_cache):
    first = client.get("/en/faq/")
    with mock_database_down():
        again = client.get("/en/faq/")
    assert (again.status_code, again[STATUS_HEADER]) == (200, "hit")
    assert again.content == first.content


def mock_database_down():
    from unittest import mock

    return mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down"))


@pytest.mark.django_db(transaction=True)  # as a server runs: outside a transaction, where a failed query spoils none
def test_before_migrate_has_made_the_stamp_table_pages_and_saves_still_work(client, page_cache):
    # A rolling deploy can run the new code for a moment before `migrate`.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE editorial_pagecachestamp RENAME TO editorial_pagecachestamp_away")
    try:
        event = EventFactory(title_en="Saved all the same")
        response = client.get(event.get_absolute_url())
        assert (response.status_code, response[STATUS_HEADER]) == (200, "bypass")
        assert "Saved all the same" in text(response)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE editorial_pagecachestamp_away RENAME TO editorial_pagecachestamp")
