"""Where a figure of the plan or a scenario comes from (#16): the headline as the sum of the
measures, and per measure its formula, its assumptions with their ranges, units and sources (the
report's section or slide, never a line of a text extraction) and its results. The derivation is
the plan model's (``hulplijn.plan.trace.explain``, as ``plan run --explain`` and the API's
``explain`` give it); this module lays it out as tables, a computation tree of two levels that
works without JavaScript and can be downloaded level by level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.plan import scenario as plan_scenario
from hulplijn.plan import trace as plan_trace
from hulplijn.plan.results import PlanResult
from hulplijn.web.cockpit.services.common import dutch
from hulplijn.web.cockpit.services.plan import assumptions, measure_label
from hulplijn.web.cockpit.tables import Column, Table


def _param_row(a: Mapping[str, Any]) -> dict[str, Any]:
    label = f"{a['label']} ({a['name']})" if dutch() and a["label"] else a["name"]
    return {
        "assumption": label,
        "min": a["min"],
        "mid": a["mid"],
        "max": a["max"],
        "unit": a["unit"] or "",
        "source": a["source"],
    }


def _param_columns() -> tuple[Column, ...]:
    return (
        Column("assumption", _("Assumption")),
        Column("min", _("min"), "sig"),
        Column("mid", _("mid"), "sig"),
        Column("max", _("max"), "sig"),
        Column("unit", _("Unit")),
        Column("source", _("Source in the report")),
    )


def derivation(
    result: PlanResult, scenario: Mapping[str, Any] | None = None, prefix: str = "herleiding"
) -> dict[str, Any]:
    """The derivation of ``result`` (the plan, or the plan under ``scenario``) as tables: the
    headline as the sum of the measures, each measure's assumptions, the general ones."""
    plan = assumptions()
    if scenario is not None:
        plan = plan_scenario.apply(plan, scenario)[0]
    explained = plan_trace.explain(plan, result, get_language())

    def bounds(values: list[float]) -> dict[str, float]:
        return dict(zip(("min", "mid", "max"), values, strict=True))

    rows = [
        {"measure": measure_label(m["id"]), **bounds(m["va_2025"])} for m in explained["measures"]
    ]
    rows.append({"measure": _("Total: the headline"), **bounds(explained["total"])})
    headline = Table(
        prefix,
        _("How the headline is computed: value added 2025 per measure, summed"),
        (
            Column("measure", _("Measure")),
            Column("min", _("min (€ bn)"), "bn"),
            Column("mid", _("mid (€ bn)"), "bn"),
            Column("max", _("max (€ bn)"), "bn"),
        ),
        rows,
        _(
            "The measures are quantified independently and simply added up, as in the report "
            "(appendix “Detaillering aannames” 1/3); no overlap between measures is modelled."
        ),
    )
    measures = [
        {
            "id": m["id"],
            "label": measure_label(m["id"]),
            "formula": m["formula"],
            "start_year": m["start_year"],
            "va_2025": m["va_2025"],
            "investment": m["investment_total"],
            "table": Table(
                f"{prefix}-{m['id']}",
                _("Assumptions of measure %(measure)s") % {"measure": measure_label(m["id"])},
                _param_columns(),
                [_param_row(a) for a in m["assumptions"]],
            ),
        }
        for m in explained["measures"]
    ]
    general = Table(
        f"{prefix}-algemeen",
        _("Assumptions every measure uses"),
        _param_columns(),
        [_param_row(a) for a in explained["general"]],
    )
    return {"headline": headline, "measures": measures, "general": general}


def tables(trace: Mapping[str, Any]) -> dict[str, Table]:
    """The derivation's tables by a key for the page's table list (so that each exports)."""
    return {
        "trace_headline": trace["headline"],
        "trace_general": trace["general"],
        **{f"trace_{m['id']}": m["table"] for m in trace["measures"]},
    }
