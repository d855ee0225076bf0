"""The monitoring page (policy role only): filters by GET, every table exportable."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hulplijn.reference import artifact
from hulplijn.web.cockpit.forms.monitoring import MonitorFilter
from hulplijn.web.cockpit.services import monitoring, monitoring_release
from hulplijn.web.cockpit.tables import exported
from hulplijn.web.roles import policy_required


@policy_required
def monitor(request: HttpRequest) -> HttpResponse:
    form = MonitorFilter(request.GET or None)
    period, by = "month", "size_class"
    if form.is_valid():
        period = form.cleaned_data["period"] or period
        by = form.cleaned_data["by"] or by
    result = monitoring.build(period, by)
    response = exported(request, result.tables)
    if response is not None:
        return response
    return render(
        request,
        "cockpit/monitor.html",
        {
            "section": "monitor",
            "form": form if form.is_bound else MonitorFilter(initial={"period": period, "by": by}),
            "result": result,
            "tables": {t.slug: t for t in result.tables},
            "min_n": monitoring_release.rules().min_n,
            # the dimensions' percentile bands are against the live reference's peers
            "synthetic": artifact.read_manifest(settings.HULPLIJN_REFERENCE_DIR).get("synthetic"),
        },
    )
