"""Rate limits for the API (django-ninja's throttle hook), read from the settings per request.

- per user: ``HULPLIJN_API_RATE`` requests (default 1200 a minute) by all of a user's tokens on
  all endpoints together;
- per client address: ``HULPLIJN_API_AUTH_FAILURE_RATE`` failed token checks (default 30 a
  minute), so tokens cannot be guessed at speed (auth.TokenAuth).

The counters are shared by every process and server (hulplijn.web.ops.limits, in the database).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from hulplijn.web.ops import limits
from hulplijn.web.ops.proxies import client_address

parse = limits.parse


class UserRateThrottle(BaseThrottle):
    """``HULPLIJN_API_RATE`` requests per user (the token's owner), whichever token they use."""

    def __init__(self) -> None:
        self._local = threading.local()  # one throttle object serves every thread

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = None
        token = getattr(request, "auth", None)
        if token is None:
            return True  # unauthenticated requests never get this far
        verdict = limits.hit("api_user", str(token.owner_id), settings.HULPLIJN_API_RATE)
        self._local.wait = verdict.wait
        return verdict.allowed

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


def failed_check(request: HttpRequest) -> limits.Verdict:
    """Count a failed token check against the client's address."""
    return limits.hit(
        "api_auth_failure", client_address(request), settings.HULPLIJN_API_AUTH_FAILURE_RATE
    )
