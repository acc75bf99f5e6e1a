"""
The production profile (README "Security"): the headers every answer carries, a CSP without `unsafe-inline` on
public pages and in the admin, HSTS and `__Host-` cookies by default in production, `check --deploy` clean.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from outreach.checks import check_admin_url
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    SuperuserFactory,
    staff_in_role,
)
from tests.helpers import admin_path, html

pytestmark = pytest.mark.django_db

ROOT = settings.BASE_DIR
PASSWORD = "correct horse battery staple"


@pytest.fixture
def content(site_settings):
    AlertFactory()
    entry = FaqEntryFactory()
    return {
        "event": EventFactory().slug,
        "policy": PolicyFactory().slug,
        "faq": entry.get_absolute_url().split("/", 2)[2],
        "resource": ResourceFactory().slug,
        "fact": FactCheckFactory().slug,
    }


# Every kind of public answer, in both languages: pages, calendars, feeds, and what is not under a language.
PUBLIC = [
    ("/en/", "/es/"),
    ("/en/events/", "/es/eventos/"),
    ("/en/events/past/", "/es/eventos/pasados/"),
    ("/en/events/{event}/", "/es/eventos/{event}/"),
    ("/en/events/{event}/flyer/", "/es/eventos/{event}/volante/"),
    ("/en/events/{event}/calendar.ics", "/es/eventos/{event}/calendar.ics"),
    ("/en/events/calendar.ics", "/es/eventos/calendar.ics"),
    ("/en/events/feed/", "/es/eventos/feed/"),
    ("/en/policies/", "/es/politicas/"),
    ("/en/policies/{policy}/", "/es/politicas/{policy}/"),
    ("/en/policies/{policy}/history/", "/es/politicas/{policy}/historial/"),
    ("/en/policies/feed/", "/es/politicas/feed/"),
    ("/en/faq/", "/es/preguntas-frecuentes/"),
    ("/en/{faq}", "/es/{faq}"),
    ("/en/resources/", "/es/recursos/"),
    ("/en/resources/{resource}/", "/es/recursos/{resource}/"),
    ("/en/fact-checks/", "/es/verificacion/"),
    ("/en/fact-checks/{fact}/", "/es/verificacion/{fact}/"),
    ("/en/ask/", "/es/preguntar/"),
    ("/en/search/?q=police", "/es/buscar/?q=policia"),
    ("/en/privacy/", "/es/privacidad/"),
    ("/en/no-such-page/", "/es/no-existe/"),
    ("/sitemap.xml", "/robots.txt"),
    ("/healthz", "/"),
]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_strict_csp(response):
    found = directives(response)
    assert found["default-src"] == ["'self'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert found["form-action"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "unsafe-hashes" not in policy
    assert "*" not in policy and "http:" not in policy and "https:" not in policy


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    if not 300 <= response.status_code < 400:  # a redirect has nothing to frame (LocaleMiddleware's carries none)
        assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "fullscreen", "display-capture"):
        assert features[feature] == "()", feature
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_strict_csp(response)


@pytest.mark.parametrize("language", [0, 1], ids=["en", "es"])
@pytest.mark.parametrize("pair", PUBLIC, ids=[pair[0] for pair in PUBLIC])
def test_every_public_answer_carries_the_security_headers_fresh_and_from_the_page_cache(content, pair, language):
    path = pair[language].format(**content)
    client = Client()
    for _ in range(2):  # the second answer may come from the page cache: it must carry them too
        response = client.get(path, secure=True, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code in (200, 302, 404), (path, response.status_code)
        assert_security_headers(response)
    if response["Content-Type"].startswith("text/html"):
        page = html(response)
        assert not page.select("[style]"), "an inline style attribute (the CSP forbids it)"
        inline = [script for script in page.find_all("script") if not script.get("src")]
        # JSON-LD is data the browser never runs: the CSP does not apply to it.
        assert all(script.get("type") == "application/ld+json" for script in inline), "an inline script"
        assert not page.find_all("style"), "an inline stylesheet"


def test_the_admin_sends_the_strict_policy_too_and_marks_its_own_inline_parts_with_the_nonce(site_settings):
    client = Client()
    login = client.get(admin_path("login/"), secure=True)
    assert_security_headers(login)
    client.force_login(SuperuserFactory())
    for path in [
        admin_path(),
        admin_path("events/event/"),
        admin_path("events/event/add/"),
        admin_path(f"policies/policy/{PolicyFactory().pk}/change/"),
        reverse("admin:translation-queue"),
    ]:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_security_headers(response)
        page = html(response)
        assert not page.select("[style]"), path
        nonce = next((value for value in directives(response).get("script-src", []) if "nonce-" in value), None)
        for element in page.find_all(["script", "style"]):
            if element.name == "style" or not element.get("src"):
                assert nonce and element.get("nonce") == nonce.strip("'").removeprefix("nonce-"), (path, element)


def test_the_rich_text_editor_finds_its_base_styles_marked_with_the_nonce(site_settings):
    client = Client()
    client.force_login(SuperuserFactory())
    response = client.get(admin_path("events/event/add/"))
    page = html(response)
    marker = page.select_one("style[data-tiptap-style]")
    assert marker is not None and marker.get_text() == ""
    assert f"'nonce-{marker['nonce']}'" in directives(response)["style-src"]
    assert page.select_one('link[href$="css/prose-editor-base.css"]')


@pytest.mark.parametrize(
    ("factory", "paths"),
    [
        (EventFactory, ("/en/events/{slug}/", "/es/eventos/{slug}/", "/es/eventos/{slug}/calendar.ics")),
        (PolicyFactory, ("/en/policies/{slug}/", "/es/politicas/{slug}/")),
    ],
)
def test_a_draft_preview_for_staff_is_private(site_settings, factory, paths):
    draft = factory(draft=True)
    client = Client()
    client.force_login(staff_in_role("editor"))
    for path in paths:
        response = client.get(path.format(slug=draft.slug))
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
        assert "public" not in response["Cache-Control"]
        assert Client().get(path.format(slug=draft.slug)).status_code == 404


# --- Cookies, redirects and the admin's address -----------------------------------------------------------------


@pytest.fixture
def production_cookies(settings):
    """What production (SECURE_COOKIES on by default when DEBUG is off) sets, whatever this run's settings say."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    return settings


