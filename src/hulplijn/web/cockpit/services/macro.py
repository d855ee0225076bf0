"""The macro projection of SME value added (``hulplijn.plan.macro``, the slide's assumptions in
macro.yaml) as the plan page and a scenario show it: tables, the chart, a scenario's own
assumptions against the report's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from hulplijn.plan import macro
from hulplijn.reference import params
from hulplijn.web.cockpit.services.common import VEGA_LITE, dutch, yes_no
from hulplijn.web.cockpit.tables import Column, Table


def macro_defaults() -> dict[str, Any]:
    """The macro assumptions of macro.yaml (name -> value)."""
    return dict(params.macro()["assumptions"])


def macro_assumptions(overrides: Mapping[str, Any] | None = None) -> macro.MacroAssumptions:
    """macro.yaml's assumptions with a scenario's overrides (raises ValueError / KeyError)."""
    return macro.MacroAssumptions.from_mapping({**macro_defaults(), **dict(overrides or {})})


def macro_table(projection: macro.MacroProjection, slug: str = "macro") -> Table:
    columns = (
        Column("year", _("Year")),
        Column("baseline", _("CPB baseline (€ bn)"), "number"),
        Column("plan", _("With targeted stimulus (€ bn)"), "number"),
        Column("gap", _("Extra value added (€ bn)"), "number"),
        Column("jobs_effect", _("of which jobs"), "number"),
        Column("koplopers_effect", _("of which leaders' productivity"), "number"),
        Column("peloton_effect", _("of which peloton"), "number"),
        Column("mlt", _("CPB medium-term outlook Nov 2019 (€ bn)"), "number"),
        Column("baseline_jobs", _("Jobs, baseline"), "int"),
        Column("extra_jobs", _("Extra jobs"), "int"),
        Column("government_revenue", _("Extra government revenue (€ bn)"), "number"),
    )
    rows = [
        {
            "year": str(y.year),
            "baseline": y.baseline,
            "plan": y.plan,
            "gap": y.gap,
            "jobs_effect": y.jobs_effect,
            "koplopers_effect": y.koplopers_effect,
            "peloton_effect": y.peloton_effect,
            "mlt": y.mlt,
            "baseline_jobs": y.baseline_jobs,
            "extra_jobs": y.extra_jobs,
            "government_revenue": y.government_revenue,
        }
        for y in projection.years
    ]
    note = _(
        "SME value added excl. sole traders, the slide's assumptions (macro.yaml); the extra value "
        "added splits into jobs, leaders and peloton, which add up to it."
    )
    return Table(slug, _("Macro projection of SME value added"), columns, rows, note)


def headline_table(projection: macro.MacroProjection, slug: str = "macro-kerncijfers") -> Table:
    columns = (
        Column("figure", _("Figure")),
        Column("model", _("Model"), "number"),
        Column("low", _("Report: low"), "number"),
        Column("high", _("Report: high"), "number"),
        Column("within", _("Within the report's range")),
    )
    headline = params.macro()["headline"]
    rows = [
        {
            "figure": c.label if dutch() else headline[c.name]["label_en"],
            "model": round(c.model) if c.name == "extra_jobs_2025" else c.model,
            "low": c.low,
            "high": c.high,
            "within": yes_no(c.within),
        }
        for c in macro.compare_headline(projection, headline)
    ]
    return Table(slug, _("Macro projection against the slide's headline figures"), columns, rows)


def macro_chart(projection: macro.MacroProjection) -> dict[str, Any]:
    lines = (
        ("baseline", _("CPB baseline")),
        ("plan", _("With targeted stimulus")),
        ("mlt", _("CPB medium-term outlook Nov 2019")),
    )
    values = [
        {"year": str(y.year), "line": label, "value": round(getattr(y, key), 3)}
        for y in projection.years
        for key, label in lines
    ]
    return {
        "$schema": VEGA_LITE,
        "description": _("SME value added per year: baseline against targeted stimulus"),
        "width": "container",
        "height": 280,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("Year")},
            "y": {
                "field": "value",
                "type": "quantitative",
                "scale": {"zero": False},
                "title": _("Value added (€ bn)"),
            },
            "color": {
                "field": "line",
                "type": "nominal",
                "title": None,
                "legend": {"orient": "bottom", "labelLimit": 300},
            },
            "strokeDash": {"field": "line", "type": "nominal", "legend": None},
            "tooltip": [{"field": "line"}, {"field": "year"}, {"field": "value"}],
        },
    }


def macro_view(overrides: Mapping[str, Any] | None = None, suffix: str = "") -> dict[str, Any]:
    """Tables and chart of the macro projection under macro.yaml plus ``overrides``."""
    projection = macro.project(macro_assumptions(overrides))
    return {
        "projection": projection,
        "table": macro_table(projection, "macro" + suffix),
        "headline": headline_table(projection, "macro-kerncijfers" + suffix),
        "chart": macro_chart(projection),
    }


def macro_comparison_table(base: macro.MacroProjection, variant: macro.MacroProjection) -> Table:
    columns = (
        Column("year", _("Year")),
        Column("baseline_gap", _("Extra value added, report's assumptions (€ bn)"), "number"),
        Column("scenario_gap", _("Extra value added, scenario (€ bn)"), "number"),
        Column("difference", _("Difference"), "number"),
        Column("baseline_jobs", _("Extra jobs, report's assumptions"), "int"),
        Column("scenario_jobs", _("Extra jobs, scenario"), "int"),
    )
    rows = [
        {
            "year": str(b.year),
            "baseline_gap": b.gap,
            "scenario_gap": v.gap,
            "difference": v.gap - b.gap,
            "baseline_jobs": b.extra_jobs,
            "scenario_jobs": v.extra_jobs,
        }
        for b, v in zip(base.years, variant.years, strict=True)
    ]
    return Table(
        "macro-vergelijking",
        _("Macro projection, scenario against the report's assumptions"),
        columns,
        rows,
    )
