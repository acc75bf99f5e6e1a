"""The public history lists exactly the versions the public could read, by the one publication rule."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from editorial.publication import PublishStatus
from policies.history import public_versions, published_revisions
from tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) - datetime.timedelta(days=30)


def save_at(moment, policy, **changes):
    with time_machine.travel(moment, tick=False):
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.save()
    return policy


def summaries(policy, at=None):
    return [str(record.summary_en) for record, _seen in public_versions(policy, at)]


def test_a_version_saved_after_its_unpublish_date_was_never_public():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    # Taken down by date while its text was changed, then put back with other words.
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Never shown.", unpublish_at=START)
    save_at(START + datetime.timedelta(days=2), policy, summary_en="Back again.", unpublish_at=None)
    assert summaries(policy) == ["First words.", "Back again."]


def test_a_version_replaced_before_its_publish_date_was_never_public():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    later = START + datetime.timedelta(days=5)
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Planned, then dropped.", publish_at=later)
    save_at(START + datetime.timedelta(days=2), policy, summary_en="What went out.", publish_at=None)
    assert summaries(policy) == ["First words.", "What went out."]


def test_a_scheduled_version_is_listed_from_its_publish_date_not_its_save():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    goes_out = START + datetime.timedelta(days=3)
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Scheduled words.", publish_at=goes_out)
    assert summaries(policy, at=goes_out - datetime.timedelta(seconds=1)) == ["First words."]
    versions = public_versions(policy, at=goes_out)
    assert [seen for _record, seen in versions] == [START, goes_out]


def test_drafts_between_public_versions_are_left_out():
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Draft words.", status=PublishStatus.DRAFT)
    save_at(START + datetime.timedelta(days=2), policy, summary_en="Second words.", status=PublishStatus.PUBLISHED)
    revisions = published_revisions(policy, "en")
    assert [revision.summary for revision in revisions] == ["Second words.", "First words."]
    assert revisions[0].is_current and not revisions[1].is_current
    assert revisions[1].is_first


def test_the_history_page_shows_when_each_version_went_out(client, site_settings):
    with time_machine.travel(START, tick=False):
        policy = PolicyFactory(summary_en="First words.")
    goes_out = START + datetime.timedelta(days=3)
    save_at(START + datetime.timedelta(days=1), policy, summary_en="Scheduled words.", publish_at=goes_out)
    page = client.get(f"/en/policies/{policy.slug}/history/").content.decode()
    assert timezone.localtime(goes_out).strftime("%Y-%m-%dT%H:%M:%S") in page
    assert "Scheduled words." in page
