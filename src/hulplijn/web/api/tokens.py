"""Issuing, checking and revoking API tokens.

A token reads ``hlp_<prefix>_<secret>``: the prefix (12 hex digits) finds the row, the secret
(43 URL-safe characters, 256 bits from :mod:`secrets`) is checked against its SHA-256 with a
constant-time comparison. A fast hash is enough: the secret is random, not a password.

A token works until it is revoked or its expiry date (HULPLIJN_API_TOKEN_DAYS after it was made by
default, at most HULPLIJN_API_TOKEN_MAX_DAYS); a user has at most HULPLIJN_API_MAX_TOKENS tokens
that still work.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from hulplijn.web.api.models import ApiToken

SCHEME = "hlp"
_FORM = re.compile(r"^hlp_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
LAST_USED_STEP = timedelta(minutes=1)
"""last_used_at is written at most once a minute per token (no write on every request)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TooManyTokens(Exception):
    """The owner already has HULPLIJN_API_MAX_TOKENS tokens that work."""


def active(owner):
    """``owner``'s tokens that still work (not revoked, not expired)."""
    return ApiToken.objects.filter(
        owner=owner, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def issue(owner, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``owner`` valid for ``days`` (HULPLIJN_API_TOKEN_DAYS by default, at most
    HULPLIJN_API_TOKEN_MAX_DAYS): the stored row and the full token (shown to the user once).
    TooManyTokens when the owner has HULPLIJN_API_MAX_TOKENS working tokens already."""
    days = min(days or settings.HULPLIJN_API_TOKEN_DAYS, settings.HULPLIJN_API_TOKEN_MAX_DAYS)
    secret = secrets.token_urlsafe(32)
    for _ in range(5):  # a prefix collision (48 random bits) is all but impossible; retry anyway
        prefix = secrets.token_hex(6)
        try:
            with transaction.atomic():
                # the owner's row is locked, so two requests at once cannot pass the cap together
                get_user_model().objects.select_for_update().get(pk=owner.pk)
                if active(owner).count() >= settings.HULPLIJN_API_MAX_TOKENS:
                    raise TooManyTokens
                token = ApiToken.objects.create(
                    owner=owner,
                    name=name,
                    prefix=prefix,
                    secret_hash=_hash(secret),
                    expires_at=timezone.now() + timedelta(days=days),
                )
        except IntegrityError:
            continue
        return token, f"{SCHEME}_{prefix}_{secret}"
    raise RuntimeError("could not find a free token prefix")


def check(raw: str) -> ApiToken | None:
    """The working (not revoked, not expired) token of an active user that ``raw`` is, or None.
    Marks it as used."""
    match = _FORM.match(raw.strip())
    if match is None:
        return None
    prefix, secret = match.groups()
    # the prefix is unique: at most one row, so not sorted (by the model's ordering, as
    # ``first()`` would) but sliced
    found = ApiToken.objects.select_related("owner").filter(
        prefix=prefix,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        owner__is_active=True,
    )
    token = next(iter(found.order_by()[:1]), None)
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(owner, pk: int) -> bool:
    """Revoke one of ``owner``'s tokens; False when there is no such active token."""
    return bool(
        ApiToken.objects.filter(owner=owner, pk=pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
