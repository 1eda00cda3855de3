"""Django's Redis cache, made safe to lose.

Juryrum caches only what it can rebuild from the database (visitors' copies of public pages).
If Redis is down or slow, a page must still be served, from the database, and no request may
end in a 500: every cache call that fails is logged as a warning (at most once a minute per
process, so a Redis outage does not flood the log) and answers as a miss."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("juryrum.cache")
QUIET_SECONDS = 60


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning >= QUIET_SECONDS:
            ResilientRedisCache._last_warning = now
            logger.warning(
                "Redis cache unavailable (%s): %s; serving from the database", operation, error
            )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._failed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._failed("get_many", error)
            return {}

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            self._failed("set", error)
            return None

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._failed("add", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._failed("incr", error)
            return 0

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._failed("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            self._failed("delete_many", error)
            return None
