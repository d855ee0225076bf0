"""Bearer-token authentication for the API: ``Authorization: Bearer hlp_…``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError, Throttled
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


class LargeBodyTokenAuth(TokenAuth):
    """TokenAuth for POST /batches, whose body may be up to HULPLIJN_API_BATCH_MAX_BYTES instead
    of DATA_UPLOAD_MAX_MEMORY_SIZE (413 beyond). The body is read here, once the token is known
    to be valid, so a request without one is answered before it is read."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = super().authenticate(request, token)
        if found is not None and not hasattr(request, "_body"):
            limit = settings.HULPLIJN_API_BATCH_MAX_BYTES
            if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
                raise HttpError(413, f"A batch may be at most {limit:,} bytes of JSON.")
            # what HttpRequest.body does, with this limit; later reads get the same bytes
            request._body = request.read()
        return found
