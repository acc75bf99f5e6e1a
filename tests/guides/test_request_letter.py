"""
The certification guide's request letter (issue 13, point 4): a resident types what they choose to and gets a
printable letter and checklist. What they type is never kept: not in the database, a cache, the logs, a session,
an e-mail or an address; Django's error reports hide it.
"""

import logging
import re
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from editorial import pagecache
from editorial.pagecache import STATUS_HEADER
from editorial.publication import PublishStatus
from tests.factories import GuideFactory, GuideStepFactory, SuperuserFactory
from tests.helpers import form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

# Typed into every field: if it turns up anywhere it should not, the test says where.
MARKER = "Zq7marker"


@pytest.fixture
def guide():
    guide = GuideFactory(certification=True, slug="u-and-t-visas", target_days=60)
    GuideStepFactory(
        guide=guide,
        what_to_bring_en="The police report number\n- A photo of the injury",
        what_to_bring_es="El número del reporte policial\n- Una foto de la herida",
    )
    return guide


def letter_url(guide, language="en"):
    with translation.override(language):
        return reverse("guides:guide-request-letter", kwargs={"slug": guide.slug})


def typed(**changes):
    return {
        "name": f"Ana <b>{MARKER}</b> & Co",
        "case_number": f"DPD-2025-{MARKER}",
        "crime_date": "2025-03-15",
        "contact": f"555-0123\nana.{MARKER}@example.org",
        "reply_language": "es",
        "certification": "u-visa",
        **changes,
    }


def text(response):
    return html(response).get_text(" ", strip=True)


# --- The form and the letter ---------------------------------------------------------------------------------------


def test_the_request_letter_has_an_address_in_each_language(guide):
    assert letter_url(guide, "en") == "/en/guides/u-and-t-visas/request-letter/"
    assert letter_url(guide, "es") == "/es/guias/u-and-t-visas/carta-de-solicitud/"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_certification_guide_links_to_its_request_letter_form(client, guide, language):
    with translation.override(language):
        page = html(client.get(guide.get_absolute_url()))
    assert page.find("a", href=letter_url(guide, language))


@pytest.mark.parametrize(
    ("language", "heading", "field"),
    [
        ("en", "Your certification request letter", "Your name"),
        ("es", "Su carta para pedir la certificación", "Su nombre"),
    ],
)
def test_the_form_asks_for_everything_and_requires_nothing(client, guide, language, heading, field):
    response = client.get(letter_url(guide, language))

    assert response.status_code == 200
    page = html(response)
    assert page.find("h1").get_text(strip=True) == heading
    assert field in text(response)
    form = page.find("form", method="post")
    assert not form.get("action")  # posted back to the page's own address, never to an address with the data
    names = {field["name"] for field in form.select("input, textarea, select") if field.get("name")}
    assert {"name", "case_number", "crime_date", "contact", "reply_language", "certification"} <= names
    assert not form.select("[required]")
    assert form.find("input", {"name": "name"})["autocomplete"] == "off"


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_empty_form_makes_a_letter_with_blank_lines_to_fill_by_hand(client, guide, language):
    response = client.post(letter_url(guide, language), {})

    assert response.status_code == 200
    assert len(html(response).select(".request-letter__details .request-letter__blank")) == 5


def test_the_letter_says_what_was_typed_escaped_and_whom_it_is_for(client, guide, site_settings):
    response = client.post(letter_url(guide), typed())

    assert response.status_code == 200
    body = response.content.decode()
    assert f"Ana &lt;b&gt;{MARKER}&lt;/b&gt; &amp; Co" in body
    assert f"<b>{MARKER}" not in body
    page = html(response)
    letter = page.select_one(".request-letter")
    words = letter.get_text(" ", strip=True)
    assert f"Ana <b>{MARKER}</b> & Co" in words
    assert f"DPD-2025-{MARKER}" in words
    assert "March 15, 2025" in words
    assert f"ana.{MARKER}@example.org" in words
    assert letter.select_one(".request-letter__details").find("br")  # the contact keeps its lines
    assert "Please reply in: Spanish" in words
    assert "Form I-918, Supplement B, U Nonimmigrant Status Certification" in words
    assert "The certifying official" in words
    assert site_settings.organization_name in words
    assert site_settings.contact_email in words
    assert site_settings.non_emergency_number in words
    assert "We did not keep what you typed. Print or save this page now; if you leave it, it is gone." in text(response)


