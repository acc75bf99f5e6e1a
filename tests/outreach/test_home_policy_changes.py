"""
The home page shows a policy's major change, with its public note, for 14 days after the change is public, in
both languages, at a bounded cost; the page cache serves it until exactly the moment it must go.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from editorial import pagecache
from editorial.pagecache import STATUS_HEADER
from policies.models import NOTE_ON_HOME_PAGE
from tests.factories import PolicyFactory
from tests.helpers import html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

NOTE = {"en": "The promise now names victims and witnesses.", "es": "La promesa ahora nombra a víctimas y testigos."}


def local(year, month, day, hour, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def major_change(policy, at, note=NOTE):
    policy.is_major = True
    policy.note_en, policy.note_es = note["en"], note["es"]
    policy._history_date = at
    policy.save()
    del policy._history_date
    return policy


def changes_on_home(client, language="en"):
    section = html(client.get(f"/{language}/")).select_one(".policy-changes")
    return (
        [] if section is None else [item.get_text(" ", strip=True) for item in section.select(".policy-changes__item")]
    )


@pytest.fixture
def page_cache(settings):
    """The page cache on for a day, its stamp in the database (the embedded default)."""
    settings.PAGE_CACHE_SECONDS = 86400
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "home-changes-tests"},
    }
    pagecache.page_cache().clear()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Updated Tuesday, March 3, 2026: {NOTE['en']}"),
        ("es", f"Actualizado el martes 3 de marzo de 2026: {NOTE['es']}"),
    ],
)
def test_home_page_shows_a_major_change_with_its_note_in_the_language(client, language, expected):
    policy = PolicyFactory()
    with time_machine.travel(local(2026, 3, 5, 12), tick=False):
        major_change(policy, at=local(2026, 3, 3, 10))

        items = changes_on_home(client, language)

    assert len(items) == 1
    assert items[0].startswith(getattr(policy, f"title_{language}"))
    assert items[0].replace(" :", ":").endswith(expected)


def test_home_page_shows_the_note_for_14_days_and_not_after(client):
    changed_at = local(2026, 3, 3, 10)
    major_change(PolicyFactory(), at=changed_at)

    with time_machine.travel(changed_at + NOTE_ON_HOME_PAGE - datetime.timedelta(seconds=1), tick=False):
        assert len(changes_on_home(client)) == 1
    with time_machine.travel(changed_at + NOTE_ON_HOME_PAGE, tick=False):
        assert changes_on_home(client) == []
        assert changes_on_home(client, "es") == []


@pytest.mark.usefixtures("page_cache")
def test_the_cached_home_page_drops_the_note_at_the_very_end_of_the_14_days(client):
    with time_machine.travel(local(2031, 3, 4, 6), tick=False) as traveller:
        major_change(PolicyFactory(), at=local(2031, 2, 18, 12, 10))  # shown until 4 March, 12:10
        assert len(changes_on_home(client)) == 1
        traveller.move_to(local(2031, 3, 4, 12, 9, 59))
        assert client.get("/en/")[STATUS_HEADER] == "hit"
        assert len(changes_on_home(client)) == 1
        traveller.move_to(local(2031, 3, 4, 12, 10))
        assert changes_on_home(client) == []


def test_drafts_and_unpublished_policies_changes_are_not_on_the_home_page(client):
    now = timezone.now()
    major_change(PolicyFactory(draft=True), at=now - datetime.timedelta(days=1))
    major_change(PolicyFactory(unpublish_at=now - datetime.timedelta(hours=1)), at=now - datetime.timedelta(days=1))

    assert changes_on_home(client) == []


def test_home_page_lists_the_newest_few_changes_at_the_same_cost_however_many(client):
    now = timezone.now()
    major_change(PolicyFactory(title_en="Oldest"), at=now - datetime.timedelta(days=3))
    few = queries_for(client, "/en/")
    for days in range(2, 0, -1):
        major_change(PolicyFactory(title_en=f"{days} days ago"), at=now - datetime.timedelta(days=days))
    for _n in range(5):
        major_change(PolicyFactory(), at=now - datetime.timedelta(days=10))

    many = queries_for(client, "/en/")

    assert few == many
    items = changes_on_home(client)
    assert len(items) == 3
    assert [item.split(" Updated")[0] for item in items[:2]] == ["1 days ago", "2 days ago"]
