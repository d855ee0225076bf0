"""Where the plan's headline comes from (#16), for the CLI (``plan run --explain``) and the API
(``explain``): extra value added in 2025 as the sum of the measures, and per measure its formula,
its assumptions (range, unit, the report's section: ``plan.citations``) and its results. The
cockpit's plan page shows the same (``web.cockpit.services.trace``).

Pure: no Django, no files.
"""

from __future__ import annotations

from typing import Any

from hulplijn.core.text import language_of
from hulplijn.plan.assumptions import Param, PlanAssumptions
from hulplijn.plan.citations import cite
from hulplijn.plan.results import PlanResult

GENERAL = ("firms", "value_added", "employees", "flowback_share")


def _param(name: str, p: Param, language: str) -> dict[str, Any]:
    unit = getattr(p, "unit_nl", None) if language == "nl" else p.unit
    return {
        "name": name,
        "label": p.label,
        "min": p.min,
        "mid": p.mid,
        "max": p.max,
        "unit": unit or p.unit,
        "source": cite(p.source, language),
    }


def explain(
    plan: PlanAssumptions, result: PlanResult, language: str | None = "nl"
) -> dict[str, Any]:
    """The derivation of ``result``'s value added 2025 under ``plan``'s assumptions: the total
    as the sum of the measures (min, mid, max, € bn), each measure's formula, assumptions and
    results, and the general assumptions."""
    lang = language_of(language)
    measures = []
    for m in result.measures:
        spec = plan.measures[m.id]
        measures.append(
            {
                "id": m.id,
                "name": m.name,
                "start_year": m.start_year,
                "formula": cite(getattr(spec, "formula", "") or "", lang),
                "assumptions": [_param(n, p, lang) for n, p in spec.params.items()],
                "va_2025": [float(x) for x in m.figures.va_2025],
                "investment_total": [float(x) for x in m.figures.investment_total],
            }
        )
    return {
        "figure": "va_2025",
        "rule": "sum of the measures' value added in 2025 (min, mid, max; EUR bn)",
        "total": [float(x) for x in result.total.va_2025],
        "measures": measures,
        "general": [_param(n, getattr(plan.general, n), lang) for n in GENERAL],
        "dropped": list(result.dropped),
    }


__all__ = ["explain"]
