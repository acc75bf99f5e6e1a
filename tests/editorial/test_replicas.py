"""
The standby router and its checks (editorial.replicas). What residents and staff read from which server, with a real
primary and standby, is shown in tests/cluster/test_failover.py.
"""

from types import SimpleNamespace

import pytest
from django.core import checks
from django.core.cache.backends.locmem import LocMemCache

from editorial import pagecache, replicas
from editorial.checks import check_replica
from outreach.models import Question

POSTGRESQL = {"ENGINE": "django.db.backends.postgresql", "NAME": "outreach", "HOST": "127.0.0.1", "PORT": 5432}
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "standby.sqlite3"}


@pytest.fixture
def router():
    return replicas.ReplicaRouter()


def test_reads_go_to_the_primary_unless_a_residents_page_is_being_made_from_the_standby(router):
    assert router.db_for_read(Question) == "default"
    with replicas.reading_replica(True):
        assert router.db_for_read(Question) == "replica"
        with replicas.reading_replica(False):
            assert router.db_for_read(Question) == "default"
        assert router.db_for_read(Question) == "replica"
    with replicas.reading_replica(False):
        assert router.db_for_read(Question) == "default"
    assert router.db_for_read(Question) == "default"


def test_the_primary_takes_every_write_even_of_an_object_read_from_the_standby(router):
    read_from_standby = SimpleNamespace(_state=SimpleNamespace(db="replica"))
    with replicas.reading_replica(True):
        assert router.db_for_write(Question, instance=read_from_standby) == "default"
    assert router.db_for_write(Question) == "default"


def test_migrations_run_on_the_primary_only(router):
    assert router.allow_migrate("default", "outreach")
    assert not router.allow_migrate("replica", "outreach")


def test_a_page_read_stays_on_the_primary_when_the_standby_has_no_position_to_check():
    assert not replicas.has_replayed(None)
    assert not pagecache.replica_may_serve(None)


def test_no_standby_configured_means_no_warning():
    assert check_replica() == []
    assert not replicas.configured()


def test_a_standby_on_another_engine_is_ignored_with_a_warning(monkeypatch):
    monkeypatch.setitem(pagecache.settings.DATABASES, "replica", SQLITE)
    warnings = check_replica()
    assert [warning.id for warning in warnings] == ["editorial.W010"]
    assert warnings[0].level == checks.WARNING
    assert not replicas.configured()


def test_a_standby_without_a_shared_page_cache_is_ignored_with_a_warning(monkeypatch):
    monkeypatch.setitem(
        pagecache.settings.DATABASES, "default", {**pagecache.settings.DATABASES["default"], **POSTGRESQL}
    )
    monkeypatch.setitem(pagecache.settings.DATABASES, "replica", POSTGRESQL)
    monkeypatch.setattr(pagecache, "page_cache", lambda: LocMemCache("pages", {}))
    assert replicas.configured()
    assert [warning.id for warning in check_replica()] == ["editorial.W011"]
    # And the page cache never asks the standby: its stamp lives in the database, with no log position beside it.
    stamp = pagecache.Stamp("token", changed_at=None)
    assert not pagecache.replica_may_serve(stamp)
