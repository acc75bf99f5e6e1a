"""
Staff sign-in (editorial/login.py): five failures lock an account whichever worker or server answered them, many
failures across usernames pause every sign-in, no address is written anywhere, and sessions end.
"""

import contextlib
import datetime
import os
import re
import secrets
import sqlite3
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import counters
from editorial.models import SharedCounter
from tests.factories import SuperuserFactory, UserFactory
from tests.helpers import admin_path, form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password, language="en"):
    return client.post(
        admin_path("login/?next=") + admin_path(),
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def error_text(response):
    return html(response).select_one(".errornote").get_text(" ", strip=True)


@pytest.fixture
def staffer():
    return UserFactory(username="staffer")


def test_the_right_password_signs_in(client, staffer):
    response = sign_in(client, "staffer", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Too many failed sign-ins for this account"), ("es", "Demasiados intentos fallidos")],
)
def test_five_failures_lock_the_account_even_against_the_right_password(client, staffer, language, message):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert sign_in(client, "staffer", "wrong").status_code == 200
    response = sign_in(Client(), "staffer", PASSWORD, language)
    assert response.status_code == 429
    assert message in error_text(response)
    assert "60" in error_text(response)  # minutes left
    assert "_auth_user_id" not in client.session


def test_four_failures_and_a_success_start_the_count_again(client, staffer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "staffer", "wrong")
    assert sign_in(Client(), "staffer", PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "staffer", "wrong")
    assert sign_in(Client(), "staffer", PASSWORD).status_code == 302


def test_the_lock_is_for_that_account_whatever_the_case_and_not_for_others(client, staffer):
    other = UserFactory(username="colleague")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "StaffER", "wrong")
    assert sign_in(Client(), "staffer", PASSWORD).status_code == 429
    assert sign_in(Client(), other.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_lockout_time(client, staffer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "staffer", "wrong")
    later = timezone.now() + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS - 60)
    with time_machine.travel(later):
        assert sign_in(Client(), "staffer", PASSWORD).status_code == 429
    with time_machine.travel(later + datetime.timedelta(seconds=61)):
        assert sign_in(Client(), "staffer", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Signing in is paused"), ("es", "El inicio de sesión está en pausa")],
)
def test_password_spraying_across_usernames_pauses_every_sign_in(client, staffer, settings, language, message):
    settings.LOGIN_SITE_FAILURE_LIMIT = 30
    for number in range(30):  # one guess each at thirty names: no single account reaches its limit
        sign_in(client, f"guess{number}", "Summer2026!")
    response = sign_in(Client(), "staffer", PASSWORD, language)
    assert response.status_code == 429
    assert message in error_text(response)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.LOGIN_SITE_WINDOW_SECONDS + 1)):
        assert sign_in(Client(), "staffer", PASSWORD).status_code == 302


def test_counters_hold_keyed_hashes_never_the_username(client, staffer):
    sign_in(client, "staffer", "wrong")
    keys = list(SharedCounter.objects.values_list("key", flat=True))
    assert sorted(key.split(":")[0] for key in keys) == ["login-site", "login-user"]
    assert all("staffer" not in key for key in keys)
    assert counters.keyed("login-user", "staffer") in keys
    # The hash is keyed with SECRET_KEY: another site's key gives another hash.
    settings.SECRET_KEY = "another-secret-key-for-another-site-0123456789"
    assert counters.keyed("login-user", "staffer") not in keys


def test_an_expired_counter_starts_again_and_old_windows_are_forgotten():
    counters.hit("a", 60)
    counters.hit("a", 60)
    counters.hit("b", 60)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert counters.current("a") == (0, None)
        assert counters.hit("c", 60) == 1
        assert counters.hit("a", 60) == 1
        assert set(SharedCounter.objects.values_list("key", flat=True)) == {"a", "c"}


# --- Sessions ----------------------------------------------------------------------------------------------------


def signed_in_client():
    client = Client()
    SuperuserFactory(username="chief")
    assert sign_in(client, "chief", PASSWORD).status_code == 302
    return client


def test_a_session_ends_after_thirty_minutes_without_a_request():
    client = signed_in_client()
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=25)):
        assert client.get(admin_path()).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=50)):  # 25 minutes after the last request
        assert client.get(admin_path()).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=81)):
        response = client.get(admin_path())
        assert response.status_code == 302
        assert response["Location"].startswith(admin_path("login/"))