def test_the_letter_is_in_spanish_on_the_spanish_page(client, guide, site_settings):
    response = client.post(letter_url(guide, "es"), typed(certification="t-visa", reply_language="en"))

    assert response.status_code == 200
    page = html(response)
    assert page.find("html")["lang"] == "es"
    words = page.select_one(".request-letter").get_text(" ", strip=True)
    assert f"Ana <b>{MARKER}</b> & Co" in words
    assert "Asunto: solicitud de declaración para visa T (Formulario I-914, Suplemento B)" in words
    assert "15 de marzo de 2025" in words
    assert "Por favor, respondan en: inglés" in words
    assert "Funcionario certificador" in words
    assert "No guardamos lo que escribió. Imprima o guarde esta página ahora; si sale de ella, se pierde." in text(
        response
    )


def test_not_choosing_a_certification_names_both_forms(client, guide):
    words = html(client.post(letter_url(guide), typed(certification=""))).select_one(".request-letter").get_text(" ")
    assert "Form I-918, Supplement B" in words
    assert "Form I-914, Supplement B" in words


@pytest.mark.parametrize(
    ("language", "fixed_item", "from_the_steps", "target"),
    [
        ("en", "This letter, signed.", "A photo of the injury", "We aim to decide within 60 days"),
        ("es", "Esta carta, firmada.", "Una foto de la herida", "Buscamos decidir en un plazo de 60 días"),
    ],
)
def test_the_checklist_lists_what_to_bring_and_what_happens_next(
    client, guide, language, fixed_item, from_the_steps, target
):
    page = html(client.post(letter_url(guide, language), {}))

    items = [item.get_text(" ", strip=True) for item in page.select(".request-checklist__items li")]
    assert fixed_item in items
    assert from_the_steps in items
    assert target in page.select_one(".request-next").get_text(" ", strip=True)
    assert page.select_one(".request-next a")["href"] == f"https://outreach.example.org{guide.get_absolute_url()}"


def test_things_to_bring_named_by_two_steps_are_listed_once_and_no_target_means_no_promise(client, guide):
    GuideStepFactory(guide=guide, what_to_bring_en="A photo of the injury\nYour lawyer's letter")
    guide.target_days = None
    guide.save()

    page = html(client.post(letter_url(guide), {}))

    items = [item.get_text(" ", strip=True) for item in page.select(".request-checklist__items li")]
    assert items.count("A photo of the injury") == 1
    assert "Your lawyer's letter" in items
    assert "We aim to decide" not in page.select_one(".request-next").get_text(" ")


def test_change_what_i_typed_brings_the_values_back_into_the_form(client, guide):
    letter = client.post(letter_url(guide), typed())
    data = form_data(letter, form_id=None)
    data["edit"] = "1"

    response = client.post(letter_url(guide), data)

    assert response.status_code == 200
    form = html(response).find("form", class_="request-letter-form")
    assert form.find("input", {"name": "name"})["value"] == f"Ana <b>{MARKER}</b> & Co"
    assert form.find("input", {"name": "crime_date"})["value"] == "2025-03-15"
    assert form.find("textarea", {"name": "contact"}).get_text().strip() == f"555-0123\nana.{MARKER}@example.org"
    assert form.find("input", {"name": "certification", "value": "u-visa"}).has_attr("checked")