def test_staff_cookies_are_host_only_secure_httponly_and_same_site(site_settings, production_cookies):
    SuperuserFactory(username="chief")
    client = Client()
    form = client.get(admin_path("login/"), secure=True)
    answer = client.post(
        admin_path("login/"),
        {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": form.context["csrf_token"]},
        secure=True,
    )
    assert answer.status_code == 302
    cookies = {**form.cookies, **answer.cookies}
    assert set(cookies) == {"__Host-sessionid", "__Host-csrftoken"}
    for cookie in cookies.values():
        # __Host- means: Secure, Path=/, no Domain (browsers refuse the cookie otherwise).
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert int(cookies["__Host-sessionid"]["max-age"]) == 30 * 60


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/admin/", "/\\evil.example/", "http:evil.example"]
)
def test_a_next_that_leaves_the_site_lands_on_the_admin_index(site_settings, target):
    SuperuserFactory(username="chief")
    response = Client().post(
        admin_path("login/") + "?next=" + target, {"username": "chief", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_next_within_the_site_is_followed(site_settings):
    SuperuserFactory(username="chief")
    target = reverse("admin:translation-queue")
    response = Client().post(admin_path("login/"), {"username": "chief", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_https_is_required_in_production_except_for_the_health_probe(site_settings, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/en/events/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/events/"
    assert Client().get("/healthz").status_code == 200


def test_static_files_do_not_invite_other_origins(settings, tmp_path, site_settings):
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    response = Client().get("/static/css/main.css", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("value", ["/admin/", "admin", "", "ad min/", "admin//", "es/", "static/", None])
def test_a_malformed_admin_url_is_a_system_check_error(settings, value):
    settings.ADMIN_URL = value
    errors = check_admin_url(None)
    assert [error.id for error in errors] in (["outreach.E002"], ["outreach.E003"])


@pytest.mark.parametrize("value", ["admin/", "staff/office/", "outreach-staff_2/"])
def test_a_well_formed_admin_url_passes(settings, value):
    settings.ADMIN_URL = value
    assert check_admin_url(None) == []


# --- Production, as a fresh process sees it ----------------------------------------------------------------------


def production_environment(tmp_path, **extra):
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    return {
        **{name: value for name, value in os.environ.items() if name in keep},
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "outreach.example.org",
        "SITE_URL": "https://outreach.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }


def run_python(environment, code):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


DEPLOY_CHECK = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
print("SILENCED", settings.SILENCED_SYSTEM_CHECKS)
call_command("check", deploy=True, fail_level="WARNING")
"""


def test_check_deploy_reports_nothing_in_production_and_silences_nothing(tmp_path):
    result = run_python(production_environment(tmp_path), DEPLOY_CHECK)
    assert result.returncode == 0, result.stderr
    assert "SILENCED []" in result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_fails_with_a_placeholder_key_or_a_bad_admin_url(tmp_path):
    placeholder = run_python(production_environment(tmp_path, SECRET_KEY="change-me"), DEPLOY_CHECK)
    assert placeholder.returncode != 0 and "outreach.E001" in placeholder.stderr
    admin_url = run_python(production_environment(tmp_path, ADMIN_URL="/admin"), DEPLOY_CHECK)
    assert admin_url.returncode != 0 and "outreach.E002" in admin_url.stderr


PRODUCTION_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from django.urls import reverse
names = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "WHITENOISE_ALLOW_ALL_ORIGINS", "SESSION_COOKIE_AGE", "SESSION_MAX_SECONDS", "SECURE_PROXY_SSL_HEADER",
]
print(json.dumps({**{name: getattr(settings, name) for name in names}, "admin": reverse("admin:index")}))
"""


def production_settings(tmp_path, **extra):
    result = run_python(production_environment(tmp_path, **extra), PRODUCTION_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_https_only_with_host_only_cookies(tmp_path):
    found = production_settings(tmp_path)
    assert found == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": ["^healthz$"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WHITENOISE_ALLOW_ALL_ORIGINS": False,
        "SESSION_COOKIE_AGE": 1800,
        "SESSION_MAX_SECONDS": 28800,
        "SECURE_PROXY_SSL_HEADER": None,
        "admin": "/admin/",
    }


def test_the_environment_sets_the_hsts_options_the_proxy_and_the_admin_path(tmp_path):
    found = production_settings(
        tmp_path,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
        BEHIND_HTTPS_PROXY="true",
        ADMIN_URL="staff-office/",
    )
    assert (found["SECURE_HSTS_INCLUDE_SUBDOMAINS"], found["SECURE_HSTS_PRELOAD"]) == (False, False)
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["admin"] == "/staff-office/"


def test_development_keeps_plain_http_and_plain_cookie_names(tmp_path):
    found = production_settings(tmp_path, DEBUG="true")
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["SECURE_SSL_REDIRECT"] is False
    assert (found["SESSION_COOKIE_NAME"], found["CSRF_COOKIE_NAME"]) == ("sessionid", "csrftoken")
