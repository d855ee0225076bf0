"""The client's address behind trusted proxies (the load balancer): login limits, audit log."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or with HULPLIJN_NUM_PROXIES = n > 0 the address that the n-th proxy
    (counted from this server) saw, taken from X-Forwarded-For. Addresses a client put in front of
    that header itself are ignored, so it cannot choose the address its login failures count for."""
    count = settings.HULPLIJN_NUM_PROXIES
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # fewer hops than configured: this request did not come through the load balancer
        return remote
    return forwarded[-count]


def client_address(request) -> str:
    """The client's address (client_ip) as the key a rate limit counts for; "unknown" when the
    request has none, so such requests count together instead of not at all."""
    return client_ip(request) or "unknown"