# --- Form errors ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "too_long", "bad_date"),
    [
        ("en", "Please shorten this to 120 characters or fewer. It has 130.", "We could not read this date."),
        ("es", "Acorte esto a 120 caracteres o menos. Ahora tiene 130.", "No pudimos leer esta fecha."),
    ],
)
def test_a_form_error_keeps_what_was_typed_and_says_why_beside_the_field(client, guide, language, too_long, bad_date):
    name = MARKER + "x" * (130 - len(MARKER))
    response = client.post(letter_url(guide, language), typed(name=name, crime_date="2025-02-31"))

    assert response.status_code == 200
    page = html(response)
    assert not page.select(".request-letter")
    assert page.find("input", {"name": "name"})["value"] == name
    assert page.find("input", {"name": "crime_date"})["value"] == "2025-02-31"
    assert page.find("input", {"name": "case_number"})["value"] == f"DPD-2025-{MARKER}"
    assert too_long in page.find(id="div_id_name").get_text(" ", strip=True)
    assert bad_date in page.find(id="div_id_crime_date").get_text(" ", strip=True)
    assert page.find("input", {"name": "name"})["aria-invalid"] == "true"


def test_a_date_in_the_future_is_refused(client, guide):
    response = client.post(letter_url(guide), typed(crime_date="2999-01-01"))
    assert "This date is in the future." in html(response).find(id="div_id_crime_date").get_text(" ")


# --- Which guides have one ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "other",
    [
        lambda: GuideFactory(slug="not-certification"),
        lambda: GuideFactory(certification=True, draft=True, slug="not-certification"),
    ],
    ids=["not a certification guide", "a draft"],
)
def test_only_a_published_certification_guide_has_a_request_letter(client, other):
    guide = other()
    for language in ("en", "es"):
        assert client.get(letter_url(guide, language)).status_code == 404
        assert client.post(letter_url(guide, language), typed()).status_code == 404
    assert client.get("/en/guides/no-such-guide/request-letter/").status_code == 404


def test_a_drafts_preview_does_not_link_to_a_letter_that_would_not_open(guide):
    guide.status = PublishStatus.DRAFT
    guide.save()
    editor = Client()
    editor.force_login(SuperuserFactory())

    preview = editor.get(guide.get_absolute_url())

    assert preview.status_code == 200
    assert not html(preview).find("a", href=letter_url(guide))


# --- Never kept -----------------------------------------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "guides-letter-tests"},
    }
    pagecache.page_cache().clear()


def test_the_form_and_the_letter_are_no_store_and_never_in_the_page_cache(guide, page_cache_on):
    for _ in range(2):
        form = Client().get(letter_url(guide))
        assert form[STATUS_HEADER] == "miss"
        assert {"no-store", "private"} <= set(re.split(r",\s*", form["Cache-Control"]))

    letter = Client().post(letter_url(guide), typed())

    assert letter.status_code == 200  # the letter itself, not a redirect to an address
    assert {"no-store", "private"} <= set(re.split(r",\s*", letter["Cache-Control"]))
    assert STATUS_HEADER not in letter  # the page cache never looks at a POST
    assert not pagecache.is_public(letter)
    assert not [key for key in pagecache.page_cache()._cache if ":page:" in key]


def test_the_letter_sets_no_cookie_but_the_forms_own_and_leaves_nothing_in_the_address(client, guide):
    client.get(letter_url(guide))
    response = client.post(letter_url(guide), typed())

    assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    assert response.request["QUERY_STRING"] == ""
    page = html(response)
    for element in page.select("[href], [src], [action]"):
        for attribute in ("href", "src", "action"):
            assert MARKER not in element.get(attribute, "")


def row_counts():
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.using("default").count()
    return counts


