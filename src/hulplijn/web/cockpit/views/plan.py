"""The plan-impact page (``/beleid/plan/``): the plan under the report's assumptions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hulplijn.web.cockpit.services import trace
from hulplijn.web.cockpit.services.headline import plan_headline
from hulplijn.web.cockpit.services.plan import plan_page
from hulplijn.web.cockpit.tables import exported
from hulplijn.web.roles import policy_required


@policy_required
def plan(request: HttpRequest) -> HttpResponse:
    context = plan_page()
    context["headline"] = plan_headline(context["result"], context["macro_projection"])
    context["tables"]["headline"] = context["headline"].table
    context["trace"] = trace.derivation(context["result"])
    context["tables"].update(trace.tables(context["trace"]))
    download = exported(request, list(context["tables"].values()))
    if download is not None:
        return download
    return render(request, "cockpit/plan.html", context)
