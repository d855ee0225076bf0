"""No browser or proxy keeps a copy of a personal page: ``Cache-Control: no-store`` on every
response, except views marked ``@public`` answering a visitor without a session (static files
and /health/ are answered before this middleware)."""

from __future__ import annotations

PUBLIC = "hulplijn_public"


def public(view):
    """Mark a view whose page is the same for every visitor without a session (the landing
    page, the privacy statement): caches may keep it. With a session or an account it may show
    something personal and gets ``no-store`` like every other page."""
    setattr(view, PUBLIC, True)
    return view


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_hulplijn_public", False) and not _personal(request):
            return response
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"  # replaces public, max-age and the like
        response["Pragma"] = "no-cache"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._hulplijn_public = getattr(view_func, PUBLIC, False)


def _personal(request) -> bool:
    """A session exists (anonymous work, messages) or somebody is logged in."""
    session = getattr(request, "session", None)
    if session is not None and (session.session_key or session.modified):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
