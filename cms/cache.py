"""The Redis cache, made optional: when Redis cannot be reached every read is a miss and every
write is dropped, so pages, the API and its throttles keep serving (from the database) while
Redis is down, instead of answering 500.

- Short socket timeouts (settings: OPTIONS socket_connect_timeout / socket_timeout) bound what
  one failed call costs; after a failure the cache is treated as down for `RETRY_AFTER` seconds
  (per process) without trying, so a dead or unreachable Redis costs microseconds per call, not a
  connect timeout each time. The first call after that tries again.
- A warning is logged when Redis goes away (then at most once a minute, with the number of
  failed calls) and an info line when it answers again.
- `incr()` on an unreachable Redis raises ValueError, as for a missing key: callers already fall
  back to `set()` (which is dropped).
- `health_check()` (used by /healthz/) bypasses all of this and raises the real error.

What this gives up while Redis is down: cached figures are recomputed on every request, DRF
throttle history is empty (every request is allowed: throttling is best effort), the public
demand form's hourly limit is not counted, and the dashboard's version bumps are lost (a figure
cached before the outage may be served for up to its 5-minute timeout after Redis returns, unless
Redis came back empty)."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    UNAVAILABLE = (_RedisConnectionError, _RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover - redis is a requirement
    UNAVAILABLE = (OSError,)

# Per process, shared by the per-thread backend instances, keyed by LOCATION.
_down_until = {}
_log_state = {}
_lock = threading.Lock()
LOG_EVERY = 60.0  # seconds between repeated warnings while Redis stays down


def reset():
    """Forget every outage (tests)."""
    with _lock:
        _down_until.clear()
        _log_state.clear()


class ResilientRedisCache(RedisCache):
    RETRY_AFTER = 2.0  # seconds a failed Redis is skipped before the next attempt
    DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", self.RETRY_AFTER))
        params["OPTIONS"] = {**self.DEFAULT_OPTIONS, **options}
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    # --- outage bookkeeping ---------------------------------------------------------------
    def _skipping(self):
        until = _down_until.get(self._location)
        return until is not None and time.monotonic() < until

    def _failed(self, operation, error):
        now = time.monotonic()
        with _lock:
            _down_until[self._location] = now + self.retry_after
            state = _log_state.setdefault(self._location, {"since": None, "logged": 0.0, "suppressed": 0})
            first = state["since"] is None
            if first:
                state["since"] = now
            if first or now - state["logged"] >= LOG_EVERY:
                suppressed, state["suppressed"], state["logged"] = state["suppressed"], 0, now
            else:
                state["suppressed"] += 1
                return
        if first:
            logger.warning("Redis cache unavailable (%s: %s during %s); serving without cache, retrying every %.0f s",
                           type(error).__name__, error, operation, self.retry_after)
        else:
            logger.warning("Redis cache still unavailable (%s: %s); %d failed calls since the last warning",
                           type(error).__name__, error, suppressed)

    def _recovered(self):
        if self._location not in _down_until and self._location not in _log_state:
            return
        with _lock:
            _down_until.pop(self._location, None)
            state = _log_state.pop(self._location, None)
        if state and state["since"] is not None:
            logger.warning("Redis cache available again after %.1f s", time.monotonic() - state["since"])

    def _call(self, operation, fallback, *args, **kwargs):
        if self._skipping():
            return fallback()
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._failed(operation, error)
            return fallback()
        if _down_until or _log_state:
            self._recovered()
        return result

    # --- the cache API: a miss or a dropped write when Redis is unreachable -------------------
    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version=version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (Redis unavailable).")

        return self._call("incr", missing, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version=version)

    def clear(self):
        return self._call("clear", lambda: False)

    # --- for /healthz/ ------------------------------------------------------------------------
    def health_check(self):
        """A real round trip, raising whatever Redis raises; a success ends a recorded outage."""
        token = str(time.monotonic())
        super().set("healthz", token, 10)
        if super().get("healthz") != token:
            raise RuntimeError("cache did not return what was stored")
        self._recovered()
