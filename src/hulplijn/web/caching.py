"""No browser or proxy keeps a copy of a personal page: ``Cache-Control: no-store`` on every
response, except a successful answer of a view marked ``@public`` to a visitor without a session
or account that sets no cookie, which gets ``private`` (static files and /health/ are answered
before this middleware)."""

from __future__ import annotations

from django.conf import settings

PUBLIC = "hulplijn_public"


def public(view):
    """Mark a view whose page is the same for every visitor without a session (the landing
    page, the privacy statement): the browser may keep it. With a session or an account it may
    show something personal and gets ``no-store`` like every other page."""
    setattr(view, PUBLIC, True)
    return view


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public = getattr(request, "_hulplijn_public", False) and response.status_code == 200
        if public and not _personal(request, response):
            # the page holds this browser's CSRF token (language switch): the browser may keep
            # it, a shared cache may not
            if "Cache-Control" not in response:
                response["Cache-Control"] = "private"
            return response
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"  # replaces public, max-age and the like
        response["Pragma"] = "no-cache"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._hulplijn_public = getattr(view_func, PUBLIC, False)


def _personal(request, response) -> bool:
    """A session exists (anonymous work, messages), somebody is logged in, or the response sets
    a cookie (e.g. a first visit's CSRF cookie: a kept copy would hand it to others)."""
    if _sets_cookie(request, response):
        return True
    session = getattr(request, "session", None)
    if session is not None and (session.session_key or session.modified):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _sets_cookie(request, response) -> bool:
    """Any cookie set by the view or the middleware inside this one (settings.MIDDLEWARE puts
    CsrfViewMiddleware there, so its cookie is in ``response.cookies``), except the CSRF cookie
    this browser sent: CsrfViewMiddleware sends it again unchanged with every page that has a
    form, to renew it, and such a page may be kept (a new or replaced secret may not)."""
    for name, cookie in response.cookies.items():
        if name != settings.CSRF_COOKIE_NAME or cookie.value != request.COOKIES.get(name):
            return True
    return False
