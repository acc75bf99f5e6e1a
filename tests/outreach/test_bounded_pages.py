"""
No page grows with the content. Every public page type, in every language, on a site of 10 items and on one of
10,000 meetings (with 2,000 FAQ entries, 500 resources, 300 policies and 1,000 fact checks: `outreach/scale.py`),
runs at most 8 SQL queries uncached and weighs at most 60 KB; the calendar, the feed and the sitemap stay bounded;
the admin's busiest lists run at most 15 queries.

"Uncached" is a resident's first request for the page: every cache is emptied, then another page is requested,
which loads what every request shares (the site settings, read once a minute at most) as any earlier visitor
would have; nothing of the page under test can come from a cache.

Each site is built once for this module, inside a transaction that is rolled back afterwards, so the other tests
still start from an empty database.
"""

import datetime
import math
from urllib.parse import urlencode

import icalendar
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from editorial.models import TranslationStatus
from editorial.sitemaps import MultilingualSitemap
from editorial.sites import translatable_models
from events.models import Event
from outreach import scale
from outreach.models import FactCheck, FaqEntry, Resource
from policies.models import Policy
from tests.factories import SuperuserFactory
from tests.helpers import admin_path, html

SIZES = {"10 items": scale.scaled(10), "10,000 items": scale.SIZES["default"]}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
MAX_QUERIES = 8
MAX_BYTES = 60 * 1024
MAX_ADMIN_QUERIES = 15
SEARCH_WORDS = {"en": "meeting", "es": "reunión"}


@pytest.fixture(scope="module", params=list(SIZES))
def site(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        facts = scale.build_site(SIZES[request.param])
        yield facts
        transaction.set_rollback(True)


def public_pages(facts, language):
    """{page type: path} of every public HTML page type, in `language`."""
    with translation.override(language):
        events = reverse("events:event-list")
        meeting = {"slug": facts.event_slug}
        policy = {"slug": facts.policy_slug}
        policies = reverse("policies:policy-list")
        faq_category = {"category": facts.faq_category_slug}
        resources = reverse("outreach:resource-list")
        fact_checks = reverse("outreach:fact-check-list")
        deep_page = min(50, math.ceil(facts.upcoming_published / settings.EVENTS_PER_PAGE))
        kind = {"category": facts.resource_category}
        return {
            "home": reverse("outreach:home"),
            "upcoming": events,
            "upcoming by city": f"{events}?{urlencode({'city': facts.city})}",
            "upcoming by month": f"{events}?{urlencode({'month': facts.month})}",
            "upcoming, a deep page": f"{events}?page={deep_page}",
            "past": reverse("events:event-archive"),
            "past, last page": f"{reverse('events:event-archive')}?page=last",
            "meeting": reverse("events:event-detail", kwargs=meeting),
            "flyer": reverse("events:event-flyer", kwargs=meeting),
            "policies": policies,
            "policy topic": f"{policies}?{urlencode({'topic': facts.topic_slug})}",
            "policy": reverse("policies:policy-detail", kwargs=policy),
            "policy history": reverse("policies:policy-history", kwargs=policy),
            "FAQ": reverse("outreach:faq"),
            "FAQ category": reverse("outreach:faq-category", kwargs=faq_category),
            "FAQ category, last page": f"{reverse('outreach:faq-category', kwargs=faq_category)}?page=last",
            "FAQ entry": reverse("outreach:faq-entry", kwargs={**faq_category, "slug": facts.faq_entry_slug}),
            "resources": resources,
            "resources of a kind": f"{resources}?{urlencode(kind)}",
            "resources of a kind, filtered": f"{resources}?{urlencode({**kind, 'language': 'es', 'free': 'on'})}",
            "resource": reverse("outreach:resource-detail", kwargs={"slug": facts.resource_slug}),
            "fact checks": fact_checks,
            "fact checks, last page": f"{fact_checks}?page=last",
            "fact check": reverse("outreach:fact-check-detail", kwargs={"slug": facts.fact_check_slug}),
            "guides": reverse("guides:guide-list"),
            "guides, last page": f"{reverse('guides:guide-list')}?page=last",
            "guide": reverse("guides:guide-detail", kwargs={"slug": facts.guide_slug}),
            "request letter form": reverse("guides:guide-request-letter", kwargs={"slug": facts.guide_slug}),
            "wallet card": reverse("outreach:wallet-card"),
            "thanks for answering": f"{reverse('editorial:helpful-thanks')}?{urlencode(helpful_answer(facts))}",
            "search": f"{reverse('outreach:search')}?{urlencode({'q': SEARCH_WORDS.get(language, 'meeting')})}",
            "ask": reverse("outreach:ask"),
            "privacy": reverse("outreach:privacy"),
        }


def helpful_answer(facts):
    """A reader's "no" about the featured policy, as the thanks page's address carries it."""
    policy = Policy.objects.filter(slug=facts.policy_slug).values_list("pk", flat=True).first()
    return {"item": f"policies.policy.{policy}", "answer": "no"}


PAGE_TYPES = [
    "home",
    "upcoming",
    "upcoming by city",
    "upcoming by month",
    "upcoming, a deep page",
    "past",
    "past, last page",
    "meeting",
    "flyer",
    "policies",
    "policy topic",
    "policy",
    "policy history",
    "FAQ",
    "FAQ category",
    "FAQ category, last page",
    "FAQ entry",
    "resources",
    "resources of a kind",
    "resources of a kind, filtered",
    "resource",
    "fact checks",
    "fact checks, last page",
    "fact check",
    "guides",
    "guides, last page",
    "guide",
    "request letter form",
    "wallet card",
    "thanks for answering",
    "search",
    "ask",
    "privacy",
]


@pytest.mark.django_db  # the thanks page's address names the featured policy by its key
def test_the_page_types_are_every_page_type_listed():
    facts = scale.SiteFacts(
        counts={},
        event_slug="meeting",
        policy_slug="policy",
        city="Dallas",
        month="2026-01",
        upcoming_published=1,
        topic_slug="topic",
        faq_category_slug="category",
        faq_entry_slug="entry",
        resource_category="hotline",
        resource_slug="resource",
        fact_check_slug="fact-check",
        guide_slug="guide",
    )
    assert list(public_pages(facts, "en")) == PAGE_TYPES


def warm_up(client, except_page=None):
    """Empty every cache, then request another page than `except_page`, as an earlier visitor would have."""
    for cache in caches.all():
        cache.clear()
    privacy, home = reverse("outreach:privacy"), reverse("outreach:home")
    client.get(home if except_page == privacy else privacy)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_runs_at_most_8_queries_uncached_and_weighs_at_most_60_kb(
    client, site, page_type, language, django_assert_max_num_queries
):
    path = public_pages(site, language)[page_type]
    warm_up(client, except_page=path)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path)

    assert response.status_code == 200, path
    assert len(response.content) <= MAX_BYTES, f"{path}: {len(response.content)} bytes"


