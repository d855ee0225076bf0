"""Bearer-token authentication for the API: ``Authorization: Bearer hlp_…``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.security import HttpBearer

from hulplijn.web.api import tokens
from hulplijn.web.api.models import ApiToken
from hulplijn.web.api.throttles import auth_failures, client_address


class TokenAuth(HttpBearer):
    """The request's token (its owner becomes ``request.user``), or None (401). A client address
    with too many failed checks gets 429 before its token is even looked up."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        address = client_address(request)
        if auth_failures.over(address):
            raise Throttled(wait=auth_failures.wait())
        found = tokens.check(token)
        if found is None:
            auth_failures.hit(address)
            return None
        request.user = found.owner
        return found
