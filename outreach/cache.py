import logging
import uuid

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    """
    Django's RedisCache that treats a Redis failure as a cache miss: the site keeps serving (more slowly, from
    the database) if Redis dies, and picks the cache up again when it comes back.
    """

    def _safely(self, operation, default, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except (RedisError, OSError) as error:
            logger.warning("cache %s failed: %s", operation, type(error).__name__)
            return default

    def get(self, key, default=None, version=None):
        return self._safely("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safely("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set_many", list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._safely("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._safely("incr", None, key, delta, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, key, version)

    def clear(self):
        return self._safely("clear", False)


def cache_answers(alias="default"):
    """Whether the cache keeps what it is given right now (/healthz). A dead Redis behind
    ResilientRedisCache reads as empty rather than raising, so the probe writes and reads back."""
    probe = f"healthz:{uuid.uuid4().hex}"
    try:
        caches[alias].set(probe, 1, timeout=5)
        answered = caches[alias].get(probe) == 1
        caches[alias].delete(probe)
    except Exception:  # a cache that cannot be reached is "unavailable", whatever the client library raises
        return False
    return answered
