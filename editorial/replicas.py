"""
Anonymous page reads from a PostgreSQL standby (README "Database failover and read scaling").

With `DATABASE_REPLICA_URL` set, the `replica` database is a streaming-replication standby of `default`. The page
cache (`editorial.pagecache`) makes the anonymous pages it renders from the standby, and only when the standby has
replayed everything the current content stamp stands for: when a token is made, the primary's log position is noted
beside it, and a page is made from the standby only if the standby's replay has reached that position. So a page
stored under a token is never older than the token, and a resident never sees a change go back and forth between
requests. Everything else (staff, anyone with a cookie, every write, every form sent, /healthz, management
commands) reads and writes the primary: staff always see their own edits.

The standby is asked for nothing while it is behind, unreachable or not configured: the primary answers instead.
"""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
POSTGRESQL = "django.db.backends.postgresql"

_reading_replica = contextvars.ContextVar("reading_replica", default=False)


def configured():
    """A standby is configured, and both it and the primary are PostgreSQL (the only engine with log positions)."""
    databases = settings.DATABASES
    return REPLICA in databases and databases[REPLICA]["ENGINE"] == databases[DEFAULT_DB_ALIAS]["ENGINE"] == POSTGRESQL


class ReplicaRouter:
    """Reads go to the standby inside `reading_replica()`, everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading_replica.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Said outright: left to Django, an object read from the standby would be saved back to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same database, in two places

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # a standby replays the primary's migrations


@contextlib.contextmanager
def reading_replica(allowed):
    """Within the block, reads go to the standby if `allowed` (see `has_replayed`)."""
    mark = _reading_replica.set(bool(allowed))
    try:
        yield
    finally:
        _reading_replica.reset(mark)


def primary_position():
    """Where the primary's write-ahead log ends now, as text ('0/3000148'); None if it cannot be asked."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            # Flushed: with synchronous_commit on (the default), every committed transaction is, and a standby never
            # receives more. (The insert position can stay ahead of it for as long as the server is idle.)
            cursor.execute("SELECT pg_current_wal_flush_lsn()::text")
            return cursor.fetchone()[0]
    except Error as error:
        logger.warning("primary log position unavailable: %s", type(error).__name__)
        return None


def has_replayed(position):
    """Whether the standby has replayed the primary's log up to `position`. False when it has not, when it cannot
    be asked, or when it is no standby (promoted: its replay position stays where recovery ended)."""
    if position is None:
        return False
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            return bool(cursor.fetchone()[0])
    except Error as error:
        logger.warning("standby unavailable, reading the primary: %s", type(error).__name__)
        return False
