"""The site keeps nothing about its visitors: no cookies while reading, no address anywhere, short retention."""

import io
import logging
import time

import pytest
from django.apps import apps
from django.core import signing
from django.core.cache import cache
from django.core.management import call_command
from django.db import models

from outreach.forms import ASK_SALT
from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
)
from tests.helpers import admin_path, html

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
PROJECT_APPS = {"outreach", "events", "policies"}


@pytest.fixture
def content(site_settings):
    AlertFactory()
    FaqEntryFactory()
    ResourceFactory()
    FactCheckFactory()
    return {"event": EventFactory().slug, "policy": PolicyFactory().slug}


READING_PAGES = [
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
    ("/en/faq/", "/es/preguntas-frecuentes/"),
    ("/en/resources/", "/es/recursos/"),
    ("/en/fact-checks/", "/es/verificacion/"),
    ("/en/search/?q=police", "/es/buscar/?q=policia"),
    ("/en/privacy/", "/es/privacidad/"),
]


@pytest.mark.parametrize("language", [0, 1], ids=["en", "es"])
@pytest.mark.parametrize("pair", READING_PAGES, ids=[pair[0] for pair in READING_PAGES])
def test_reading_pages_set_no_cookie_at_all(client, content, pair, language):
    response = client.get(pair[language].format(**content))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.parametrize("path", ["/", "/en/no-such-page/", "/sitemap.xml", "/robots.txt", "/healthz"])
def test_redirects_errors_and_machine_files_set_no_cookie(client, content, path):
    assert not client.get(path, HTTP_ACCEPT_LANGUAGE="es").cookies


@pytest.mark.parametrize("path", ["/en/ask/", "/es/preguntar/"])
def test_only_the_ask_form_sets_a_cookie_and_it_is_the_session_long_csrf_cookie(client, site_settings, path, settings):
    response = client.get(path)
    name = settings.CSRF_COOKIE_NAME
    assert set(response.cookies) == {name}
    assert response.cookies[name]["expires"] == ""  # gone when the browser closes
    assert response.cookies[name]["samesite"] == "Lax"


IDENTIFYING = (
    "ip",
    "address_ip",
    "remote",
    "user_agent",
    "useragent",
    "visitor",
    "fingerprint",
    "session",
    "device",
    "browser",
    "referer",
    "referrer",
    "email",
    "phone",
    "name",
)


def test_no_project_model_has_a_field_that_could_identify_a_visitor():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            assert not isinstance(field, models.GenericIPAddressField), f"{model.__name__}.{field.name}"
            if model.__name__ in {"Question"}:
                assert not any(part in field.name.lower() for part in IDENTIFYING), f"{model.__name__}.{field.name}"


def test_a_question_holds_only_text_language_topic_hour_state_and_staff_fields():
    from outreach.models import Question

    names = {field.name for field in Question._meta.get_fields()}
    assert names == {"id", "text", "language", "topic", "created_at", "state", "staff_note", "faq_entry"}


def test_asking_leaves_the_address_in_no_database_row_cache_entry_or_log(client, site_settings, caplog):
    caplog.set_level(logging.DEBUG)
    stamp = signing.TimestampSigner(salt=ASK_SALT).sign(str(int(time.time() - 10)))
    for _ in range(3):
        client.post(
            "/en/ask/",
            {"text": "Is it safe to call 911?", "shown_at": stamp},
            REMOTE_ADDR=ADDRESS,
            HTTP_USER_AGENT="Mozilla/5.0 TestPhone",
        )
    client.post("/en/ask/", {"text": "x", "shown_at": "bad"}, REMOTE_ADDR=ADDRESS)

    database = io.StringIO()
    call_command("dumpdata", stdout=database)
    assert ADDRESS not in database.getvalue()
    assert "TestPhone" not in database.getvalue()
    assert ADDRESS not in caplog.text
    assert ADDRESS not in " ".join(cached_keys_and_values())


def test_a_failed_staff_login_stores_no_address_nor_username(client, site_settings, django_user_model, caplog):
    django_user_model.objects.create_user("staffer", password="right password here", is_staff=True)
    caplog.set_level(logging.DEBUG)
    for _ in range(6):
        client.post(
            admin_path("login/?next=") + admin_path(), {"username": "staffer", "password": "wrong"}, REMOTE_ADDR=ADDRESS
        )

    database = io.StringIO()
    call_command("dumpdata", "editorial.sharedcounter", stdout=database)
    assert "login-user:" in database.getvalue()  # the failures were counted...
    assert "staffer" not in database.getvalue()  # ...under a keyed hash of the username
    call_command("dumpdata", stdout=database)
    assert ADDRESS not in database.getvalue()
    assert ADDRESS not in caplog.text
    assert ADDRESS not in " ".join(cached_keys_and_values())


def cached_keys_and_values():
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # local memory
        import pickle

        return [f"{key} {pickle.loads(value)!r}" for key, value in backend.items()]
    client = cache._cache.get_client()  # Redis
    return [f"{key!r} {client.get(key)!r}" for key in client.keys("*")]


@pytest.mark.parametrize(
    ("path", "heading"), [("/en/privacy/", "Privacy notice"), ("/es/privacidad/", "Aviso de privacidad")]
)
def test_privacy_notice_is_a_page_in_both_languages(client, site_settings, path, heading):
    page = html(client.get(path))
    assert page.find("h1").get_text(strip=True) == heading
    text = page.get_text()
    assert "IP" in text
    assert "90" in text


def test_privacy_notice_is_editable_content_and_linked_from_the_footer(client, site_settings):
    site_settings.privacy_notice_en = "<p>Our own notice: we keep nothing about readers.</p>"
    site_settings.privacy_notice_es = "<p>Nuestro aviso: no guardamos nada sobre quien lee.</p>"
    site_settings.save()
    assert "Nuestro aviso" in client.get("/es/privacidad/").content.decode()
    footer = html(client.get("/es/")).select_one(".site-footer")
    assert footer.find("a", href="/es/privacidad/")
