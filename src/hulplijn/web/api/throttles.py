"""Rate limits for the API (django-ninja's throttle hook), read from the settings per request.

- per token: ``HULPLIJN_API_RATE`` requests (default 1200 a minute), all endpoints together;
- per client address: ``HULPLIJN_API_AUTH_FAILURE_RATE`` failed token checks (default 30 a
  minute), so tokens cannot be guessed at speed.

A rate is ``COUNT/PERIOD`` (PERIOD ``s``, ``min``, ``h`` or ``d``, optionally with a number:
``100/10s``); ``off`` switches a limit off. Requests are counted in fixed windows of PERIOD with
an atomic increment. The counters live in this process's memory, so the hot path never touches
the database; with several processes each counts on its own (N processes allow N x the rate)
unless ``HULPLIJN_API_THROTTLE_CACHE`` names a shared cache in CACHES (Redis, Memcached).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

_PARSER = SimpleRateThrottle(rate="1/s")  # only its parse_rate is used
_LOCAL = LocMemCache("hulplijn-api-throttle", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def parse(rate: str) -> tuple[int, int] | None:
    """``"1200/min"`` -> (1200, 60); None for ``off``. ValueError for anything else."""
    if rate.strip().lower() in ("off", "none", ""):
        return None
    count, seconds = _PARSER.parse_rate(rate.strip())
    if not count or not seconds or count < 1:
        raise ValueError(f"invalid rate {rate!r}")
    return count, seconds


def _store():
    alias = getattr(settings, "HULPLIJN_API_THROTTLE_CACHE", "")
    return caches[alias] if alias else _LOCAL


def reset() -> None:
    """Forget every count (tests; the shared cache, if any, is left alone)."""
    _LOCAL.clear()


class _Window:
    """Fixed-window counters per key."""

    def __init__(self, setting: str, scope: str):
        self.setting = setting
        self.scope = scope
        self._local = threading.local()  # one throttle object serves every thread

    def _key(self, ident: str, seconds: int, now: float) -> tuple[str, float]:
        window = int(now // seconds)
        return f"hulplijn_api_{self.scope}_{seconds}_{window}_{ident}", (window + 1) * seconds

    def hit(self, ident: str) -> bool:
        """Count one request for ``ident``; False (and a wait) when over the limit."""
        self._local.wait = None
        limit = parse(getattr(settings, self.setting))
        if limit is None:
            return True
        count, seconds = limit
        now = time.time()
        key, ends = self._key(ident, seconds, now)
        store = _store()
        store.add(key, 0, seconds + 1)
        try:
            used = store.incr(key)
        except ValueError:  # expired between add and incr
            store.set(key, 1, seconds + 1)
            used = 1
        if used > count:
            self._local.wait = ends - now
            return False
        return True

    def over(self, ident: str) -> bool:
        """True when ``ident`` has used up its limit (without counting a request)."""
        self._local.wait = None
        limit = parse(getattr(settings, self.setting))
        if limit is None:
            return False
        count, seconds = limit
        now = time.time()
        key, ends = self._key(ident, seconds, now)
        if (_store().get(key) or 0) >= count:
            self._local.wait = ends - now
            return True
        return False

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class TokenRateThrottle(BaseThrottle):
    """``HULPLIJN_API_RATE`` requests per token."""

    def __init__(self) -> None:
        self.window = _Window("HULPLIJN_API_RATE", "token")

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            return True  # unauthenticated requests never get this far
        return self.window.hit(str(token.pk))

    def wait(self) -> float | None:
        return self.window.wait()


auth_failures = _Window("HULPLIJN_API_AUTH_FAILURE_RATE", "auth_failure")
"""Failed token checks per client address (see auth.TokenAuth)."""


def client_address(request: HttpRequest) -> str:
    """The client's address as django-ninja's throttles see it (NINJA_NUM_PROXIES)."""
    return BaseThrottle().get_ident(request) or "unknown"
