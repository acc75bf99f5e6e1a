"""
"Was this page helpful?" (editorial/helpful.py): a plain form under policies and FAQ answers that keeps only a count
per page, language and day, sets no cookie, refuses what did not come from a page of this site, and shows editors
the least helpful pages.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from editorial.models import HelpfulCount, SharedCounter
from tests.factories import FaqEntryFactory, PolicyFactory, SuperuserFactory, staff_in_role
from tests.helpers import html

pytestmark = pytest.mark.django_db

SITE = "https://outreach.example.org"
ADDRESS = "203.0.113.7"
BROWSER = "Mozilla/5.0 (Test phone) Helpful/1.0"


@pytest.fixture(autouse=True)
def site_address(settings, site_settings):
    settings.SITE_URL = SITE


def vote_url(language="en"):
    with translation.override(language):
        return reverse("editorial:helpful-vote")


def vote(client, item, answer="yes", language="en", origin=SITE, **headers):
    """What a browser sends when a reader presses a button of the form: a plain POST, no JavaScript."""
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    return client.post(
        vote_url(language),
        {"item": f"{item._meta.label_lower}.{item.pk}", "answer": answer},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
        **headers,
    )


def counts(item):
    return list(
        HelpfulCount.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        .values_list("language", "day", "yes", "no")
        .order_by("language")
    )


def form_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, html(response).select_one("form.helpful")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_policy_page_has_a_plain_form_with_two_buttons_and_sets_no_cookie(client, language):
    policy = PolicyFactory()
    with translation.override(language):
        url = policy.get_absolute_url()
    response, form = form_of(client, url)
    assert form["method"] == "post" and form["action"] == vote_url(language)
    assert [(button["name"], button["value"]) for button in form.select("button")] == [
        ("answer", "yes"),
        ("answer", "no"),
    ]
    assert form.select_one("input[name=item]")["value"] == f"policies.policy.{policy.pk}"
    assert not form.select("input[name=csrfmiddlewaretoken]")
    assert response.cookies == {} and "Set-Cookie" not in response.headers
    question = {"en": "Was this page helpful?", "es": "¿Le fue útil esta página?"}[language]
    assert form.legend.get_text(strip=True) == question


def test_the_faq_answer_page_has_the_form(client):
    entry = FaqEntryFactory()
    response, form = form_of(client, entry.get_absolute_url())
    assert form.select_one("input[name=item]")["value"] == f"outreach.faqentry.{entry.pk}"
    assert response.cookies == {}


def test_a_vote_counts_one_yes_and_keeps_nothing_else(client):
    policy = PolicyFactory()
    response = vote(client, policy, "yes")
    assert response.status_code == 303
    assert response.cookies == {} and "Set-Cookie" not in response.headers
    assert counts(policy) == [("en", timezone.localdate(), 1, 0)]
    vote(client, policy, "no")
    vote(client, policy, "yes")
    assert counts(policy) == [("en", timezone.localdate(), 2, 1)]
    # Nothing about the reader anywhere: the count row has no such column, the rate limit keeps only a keyed hash.
    row = HelpfulCount.objects.values().get()
    assert set(row) == {"id", "content_type_id", "object_id", "language", "day", "yes", "no"}
    for key in SharedCounter.objects.values_list("key", flat=True):
        assert ADDRESS not in key and "Mozilla" not in key


def test_votes_are_counted_per_language_by_the_address_they_are_sent_to(client):
    entry = FaqEntryFactory()
    vote(client, entry, "yes", language="es")
    vote(client, entry, "no", language="es")
    vote(client, entry, "no", language="en")
    today = timezone.localdate()
    assert counts(entry) == [("en", today, 0, 1), ("es", today, 1, 1)]


@pytest.mark.parametrize(
    ("language", "thanks", "back"), [("en", "Thank you", "Back to"), ("es", "Gracias", "Volver a")]
)
def test_after_voting_the_reader_is_thanked_in_their_language_without_a_cookie(client, language, thanks, back):
    policy = PolicyFactory(title_en="Calling 911", title_es="Llamar al 911")
    response = vote(client, policy, "no", language=language)
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.cookies == {}
    text = html(page).select_one(".helpful-thanks")
    assert thanks in text.h1.get_text()
    with translation.override(language):
        assert text.find("a", string=lambda s: s and back in s)["href"] == policy.get_absolute_url()
        assert html(page).select_one(f'.helpful-thanks a[href="{reverse("outreach:ask")}"]')


def test_a_vote_from_another_site_is_refused(client):
    policy = PolicyFactory()
    assert vote(client, policy, origin="https://evil.example").status_code == 403
    assert vote(client, policy, origin=None, HTTP_REFERER="https://evil.example/en/").status_code == 403
    assert vote(client, policy, origin=None).status_code == 403  # no word of where it came from
    assert vote(client, policy, origin="null").status_code == 403  # a sandboxed frame or a file
    # The request's own Host is the visitor's word, not the site's address.
    assert vote(client, policy, origin="http://testserver").status_code == 403
    assert counts(policy) == []


def test_another_address_of_the_site_named_in_csrf_trusted_origins_may_send_votes(client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.outreach.example.org", "https://*.example.net"]
    policy = PolicyFactory()
    assert vote(client, policy, origin="https://www.outreach.example.org").status_code == 303
    assert vote(client, policy, origin="https://any.example.net").status_code == 403  # patterns are not addresses
    assert counts(policy)[0][2] == 1


def test_a_browser_that_sends_only_a_referer_from_this_site_is_counted(client):
    policy = PolicyFactory()
    response = vote(client, policy, origin=None, HTTP_REFERER=f"{SITE}{policy.get_absolute_url()}")
    assert response.status_code == 303 and counts(policy)[0][2] == 1


def test_unpublished_items_and_other_kinds_of_content_are_refused(client):
    draft = PolicyFactory(draft=True)
    assert vote(client, draft).status_code == 404
    assert counts(draft) == []
    for page in ["outreach.question.1", "policies.policy.x", "policies.policy.99999", "", "auth.user.1"]:
        response = client.post(vote_url(), {"item": page, "answer": "yes"}, HTTP_ORIGIN=SITE)
        assert response.status_code == 404
    assert vote(client, PolicyFactory(), answer="maybe").status_code == 400
    assert HelpfulCount.objects.count() == 0


def test_the_vote_address_takes_only_posts(client):
    assert client.get(vote_url()).status_code == 405


def test_past_the_rate_limit_votes_are_thanked_but_not_counted(client, settings):
    settings.HELPFUL_RATE_LIMIT = 2
    policy = PolicyFactory()
    for _ in range(4):
        assert vote(client, policy).status_code == 303
    assert counts(policy)[0][2] == 2


# --- The editors' list ----------------------------------------------------------------------------------------------


def add_votes(item, yes, no, language="en", days_ago=0):
    HelpfulCount.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        language=language,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        yes=yes,
        no=no,
    )


def queue_rows(client, **params):
    response = client.get(reverse("admin:helpful-queue"), params)
    assert response.status_code == 200
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in html(response).select("#helpful-queue tbody tr")
    ]


def test_editors_see_the_least_helpful_pages_first(client):
    client.force_login(staff_in_role("editor"))
    good, bad = PolicyFactory(title_en="Good policy"), PolicyFactory(title_en="Bad policy")
    entry = FaqEntryFactory(question_en="Middling answer?")
    add_votes(good, 9, 1)
    add_votes(bad, 1, 2)
    add_votes(bad, 0, 3, language="es", days_ago=3)
    add_votes(entry, 3, 2)
    add_votes(entry, 0, 50, days_ago=100)  # too long ago to count
    add_votes(PolicyFactory(title_en="Few votes"), 0, 4)  # not enough answers to rank
    rows = queue_rows(client)
    assert rows == [
        ["Bad policy", "Policy", "17%", "1", "5", "View on site"],
        ["Middling answer?", "FAQ entry", "60%", "3", "2", "View on site"],
        ["Good policy", "Policy", "90%", "9", "1", "View on site"],
    ]
    page = html(client.get(reverse("admin:helpful-queue")))
    first = page.select_one("#helpful-queue tbody tr")
    assert first.th.a["href"] == reverse("admin:policies_policy_change", args=[bad.pk])
    assert first.select("td a")[-1]["href"] == bad.get_absolute_url()
    box = html(client.get(reverse("admin:index"))).select_one("#work-queues")
    assert any(a["href"] == reverse("admin:helpful-queue") for a in box.select("a"))


def test_the_editors_list_is_paged_and_its_queries_do_not_grow(client, django_assert_max_num_queries, settings):
    client.force_login(SuperuserFactory())
    for number in range(60):
        add_votes(PolicyFactory(), number % 7, 5)
    for number in range(3):
        add_votes(FaqEntryFactory(), number, 5)
    with django_assert_max_num_queries(12):
        first = queue_rows(client)
    assert len(first) == 50
    assert len(queue_rows(client, page=2)) == 13
    assert client.get(reverse("admin:helpful-queue"), {"page": 9}).status_code == 404


def test_translators_cannot_see_the_editors_list(client):
    client.force_login(staff_in_role("translator"))
    assert client.get(reverse("admin:helpful-queue")).status_code == 403
    box = html(client.get(reverse("admin:index"))).select_one("#work-queues")
    assert not box or not any(a["href"] == reverse("admin:helpful-queue") for a in box.select("a"))


def test_the_public_cannot_see_the_editors_list(client):
    response = client.get(reverse("admin:helpful-queue"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_with_the_page_cache_on_the_form_is_cached_with_the_page_and_a_vote_is_never_cached(client, settings):
    from editorial import pagecache

    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "helpful-tests"},
    }
    pagecache.page_cache().clear()
    policy = PolicyFactory()
    url = policy.get_absolute_url()
    assert client.get(url)[pagecache.STATUS_HEADER] == "miss"
    cached = client.get(url)
    assert cached[pagecache.STATUS_HEADER] == "hit" and html(cached).select_one("form.helpful")
    first, second = vote(client, policy), vote(client, policy)
    assert first.status_code == second.status_code == 303
    assert "no-cache" in first["Cache-Control"] or "no-store" in first["Cache-Control"]
    assert counts(policy)[0][2] == 2  # both reached the view
    # A vote is not a content change: the cached page stays cached.
    assert client.get(url)[pagecache.STATUS_HEADER] == "hit"


def test_a_deleted_page_takes_its_counts_with_it(client):
    policy, other = PolicyFactory(), PolicyFactory()
    vote(client, policy)
    vote(client, other)
    policy.delete()
    assert HelpfulCount.objects.count() == 1 and counts(other)[0][2] == 1


def test_editors_can_see_what_the_readers_of_one_language_said(client):
    client.force_login(staff_in_role("editor"))
    policy = PolicyFactory(title_en="Translated badly")
    add_votes(policy, 8, 0, language="en")
    add_votes(policy, 1, 5, language="es")
    assert [row[:5] for row in queue_rows(client)] == [["Translated badly", "Policy", "64%", "9", "5"]]
    assert [row[:5] for row in queue_rows(client, language="es")] == [["Translated badly", "Policy", "17%", "1", "5"]]
    assert [row[:5] for row in queue_rows(client, language="en")] == [["Translated badly", "Policy", "100%", "8", "0"]]
    assert client.get(reverse("admin:helpful-queue"), {"language": "xx"}).status_code == 404


def test_a_yes_is_thanked_without_the_apology_and_a_bad_thanks_address_is_not_found(client):
    entry = FaqEntryFactory()
    page = html(client.get(vote(client, entry, "yes")["Location"]))
    assert "did not help" not in page.get_text() and "which pages work" in page.get_text()
    thanks = reverse("editorial:helpful-thanks")
    assert client.get(thanks, {"item": "outreach.faqentry.999"}).status_code == 404
    assert client.get(thanks, {"item": f"outreach.faqentry.{FaqEntryFactory(draft=True).pk}"}).status_code == 404
    assert client.get(thanks).status_code == 404
