"""Is the database really down? Asked before the site says so (outreach.middleware, /healthz)."""

from django.db import DEFAULT_DB_ALIAS, connections


def database_answers(alias=DEFAULT_DB_ALIAS):
    """
    Whether the database answers a trivial query right now, on a connection of its own: the request's connection
    may be unusable for reasons of its own (an aborted transaction, a lock it waited for too long) while the
    database itself is up.
    """
    probe = connections.create_connection(alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database means "not answering"
        return False
    finally:
        probe.close()
    return True