def test_nothing_typed_reaches_the_database(client, guide):
    client.get(letter_url(guide))
    before = row_counts()

    with CaptureQueriesContext(connection) as queries:
        assert client.post(letter_url(guide), typed()).status_code == 200
        assert client.post(letter_url(guide), typed(crime_date="not a date")).status_code == 200

    assert row_counts() == before
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements  # the guide and its steps were read
    assert not [sql for sql in statements if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", sql, re.IGNORECASE)]
    assert not [sql for sql in statements if MARKER in sql]


def cache_contents():
    """Every key and value of every configured cache, as bytes: local memory here, Redis in CI."""
    contents = []
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            contents += [(key.encode(), value) for key, value in cache._cache.items()]
        else:  # Django's RedisCache
            client = cache._cache.get_client()
            contents += [(key, client.dump(key) or b"") for key in client.scan_iter()]
    return contents


def test_nothing_typed_reaches_any_cache(client, guide, page_cache_on):
    client.get(letter_url(guide))
    client.post(letter_url(guide), typed())
    client.post(letter_url(guide), typed(name="x" * 500))

    contents = cache_contents()
    assert contents  # the site's settings and the page cache's stamp are there, at least
    assert not [key for key, value in contents if MARKER.encode() in key or MARKER.encode() in value]


def test_nothing_typed_reaches_the_logs_an_email_or_a_session_even_with_a_form_error(client, guide, caplog):
    # Every logger at DEBUG, including Django's own (template lookups, SQL, requests).
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    client.get(letter_url(guide))

    assert client.post(letter_url(guide), typed()).status_code == 200
    assert client.post(letter_url(guide), typed(name="x" * 500, crime_date=MARKER)).status_code == 200
    assert client.post(letter_url(guide, "es"), typed(edit="1")).status_code == 200

    assert caplog.records  # the capture works: SQL and template lookups were logged
    logged = caplog.text + "".join(repr(record.args) + str(record.msg) for record in caplog.records)
    assert MARKER not in logged
    assert not mail.outbox
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert "messages" not in client.cookies


def test_djangos_error_reports_hide_what_was_typed(guide, monkeypatch):
    reports = []

    def report(sender, request, **kwargs):
        reporter = ExceptionReporter(request, *sys.exc_info())
        reports.append(reporter.get_traceback_text() + reporter.get_traceback_html())
        reports.append(repr(SafeExceptionReporterFilter().get_post_parameters(request)))

    def broken(steps):
        raise RuntimeError("the checklist could not be made")

    monkeypatch.setattr("guides.views.things_to_bring", broken)
    got_request_exception.connect(report)
    try:
        response = Client(raise_request_exception=False).post(letter_url(guide), typed())
    finally:
        got_request_exception.disconnect(report)

    assert response.status_code == 500
    assert reports and "the checklist could not be made" in reports[0]
    assert not [one for one in reports if MARKER in one]


# --- Without JavaScript, with CSRF checks -----------------------------------------------------------------------


def test_the_letter_works_with_csrf_checks_and_without_javascript(guide):
    browser = Client(enforce_csrf_checks=True)
    form = browser.get(letter_url(guide))
    data = {**form_data(form), **typed()}
    assert data["csrfmiddlewaretoken"]

    letter = browser.post(letter_url(guide), data)

    assert letter.status_code == 200
    page = html(letter)
    assert f"DPD-2025-{MARKER}" in page.select_one(".request-letter").get_text()
    # The print button is an extra for browsers with JavaScript: hidden until the script shows it.
    assert page.find("button", attrs={"data-print-button": True}).has_attr("hidden")
    assert not page.find("script", src=False)


def test_a_post_without_the_csrf_token_is_refused(guide):
    assert Client(enforce_csrf_checks=True).post(letter_url(guide), typed()).status_code == 403


@pytest.mark.parametrize(
    ("language", "notice"), [("en", "This form was open for a long time"), ("es", "Este formulario")]
)
def test_a_letter_sent_after_the_browser_session_ended_shows_the_form_again_with_what_was_typed(
    guide, settings, caplog, language, notice
):
    # The site's own CSRF failure view (outreach.views.csrf_failure) hands the letter form to the guides app.
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)

    response = Client(enforce_csrf_checks=True).post(letter_url(guide, language), typed())

    assert response.status_code == 403
    page = html(response)
    assert notice in page.select_one("[role=alert]").get_text()
    assert page.find("input", {"name": "case_number"})["value"] == f"DPD-2025-{MARKER}"
    assert page.find("input", {"name": "csrfmiddlewaretoken"})["value"]
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert {"no-store", "private"} <= set(re.split(r",\s*", response["Cache-Control"]))
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    assert MARKER not in caplog.text


def test_any_other_csrf_failure_is_left_to_the_site(guide, settings):
    assert Client(enforce_csrf_checks=True).post("/en/ask/", {"text": "Hello there"}).status_code == 403
