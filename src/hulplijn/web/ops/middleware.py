"""Request ids, one log line per request, and the health endpoint for the load balancer."""

from __future__ import annotations

import logging
import re
import time
import uuid

from hulplijn.web.ops import health, logs

logger = logging.getLogger("hulplijn.request")

HEADER = "X-Request-ID"
# a request id from the load balancer is taken only when it looks like one (no spaces, no quotes,
# nothing that could forge a log field); otherwise a fresh one is made
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


def request_id_of(request) -> str:
    """The load balancer's X-Request-ID if well-formed, else a new random id (32 hex digits)."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if WELL_FORMED.fullmatch(given):
        return given
    return uuid.uuid4().hex


def loggable_path(request) -> str:
    """The path without query string, with secret URL parameters (share tokens) and object ids
    (an assessment's UUID, a token's number) replaced by ``***``: the route says which page."""
    return logs.redact(request.path, request)


def authenticated(request) -> bool:
    """Whether the request came with a logged-in account (or an API token): the only thing the
    log says about who made it. No user id or e-mail address: with one, the log lines of an
    account's assessments (with their times) could be lined up with other tables after the
    account is deleted (issue #11, attack 4; docs/security.md)."""
    user = getattr(request, "user", None)
    auth = getattr(request, "auth", None)
    try:
        return bool(auth is not None or (user is not None and user.is_authenticated))
    except Exception:  # the session or user could not be read (database down)
        return False


class RequestLogMiddleware:
    """First in the chain: gives each request an id (``request.request_id``, the X-Request-ID
    response header, and every log line written while it runs) and logs one line when it ends.

    Successful health checks are not logged: the load balancer calls every few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_of(request)
        request.request_id = rid
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except BaseException:
            # Django turns exceptions into responses below this middleware; this only runs
            # for what escapes it, which the server then reports
            self._log(request, 500, started)
            raise
        finally:
            logs.request_id.reset(token)
        response[HEADER] = rid
        if not (request.path_info == health.PATH and response.status_code == 200):
            self._log(request, response.status_code, started, rid)
        return response

    def _log(self, request, status: int, started: float, rid: str | None = None) -> None:
        match = getattr(request, "resolver_match", None)
        level = logging.ERROR if status >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %s",
            request.method,
            loggable_path(request),
            status,
            extra={
                "request_id": rid or getattr(request, "request_id", None),
                "method": request.method,
                "path": loggable_path(request),
                "route": match.route if match is not None else None,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "authenticated": authenticated(request),
            },
        )


class HealthCheckMiddleware:
    """Answers ``GET /health/`` before host validation, the HTTPS redirect and sessions, so a load
    balancer can call an app server by its address over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == health.PATH and request.method in ("GET", "HEAD"):
            return health.response()
        return self.get_response(request)
