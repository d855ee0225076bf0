"""The cockpit's overview page: which reference vintage is live and where to go next."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hulplijn.reference import artifact
from hulplijn.web.roles import policy_required


@policy_required
def overview(request: HttpRequest) -> HttpResponse:
    manifest = artifact.read_manifest(settings.HULPLIJN_REFERENCE_DIR)
    return render(request, "cockpit/overview.html", {"manifest": manifest, "section": "overview"})
