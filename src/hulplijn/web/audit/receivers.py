"""Logins and failed logins per account, from Django's authentication signals (every login
path sends them: e-mail and password, eHerkenning, the development stand-in)."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from hulplijn.web.audit.models import LoginEvent
from hulplijn.web.ops.proxies import client_ip


def _address(request) -> str | None:
    return (client_ip(request) or None) if request is not None else None


def _backend(request, user) -> str:
    """The backend that accepted the login (login() keeps it in the session)."""
    session = getattr(request, "session", None)
    backend = session.get(BACKEND_SESSION_KEY) if session is not None else None
    return str(backend or getattr(user, "backend", "") or "")


@receiver(user_logged_in, dispatch_uid="audit-login")
def logged_in(sender, request, user, **kwargs) -> None:
    LoginEvent.objects.create(
        user=user,
        succeeded=True,
        method=_backend(request, user)[:200],
        ip_address=_address(request),
    )


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Kept only for an existing account (an unknown address is nobody's data to keep)."""
    name = credentials.get("email") or credentials.get("username")
    if not isinstance(name, str) or not name.strip():
        return
    user = get_user_model().objects.filter(email__iexact=name.strip()).first()
    if user is not None:
        LoginEvent.objects.create(user=user, succeeded=False, ip_address=_address(request))
