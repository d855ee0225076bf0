"""Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser in
which an account logged in before carries a signed cookie naming that account. Failed-login
limits per address and per account (django-allauth) then hold back guessers without locking the
owner out: attempts from a browser trusted for that account are not limited by other people's
failures. The cookie holds a keyed hash of the login, never the address itself."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "hl_device"
SALT = "hulplijn.accounts.device"
MAX_AGE = 180 * 24 * 3600
MAX_ACCOUNTS = 5  # one browser may be trusted for a few accounts (a shared office computer)


def _tag(login: str) -> str:
    key = hashlib.sha256(f"{SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, login.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _tags(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return []
    try:
        tags = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []


def trusted(request: HttpRequest, login: str) -> bool:
    """True when this browser logged in to ``login`` before."""
    return bool(login) and _tag(login) in _tags(request)


def remember(request: HttpRequest, response: HttpResponse, login: str) -> None:
    """After a successful login: trust this browser for ``login`` from now on."""
    tag = _tag(login)
    tags = [tag] + [other for other in _tags(request) if other != tag]
    response.set_cookie(
        COOKIE,
        signing.dumps(tags[:MAX_ACCOUNTS], salt=SALT),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
