"""Bearer-token authentication for the API: ``Authorization: Bearer hlp_…``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.security import HttpBearer

from hulplijn.web.api import tokens
from hulplijn.web.api.models import ApiToken
from hulplijn.web.api.throttles import failed_check


class TokenAuth(HttpBearer):
    """The request's token (its owner becomes ``request.user``), or None (401).

    The token is checked first: a valid token is never refused because of other requests from its
    address (behind a load balancer that may be everybody's). Only failed checks are counted per
    address; once they pass HULPLIJN_API_AUTH_FAILURE_RATE, failed checks get 429 instead of 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.check(token)
        if found is None:
            verdict = failed_check(request)
            if not verdict.allowed:
                raise Throttled(wait=verdict.wait)
            return None
        request.user = found.owner
        return found
