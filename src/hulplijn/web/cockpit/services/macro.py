"""The macro projection of SME value added (``hulplijn.plan.macro``, the slide's assumptions in
macro.yaml) as the plan page and a scenario show it: tables, the chart, a scenario's own
assumptions against the report's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from hulplijn.core import numbers
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
        Column("baseline", _("CPB baseline (€ bn)"), "number"),  # a level, as the slide: 210.33
        Column(
            "plan", _("With targeted stimulus (€ bn)"), "number"
        ),  # a level, as the slide: 210.33
        Column("gap", _("Extra value added (€ bn)"), "bn"),
        Column("jobs_effect", _("of which jobs"), "bn"),
        Column("koplopers_effect", _("of which leaders' productivity"), "bn"),
        Column("peloton_effect", _("of which peloton"), "bn"),
        Column(
            "mlt", _("CPB medium-term outlook Nov 2019 (€ bn)"), "number"
        ),  # a level, as the slide: 210.33
        Column("baseline_jobs", _("Jobs, baseline"), "int"),
        Column("extra_jobs", _("Extra jobs"), "int"),
        Column("government_revenue", _("Extra government revenue (€ bn)"), "bn"),
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
        "SME value added excl. sole traders, with the assumptions of the report's macro slide; "
        "the extra value added splits into jobs, leaders and peloton, which add up to it."
    )
    return Table(slug, _("Macro projection of SME value added"), columns, rows, note)


MISS_REASONS = {
    "gap_2025": gettext_noop(
        "Read literally, the slide's assumptions give more than € 30 bn: at full effect the "
        "peloton alone adds 12% of about € 211 bn (€ 25 bn) and the jobs about € 11 bn. The "
        "slide's range is reached only if the peloton's gain comes very late."
    ),
    "government_revenue_2025": gettext_noop(
        "Half the extra value added (the report's 50% rule), so above for the same reason."
    ),
    "extra_jobs_2025": gettext_noop(
        "The slide's own job assumption (+2 points, then +1 point a year: about 5.1%) gives about "
        "139,000 jobs; the report's ~300,000 probably comes from the bottom-up plan, not from "
        "this slide."
    ),
}
"""Why a headline figure of the macro slide is not met under the report's own assumptions
(docs/reference/prioritisation-and-macro.md, "What does not reproduce, and why")."""


def miss_reason(name: str, model: float, low: float, high: float, default: bool) -> str:
    """Why the model's figure lies outside the slide's range: how far, and, under the report's
    own assumptions (``default``), the known reason."""
    if low <= model <= high:
        return ""
    value = round(model) if name == "extra_jobs_2025" else model
    far = value - high if value > high else low - value
    shown = (
        numbers.count(round(far), get_language())
        if name == "extra_jobs_2025"
        else numbers.precise(far, get_language())
    )
    where = _("%(far)s above the range") if value > high else _("%(far)s below the range")
    text = where % {"far": shown}
    if default and name in MISS_REASONS:
        text += ". " + _(MISS_REASONS[name])
    elif not default:
        text += ". " + _("This scenario's macro assumptions differ from the report's.")
    return text


def headline_table(
    projection: macro.MacroProjection, slug: str = "macro-kerncijfers", *, default: bool = True
) -> Table:
    """The macro model against the slide's headline figures; each "no" says why (``default``:
    the report's own macro assumptions)."""
    columns = (
        Column("figure", _("Figure")),
        Column("model", _("Model"), "bn"),
        Column("low", _("Report: low"), "bn"),
        Column("high", _("Report: high"), "bn"),
        Column("within", _("Within the report's range")),
    )
    headline = params.macro()["headline"]
    checks = macro.compare_headline(projection, headline)

    def label(c: macro.HeadlineCheck) -> str:
        return c.label if dutch() else str(headline[c.name]["label_en"])

    rows = [
        {
            "figure": label(c),
            "model": round(c.model) if c.name == "extra_jobs_2025" else c.model,
            "low": c.low,
            "high": c.high,
            "within": yes_no(c.within),
        }
        for c in checks
    ]
    reasons = [
        (label(c), miss_reason(c.name, c.model, c.low, c.high, default))
        for c in checks
        if not c.within
    ]
    return Table(
        slug,
        _("Macro projection against the slide's headline figures"),
        columns,
        rows,
        extra={"reasons": reasons},
    )


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
        "headline": headline_table(projection, "macro-kerncijfers" + suffix, default=not overrides),
        "chart": macro_chart(projection),
    }


def macro_comparison_table(base: macro.MacroProjection, variant: macro.MacroProjection) -> Table:
    columns = (
        Column("year", _("Year")),
        Column("baseline_gap", _("Extra value added, report's assumptions (€ bn)"), "bn"),
        Column("scenario_gap", _("Extra value added, scenario (€ bn)"), "bn"),
        Column("difference", _("Difference (€ bn)"), "bn"),
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
