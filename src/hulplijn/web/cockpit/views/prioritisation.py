"""The prioritisation page (``/beleid/prioritering/``): the weights from the query string."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hulplijn.web.cockpit.forms.prioritisation import WeightsForm
from hulplijn.web.cockpit.services import prioritisation as service
from hulplijn.web.cockpit.tables import exported
from hulplijn.web.roles import policy_required


@policy_required
def prioritisation(request: HttpRequest) -> HttpResponse:
    form = WeightsForm(request.GET)
    context = {"form": form, **service.page(form.criteria(), form.rules())}
    download = exported(request, list(context["tables"].values()))
    if download is not None:
        return download
    return render(request, "cockpit/prioritisation.html", context)
