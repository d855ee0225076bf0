"""Error pages that need a view: a refused form (CSRF check failed) explains itself in the
visitor's language and links back. The 404, 403 and 500 pages are Django's default views with
the templates 404.html, 403.html and 500.html."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form was refused; say why that usually happens, and offer the
    page it was sent to (a GET shows the form again). Django logs the reason itself."""
    back = request.path
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)