def test_a_session_ends_eight_hours_after_signing_in_however_active():
    client = signed_in_client()
    start = timezone.now()
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert client.get(admin_path()).status_code == 200, minutes
    with time_machine.travel(start + datetime.timedelta(hours=8, minutes=1)):
        assert client.get(admin_path()).status_code == 302


def test_reading_pages_do_not_touch_a_session():
    response = Client().get("/en/")
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- Across processes and servers --------------------------------------------------------------------------------

SERVER_SETTINGS = """
from outreach.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


@contextlib.contextmanager
def server(environment, log_path, workers=2):
    from tests.editorial.test_pagecache_servers import ROOT, Browser
    from tests.helpers import free_port

    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "outreach.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
            ],
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


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn servers of two workers each, on one SQLite database, with the default local-memory cache."""
    from tests.editorial.test_pagecache_servers import ROOT, manage, wait_until_serving

    (tmp_path / "server_settings.py").write_text(SERVER_SETTINGS)
    environment = {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DATABASE_URL"}},
        "DJANGO_SETTINGS_MODULE": "server_settings",
        "PYTHONPATH": f"{tmp_path}:{ROOT}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",  # plain HTTP to 127.0.0.1
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "EDITOR_PASSWORD": PASSWORD,
        "ASK_MIN_SECONDS": "0",
        "ASK_RATE_LIMIT": "2",
    }
    manage(environment, "migrate", "--noinput")
    manage(environment, "create_staff_user", "editor", "--role", "editor", "--password-from-env", "EDITOR_PASSWORD")
    with server(environment, tmp_path / "a.log") as a, server(environment, tmp_path / "b.log") as b:
        wait_until_serving(a, b)
        yield a[0], b[0], tmp_path / "db.sqlite3"


def fresh(browser):
    """A new visitor (no cookies) on the same server: each new connection may reach either worker."""
    return type(browser)(browser.base)


def try_sign_in(browser, password):
    visitor = fresh(browser)
    form = form_data(visitor.get(admin_path("login/")))
    return visitor.post(admin_path("login/?next=") + admin_path(), {**form, "username": "editor", "password": password})


@pytest.mark.usefixtures("transactional_db")
def test_the_lockout_holds_across_workers_and_servers_and_no_address_is_stored(two_servers):
    a, b, database = two_servers
    for number in range(5):  # failures spread over both servers and their workers
        assert try_sign_in((a, b)[number % 2], "wrong").status == 200
    for server in (a, b):
        answer = try_sign_in(server, PASSWORD)
        assert answer.status == 429, answer.status
        assert "Too many failed sign-ins" in html(answer).get_text()

    with sqlite3.connect(database) as connection:
        dump = "\n".join(connection.iterdump())
    assert "login-user:" in dump
    assert "127.0.0.1" not in dump
    assert "'editor'" in dump  # the user exists, but no counter names it:
    assert not re.search(r"INSERT INTO \"editorial_sharedcounter\" VALUES\([^)]*editor", dump)


@pytest.mark.usefixtures("transactional_db")
def test_the_ask_forms_rate_limit_is_shared_by_every_server(two_servers):
    a, b, _database = two_servers

    def ask(browser):
        visitor = fresh(browser)
        form = form_data(visitor.get("/en/ask/"))
        return visitor.post("/en/ask/", {**form, "text": "Can I call 911 without papers?"})

    assert ask(a).status == 302
    assert ask(b).status == 302
    assert ask(a).status == 429
    assert ask(b).status == 429


def test_separate_processes_counting_at_once_share_one_count_and_lose_none(tmp_path):
    """Four `manage.py shell -c` processes (not threads of one) hitting one counter at the same time, on SQLite."""
    environment = {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def start(*arguments):
        return subprocess.Popen(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(process):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        return out.split()[-1]

    finish(start("migrate", "--noinput"))
    key = "from editorial import counters, login; key = login.user_key('editor')"
    assert finish(start("shell", "-c", f"{key}; print(counters.hit(key, 3600))")) == "1"
    processes = [
        start("shell", "-c", f"{key}\nfor _ in range(10): counters.hit(key, 3600)\nprint('done')") for _ in range(4)
    ]
    assert [finish(process) for process in processes] == ["done"] * 4
    assert finish(start("shell", "-c", f"{key}; print(counters.current(key)[0])")) == "41"


@pytest.mark.parametrize(("language", "message"), [("en", "for 1 more minute;"), ("es", "durante 1 minuto más;")])
def test_the_last_minute_of_a_lock_is_said_in_the_singular(client, staffer, language, message):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "staffer", "wrong")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS - 30)):
        assert message in error_text(sign_in(Client(), "staffer", PASSWORD, language))
