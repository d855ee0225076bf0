"""Where a figure of the plan page comes from (#16): the headline as the sum of the measures
(each measure's value with its link), and per measure its formula, its assumptions with their
ranges, units and sources (the report's section or slide, ``hulplijn.plan.citations``, never a
line of a text extraction) and its results. A computation tree of two levels, as tables, so it
works without JavaScript and every level can be downloaded.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.plan.assumptions import Param
from hulplijn.plan.citations import cite
from hulplijn.plan.results import PlanResult
from hulplijn.web.cockpit.services.common import dutch, in_language
from hulplijn.web.cockpit.services.plan import assumptions, measure_label
from hulplijn.web.cockpit.tables import Column, Table

GENERAL = ("firms", "value_added", "employees", "flowback_share")


def _param_row(name: str, p: Param) -> dict[str, Any]:
    label = f"{p.label} ({name})" if dutch() and p.label else name
    return {
        "assumption": label,
        "min": p.min,
        "mid": p.mid,
        "max": p.max,
        "unit": in_language(p, "unit") or "",
        "source": cite(p.source, get_language()),
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


def headline_trace(result: PlanResult) -> Table:
    """Value added 2025 = the sum of the measures' value added 2025, each at min, mid and max."""
    rows = [
        {
            "measure": measure_label(m.id),
            "min": float(m.figures.va_2025[0]),
            "mid": float(m.figures.va_2025[1]),
            "max": float(m.figures.va_2025[2]),
        }
        for m in result.measures
    ]
    rows.append(
        {
            "measure": _("Total: the headline"),
            "min": float(result.total.va_2025[0]),
            "mid": float(result.total.va_2025[1]),
            "max": float(result.total.va_2025[2]),
        }
    )
    columns = (
        Column("measure", _("Measure")),
        Column("min", _("min (€ bn)"), "bn"),
        Column("mid", _("mid (€ bn)"), "bn"),
        Column("max", _("max (€ bn)"), "bn"),
    )
    return Table(
        "herleiding",
        _("How the headline is computed: value added 2025 per measure, summed"),
        columns,
        rows,
        _(
            "The measures are quantified independently and simply added up, as in the report "
            "(appendix “Detaillering aannames” 1/3); no overlap between measures is modelled."
        ),
    )


def general_trace() -> Table:
    general = assumptions().general
    rows = [_param_row(name, getattr(general, name)) for name in GENERAL]
    return Table(
        "herleiding-algemeen",
        _("Assumptions every measure uses"),
        _param_columns(),
        rows,
    )


def measure_traces(result: PlanResult) -> list[dict[str, Any]]:
    """Per measure: its id and label, formula, assumptions (a table) and results."""
    plan = assumptions()
    traces = []
    for m in result.measures:
        spec = plan.measures[m.id]
        table = Table(
            f"herleiding-{m.id}",
            _("Assumptions of measure %(measure)s") % {"measure": measure_label(m.id)},
            _param_columns(),
            [_param_row(name, p) for name, p in spec.params.items()],
        )
        traces.append(
            {
                "id": m.id,
                "label": measure_label(m.id),
                "formula": cite(getattr(spec, "formula", "") or "", get_language()),
                "table": table,
                "va_2025": [float(x) for x in m.figures.va_2025],
                "investment": [float(x) for x in m.figures.investment_total],
                "start_year": m.start_year,
            }
        )
    return traces