@pytest.mark.django_db
def test_the_lists_on_the_pages_show_items_from_the_site(client, site):
    # The bounds above hold for pages that show something, not for empty ones.
    pages = public_pages(site, "en")
    assert client.get(pages["upcoming"]).context["object_list"]
    assert client.get(pages["FAQ category, last page"]).context["object_list"]
    assert client.get(pages["fact checks, last page"]).context["object_list"]
    assert client.get(pages["resources of a kind"]).context["object_list"]
    assert client.get(pages["FAQ"]).context["categories"][0].first_entries


@pytest.mark.django_db
def test_the_calendar_of_all_meetings_and_the_feed_stay_bounded(client, site, django_assert_max_num_queries):
    warm_up(client)
    with django_assert_max_num_queries(MAX_QUERIES):
        calendar = icalendar.Calendar.from_ical(client.get(reverse("events:calendar")).content)
    with django_assert_max_num_queries(MAX_QUERIES):
        feed = client.get(reverse("events:feed")).content.decode()
    with django_assert_max_num_queries(MAX_QUERIES):
        changes = client.get(reverse("policies:policy-changes-feed"))
    assert changes.status_code == 200
    upcoming = Event.objects.published().upcoming()
    next_year = upcoming.filter(starts_at__lt=timezone.now() + datetime.timedelta(days=366)).count()
    assert len(calendar.walk("VEVENT")) == min(next_year, settings.CALENDAR_MAX_EVENTS)
    assert feed.count("<item>") == min(upcoming.count(), 50)


# --- Sitemap ------------------------------------------------------------------------------------------------------


def queries_on(captured, models):
    """The captured SQL that reads the tables of `models` (there is some)."""
    tables = [f'"{model._meta.db_table}"' for model in models]
    found = [query["sql"] for query in captured.captured_queries if any(table in query["sql"] for table in tables)]
    assert found
    return found


