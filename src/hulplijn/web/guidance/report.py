"""The PDF report (WeasyPrint): dashboard figures, measures with reasons, survey results and an
action plan; the Vega-Lite charts as SVG (vl-convert), in Dutch or English."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment

# The report's own font (report.html's CSS): Vega sizes a chart by measuring its labels, and
# WeasyPrint draws them; measured in vl-convert's default sans-serif (Liberation Sans, narrower)
# and drawn in DejaVu Sans, the longest label ran past the chart's left edge and was cut off
# (issue 14).
FONT = "DejaVu Sans"


def svg(spec: dict) -> str:
    """A Vega-Lite chart as an SVG string, drawn without a browser and without network, its text
    measured in the font the PDF draws it in."""
    import vl_convert  # imported where a chart is drawn, as WeasyPrint below

    fixed = {**spec, "width": 480, "config": {**spec.get("config", {}), "font": FONT}}
    return vl_convert.vegalite_to_svg(fixed)


def render(stored: Assessment, language: str, context_of: Callable) -> bytes:
    """The report for ``stored`` in ``language`` as PDF bytes."""
    with translation.override(language):
        result = services.result_of(stored)
        context = context_of(stored, result)
        context["chart_svgs"] = {
            name: mark_safe(svg(spec))  # our own SVG, from our own spec
            for name, spec in context["charts"].items()
        }
        context["printed_at"] = timezone.localtime()
        context["language"] = language
        html = render_to_string("guidance/report.html", context)
    import weasyprint  # a second to import: only where a PDF is made, not with the URLs

    return weasyprint.HTML(string=html).write_pdf()
