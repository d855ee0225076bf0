"""The privacy statement, with the retention periods as they are configured."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hulplijn.web.caching import public
from hulplijn.web.privacy import retention


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"periods": retention.periods()})
