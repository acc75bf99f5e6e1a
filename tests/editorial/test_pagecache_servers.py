"""
Two real app servers (gunicorn, one worker each) on one database and one cache configuration: a change made through
server A, in its admin over HTTP or by a management command, is on the very next page server B serves, although B
had that page in its cache. Run with the default local-memory cache (each server keeps its own pages; the stamp is
in the database) and, where Redis answers on 127.0.0.1:6379, with Redis (pages and stamp shared in it).
"""

import contextlib
import http.cookiejar
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import types
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from editorial.pagecache import STATUS_HEADER
from tests.helpers import admin_path, form_data, free_port, html, redis_test_database

ROOT = Path(settings.BASE_DIR)
PASSWORD = "a long password for the two-server test"
SERVER_SETTINGS = """
from outreach.settings import *  # noqa: F403

# The servers run without collectstatic: plain static storage (the pages only need the files' addresses).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def redis_answers():
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
        return True
    return False


def manage(environment, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def seeded_site(tmp_path_factory):
    """A migrated, seeded SQLite database with an editor, and the environment the servers run in."""
    folder = tmp_path_factory.mktemp("two-servers")
    (folder / "server_settings.py").write_text(SERVER_SETTINGS)
    environment = {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DATABASE_URL"}},
        "DJANGO_SETTINGS_MODULE": "server_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",  # the test speaks plain HTTP to 127.0.0.1
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://outreach.example.org",  # the address links are built from (required in production)
        "MEDIA_ROOT": str(folder / "media"),
        "PAGE_CACHE_SECONDS": "600",
        "LOG_LEVEL": "WARNING",
        "EDITOR_PASSWORD": PASSWORD,
    }
    manage(environment, "migrate", "--noinput")
    manage(environment, "seed_demo")
    manage(environment, "create_staff_user", "editor", "--role", "editor", "--password-from-env", "EDITOR_PASSWORD")
    return folder, environment


@pytest.fixture(params=["local memory", *(["redis"] if redis_answers() else [])])
def site(request, seeded_site, tmp_path):
    """A fresh copy of the seeded database and the environment for one cache configuration."""
    folder, environment = seeded_site
    database = tmp_path / "db.sqlite3"
    shutil.copy(folder / "db.sqlite3", database)
    environment = {**environment, "DATABASE_URL": f"sqlite:///{database}"}
    if request.param == "redis":
        # This test process's own Redis database (never the site's, nor another worker's or test run's), under a
        # prefix of its own, removed afterwards.
        prefix = f"two-servers-{secrets.token_hex(4)}"
        url = f"redis://127.0.0.1:6379/{redis_test_database()}"
        environment.update(REDIS_URL=url, CACHE_KEY_PREFIX=prefix)
        yield types.SimpleNamespace(environment=environment, database=database)
        import redis

        connection = redis.Redis.from_url(url)
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)
    else:
        yield types.SimpleNamespace(environment=environment, database=database)


@contextlib.contextmanager
def server(environment, log_path):
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "outreach.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Browser(f"http://127.0.0.1:{port}"), process
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_until_serving(*servers, timeout=30):
    deadline = time.monotonic() + timeout
    for browser, process in servers:
        while browser.get("/healthz", fail=False).status != 200:
            assert process.poll() is None, f"the server stopped (exit {process.returncode})"
            assert time.monotonic() < deadline, "the server did not answer in time"
            time.sleep(0.1)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client over real HTTP, with its own cookies (none until it signs in)."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects)

    def request(self, path, data=None, fail=True):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=10) as answer:
                return types.SimpleNamespace(status=answer.status, headers=answer.headers, content=answer.read())
        except urllib.error.HTTPError as error:
            return types.SimpleNamespace(status=error.code, headers=error.headers, content=error.read())
        except OSError:
            if fail:
                raise
            return types.SimpleNamespace(status=None, headers={}, content=b"")

    def get(self, path, fail=True):
        return self.request(path, fail=fail)

    def post(self, path, data):
        token = next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")
        return self.request(path, {"csrfmiddlewaretoken": token, **data})

    def sign_in(self, username, password):
        form = form_data(self.get(admin_path("login/")))
        answer = self.post(
            admin_path("login/?next=") + admin_path(), {**form, "username": username, "password": password}
        )
        assert answer.status == 302, html(answer).select(".errornote")

    def edit(self, path, **changes):
        answer = self.post(path, {**form_data(self.get(path)), **changes})
        assert answer.status == 302, html(answer).select(".errornote, .errorlist")


def text(answer):
    return html(answer).get_text(" ", strip=True)


def cached_on(reader, path):
    """Read `path` twice on the reading server: the second answer comes from its page cache."""
    first, second = reader.get(path), reader.get(path)
    assert (first.status, second.status) == (200, 200)
    assert second.headers[STATUS_HEADER] == "hit"
    return text(second)


def test_a_change_through_one_server_is_on_the_next_page_another_serves(site, tmp_path):
    with sqlite3.connect(site.database) as database:
        pk, slug, title = database.execute(
            "SELECT id, slug, title_en FROM events_event WHERE status = 'published' AND ends_at > datetime('now') "
            "ORDER BY starts_at LIMIT 1"
        ).fetchone()
    page = f"/en/events/{slug}/"

    with server(site.environment, tmp_path / "a.log") as a, server(site.environment, tmp_path / "b.log") as b:
        wait_until_serving(a, b)
        (editor, _), (reader, _) = a, b
        editor.sign_in("editor", PASSWORD)

        # An edit in A's admin.
        assert title in cached_on(reader, page)
        editor.edit(admin_path(f"events/event/{pk}/change/"), title_en="Meeting moved to the public library")
        after = reader.get(page)
        assert after.headers[STATUS_HEADER] == "miss"
        assert "Meeting moved to the public library" in text(after)

        # The site settings, which each process also keeps in its own memory.
        assert "Latino Community Outreach Program" in cached_on(reader, "/en/")
        editor.edit(admin_path("outreach/sitesettings/1/change/"), program_name_en="Neighbours and Police")
        assert "Neighbours and Police" in text(reader.get("/en/"))

        # A management command (seed_demo puts the demo content back).
        assert "Meeting moved to the public library" in cached_on(reader, page)
        manage(site.environment, "seed_demo")
        assert title in text(reader.get(page))
        assert "Latino Community Outreach Program" in text(reader.get("/en/"))

        # An admin action: unpublished in A, gone from B.
        cached_on(reader, page)
        editor.post(admin_path("events/event/"), {"action": "unpublish", "_selected_action": [pk]})
        assert reader.get(page).status == 404