SECTIONS = {"events": Event, "policies": Policy, "faq": FaqEntry, "resources": Resource, "fact-checks": FactCheck}


@pytest.mark.django_db
def test_sitemap_index_counts_each_section_in_sql_and_lists_its_pages(client, site, django_assert_max_num_queries):
    warm_up(client)
    with django_assert_max_num_queries(len(SECTIONS) + 2) as captured:
        index = client.get("/sitemap.xml").content.decode()

    # Counted by the database: no item is loaded to make the index.
    assert all("COUNT(" in sql for sql in queries_on(captured, SECTIONS.values()))

    for section, model in SECTIONS.items():
        urls = model.objects.published().count() * len(LANGUAGES)
        pages = math.ceil(urls / MultilingualSitemap.limit)
        assert f"https://outreach.example.org/sitemap-{section}.xml</loc>" in index
        if pages > 1:
            assert f"https://outreach.example.org/sitemap-{section}.xml?p={pages}</loc>" in index
        assert f"sitemap-{section}.xml?p={pages + 1}<" not in index


@pytest.mark.django_db
@pytest.mark.parametrize("section", list(SECTIONS))
def test_each_sitemap_section_is_one_bounded_page_of_published_items_with_alternates(
    client, site, section, django_assert_max_num_queries
):
    model = SECTIONS[section]
    published = model.objects.published().count() * len(LANGUAGES)
    last = math.ceil(published / MultilingualSitemap.limit)
    warm_up(client)

    with django_assert_max_num_queries(4) as captured:
        response = client.get(f"/sitemap-{section}.xml", {"p": last})

    # One page of items is loaded, never all of them.
    assert all("COUNT(" in sql or "LIMIT" in sql for sql in queries_on(captured, [model]))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<url>") == published - (last - 1) * MultilingualSitemap.limit
    for code in LANGUAGES:
        assert f'hreflang="{code}"' in body
    assert client.get(f"/sitemap-{section}.xml", {"p": last + 1}).status_code == 404


@pytest.mark.django_db
def test_sitemap_sections_list_only_published_items(client, site):
    first, second = Event.objects.published().order_by("-starts_at", "pk")[:2]
    Event.objects.filter(pk=first.pk).update(status="draft")

    body = client.get("/sitemap-events.xml").content.decode()

    assert f"/{first.slug}/<" not in body
    assert f"/en/events/{second.slug}/</loc>" in body
    assert f"/es/eventos/{second.slug}/</loc>" in body


# --- Admin --------------------------------------------------------------------------------------------------------

ADMIN_LISTS = [
    admin_path("events/event/"),
    admin_path("policies/policy/"),
    admin_path("outreach/faqentry/"),
    admin_path("translations/"),
]


@pytest.fixture
def admin_user_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_LISTS)
def test_the_busiest_admin_lists_run_at_most_15_queries(admin_user_client, site, path, django_assert_max_num_queries):
    warm_up(admin_user_client)
    with django_assert_max_num_queries(MAX_ADMIN_QUERIES):
        response = admin_user_client.get(path)
    assert response.status_code == 200
    page = html(response)
    assert page.select("#result_list tbody tr, #translation-queue tbody tr") or "Everything is translated" in str(page)


@pytest.mark.django_db
def test_the_translation_queue_with_every_kind_of_content_on_one_page_stays_within_bounds(
    admin_user_client, site, django_assert_max_num_queries
):
    # The worst case: the oldest change of every kind waits for its translation, so every kind is on page one.
    models = translatable_models(SuperuserFactory.build())
    long_ago = timezone.now() - datetime.timedelta(days=3650)
    for model in models:
        item = model.objects.order_by("pk").first()
        if item is not None:
            model.objects.filter(pk=item.pk).update(translation_status=TranslationStatus.MISSING, updated_at=long_ago)
    warm_up(admin_user_client)

    # The queue loads each kind on the page with one query: its bound grows with the kinds of content, never with
    # the number of items (12 kinds since the guides and their steps).
    with django_assert_max_num_queries(MAX_ADMIN_QUERIES + 2):
        page = admin_user_client.get(admin_path("translations/"))

    kinds = {capfirst(model._meta.verbose_name) for model in models if model.objects.exists()}
    shown = {row.select("td")[0].get_text(strip=True) for row in html(page).select("#translation-queue tbody tr")}
    assert kinds <= shown
