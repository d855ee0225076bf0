"""Logged-in sessions end after a period without a request (idle timeout; shorter for staff and
the policy role) and at the latest some hours after logging in (absolute lifetime).

The session stores when it logged in and when it was last seen; "last seen" is written at most
once a minute, so an active user costs one session write a minute, not one per request.
Anonymous sessions (drafts and assessments without an account) have no idle timeout: they end
``SESSION_COOKIE_AGE`` after they were last changed (settings), and the retention command removes
their work afterwards."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.shortcuts import redirect, resolve_url
from django.utils.translation import ngettext

LOGIN_AT = "hulplijn_login_at"
SEEN_AT = "hulplijn_seen_at"
REFRESH_SECONDS = 60


def idle_limit(user) -> int:
    """Seconds without a request after which this user's session ends."""
    if user.is_staff:  # the admin and the policy role
        return settings.HULPLIJN_SESSION_IDLE_MINUTES_STAFF * 60
    return settings.HULPLIJN_SESSION_IDLE_MINUTES * 60


def started(session, now: float | None = None) -> None:
    """At login: the clock of the absolute lifetime and the idle timeout start."""
    now = time.time() if now is None else now
    session[LOGIN_AT] = session[SEEN_AT] = int(now)


def expired(session, user, now: float) -> str:
    """Why a logged-in session has ended ("idle" or "lifetime"), or "" while it has not."""
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:  # logged in before this was deployed: start now
        started(session, now)
        return ""
    if now - login_at > settings.HULPLIJN_SESSION_MAX_HOURS * 3600:
        return "lifetime"
    return "idle" if now - seen_at > idle_limit(user) else ""


def ended_message(reason: str, user) -> str:
    if reason == "lifetime":
        hours = settings.HULPLIJN_SESSION_MAX_HOURS
        return ngettext(
            "You have been logged out because you were logged in for more than %(n)d hour. "
            "Please log in again.",
            "You have been logged out because you were logged in for more than %(n)d hours. "
            "Please log in again.",
            hours,
        ) % {"n": hours}
    minutes = idle_limit(user) // 60
    return ngettext(
        "You have been logged out because you were inactive for %(n)d minute. Please log in again.",
        "You have been logged out because you were inactive for %(n)d minutes. "
        "Please log in again.",
        minutes,
    ) % {"n": minutes}


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware: log out an expired session and send
    the visitor to the login page with a message (API requests just continue logged out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            reason = expired(request.session, user, now)
            if reason:
                auth.logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, ended_message(reason, user))
                login = resolve_url(settings.LOGIN_URL)
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            if now - request.session[SEEN_AT] >= REFRESH_SECONDS:
                request.session[SEEN_AT] = int(now)
        return self.get_response(request)
