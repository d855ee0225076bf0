"""An account without a password confirms deleting itself by logging in again just before, with
what it logs in with: eHerkenning (its KvK number) or iDIN (OpenID Connect). A KvK number is
public, so typing it never confirms anything."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import timezone

from hulplijn.web.accounts import eherkenning
from hulplijn.web.conf import idin

EHERKENNING, IDIN = "eHerkenning", "iDIN"


def means(user) -> str:
    """How this account without a password logs in."""
    if SocialAccount.objects.filter(user=user, provider=idin.PROVIDER_ID).exists():
        return IDIN
    return EHERKENNING


def _idin_recently(request) -> bool:
    now = timezone.now().timestamp()
    return any(
        record.get("method") == "socialaccount"
        and record.get("provider") == idin.PROVIDER_ID
        and 0 <= now - record.get("at", 0) <= eherkenning.FRESH_LOGIN.total_seconds()
        for record in request.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
    )


def recent(request, user) -> bool:
    """True when this session logged in with the account's means at most 5 minutes ago."""
    if means(user) == IDIN:
        return _idin_recently(request)
    return eherkenning.logged_in_recently(request)


def login_url(user, next_url: str) -> str | None:
    """Where to log in again and come back to ``next_url`` (None when that is not possible)."""
    if means(user) == IDIN:
        login = reverse("openid_connect_login", args=[idin.PROVIDER_ID])
        return f"{login}?{urlencode({'process': 'login', 'next': next_url})}"
    return eherkenning.login_url(next_url=next_url)
