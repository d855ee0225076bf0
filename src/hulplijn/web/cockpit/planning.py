"""The plan-impact page (``/beleid/plan/``) and the tables and charts it shares with the scenario
pages: every number comes from ``hulplijn.plan`` (impact, macro); this module only lays the
results out as cockpit tables (page and CSV/XLSX export from one object) and Vega-Lite specs.

Units: € bn as in the plan model; ROI as a fraction (the table shows it as a percentage).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.plan import impact, macro
from hulplijn.plan.assumptions import BOUNDS, PlanAssumptions, as_assumptions
from hulplijn.plan.measures import KNOWN_GAPS
from hulplijn.plan.results import Figures, MeasureResult, PlanResult
from hulplijn.reference import params
from hulplijn.web.cockpit.tables import Column, Table, exported
from hulplijn.web.roles import policy_required

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"

# --- the model's inputs, loaded once ---------------------------------------------------------


@cache
def assumptions() -> PlanAssumptions:
    """plan_assumptions.yaml, validated by the plan model (read-only)."""
    return as_assumptions(params.plan_assumptions())


@cache
def baseline() -> PlanResult:
    """The plan under the report's assumptions (deterministic, so computed once)."""
    return impact.run(assumptions())


def macro_defaults() -> dict[str, Any]:
    """The macro assumptions of macro.yaml (name -> value)."""
    return dict(params.macro()["assumptions"])


def macro_assumptions(overrides: Mapping[str, Any] | None = None) -> macro.MacroAssumptions:
    """macro.yaml's assumptions with a scenario's overrides (raises ValueError / KeyError)."""
    return macro.MacroAssumptions.from_mapping({**macro_defaults(), **dict(overrides or {})})


def dutch() -> bool:
    """Whether the page is Dutch (the default language): then the reference data's Dutch texts
    show, otherwise the English ones."""
    return (get_language() or "nl").startswith("nl")


def in_language(spec: Any, field: str) -> Any:
    """A bilingual text of the reference data in the page's language, Dutch first: ``field`` is
    Dutch with ``<field>_en`` in English (``label``, ``name``), or ``field`` is English with
    ``<field>_nl`` in Dutch (``unit``). Falls back to ``field`` when the other is missing."""
    get = spec.get if isinstance(spec, Mapping) else lambda key: getattr(spec, key, None)
    other = get(f"{field}_nl") if dutch() else get(f"{field}_en")
    return other or get(field)


def measure_name(measure_id: str) -> str:
    return in_language(assumptions().measures[measure_id], "name")


def measure_label(measure_id: str) -> str:
    return f"{measure_id} {measure_name(measure_id)}"


def bound_label(bound: str) -> str:
    return {"min": _("min"), "mid": _("mid"), "max": _("max")}[bound]


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def finite(x: Any) -> float | None:
    """A float for a table cell; infinite or undefined (ROI without investment) is None."""
    x = float(x)
    return x if math.isfinite(x) else None


def nl(x: float, decimals: int = 2) -> str:
    """A number for a sentence, in the page's language."""
    return numbers.number(x, get_language(), decimals)


# --- per-measure tables ------------------------------------------------------------------------


def measure_table(result: PlanResult, slug: str = "maatregelen", title: str | None = None) -> Table:
    """Per measure and estimate (min / mid / max): investment, value added 2025, cumulative
    contribution, government revenue, ROI and jobs; then the totals (sums of the measures)."""
    columns = (
        Column("measure", _("Measure")),
        Column("bound", _("Estimate")),
        Column("start_year", _("Start year")),
        Column("investment_total", _("Investment 2021–2025 (€ bn)"), "number"),
        Column("va_2025", _("Value-added growth 2021–2025 = contribution 2025 (€ bn)"), "number"),
        Column("cumulative", _("Contribution summed over 2021–2025 (€ bn)"), "number"),
        Column("revenue_total", _("Government revenue 2021–2025 (€ bn)"), "number"),
        Column("roi", _("ROI (revenue / investment)"), "share"),
        Column("jobs", _("Extra jobs"), "int"),
    )
    rows: list[dict[str, Any]] = []

    def add(label: str, figures: Figures, start_year: int | None) -> None:
        for k, bound in enumerate(BOUNDS):
            rows.append(
                {
                    "measure": label,
                    "bound": bound_label(bound),
                    "start_year": None if start_year is None else str(start_year),
                    "investment_total": float(figures.investment_total[k]),
                    "va_2025": float(figures.va_2025[k]),
                    "cumulative": float(figures.cumulative_contribution[k]),
                    "revenue_total": float(figures.revenue_total[k]),
                    "roi": finite(figures.roi[k]),
                    "jobs": None,  # the report gives no jobs per measure
                }
            )

    for m in result.measures:
        add(measure_label(m.id), m.figures, m.start_year)
    add(_("Total"), result.total, None)
    note = _(
        "min evaluates every assumption at its lower bound, max at its upper bound; the ROI's min "
        "is the lowest revenue over the highest investment (as the report's 250–500%%). A dash: no "
        "investment at the low end (ROI undefined), or no jobs: the report gives jobs only for "
        "the plan as a whole (about %(jobs)s in 2025, from the macro projection below)."
    ) % {"jobs": nl(result.jobs_2025_report or 0, 0)}
    return Table(slug, title or _("Plan measures 2021–2025"), columns, rows, note)


def reproduction_table(result: PlanResult) -> Table:
    """Each measure's value added 2025 and investment against the report's range and midpoint."""
    columns = (
        Column("measure", _("Measure")),
        Column("verdict", _("Reproduced?")),
        Column("va_2025", _("Value added 2025, ours (mid, € bn)"), "number"),
        Column("va_low", _("Report: low"), "number"),
        Column("va_high", _("Report: high"), "number"),
        Column("va_report", _("Report: midpoint table"), "number"),
        Column("va_difference", _("Difference from the report's midpoint"), "number"),
        Column("investment", _("Investment 2021–2025, ours (mid, € bn)"), "number"),
        Column("inv_low", _("Report: low"), "number"),
        Column("inv_high", _("Report: high"), "number"),
        Column("inv_report", _("Report: midpoint table"), "number"),
        Column("inv_difference", _("Difference from the report's midpoint"), "number"),
        Column("profile", _("Yearly profile as the report's table")),
        Column("note", _("Why it differs")),
    )
    rows = []
    for m in result.measures:
        r, rep, f = m.reproduction, m.report, m.figures
        va, inv = float(f.va_2025[1]), float(f.investment_total[1])
        va_diff, inv_diff = va - rep.va_growth_total, inv - rep.investment_total
        if r.reproduced:
            verdict = _("reproduced")
        else:
            outside = []
            for ours, low, high, what in (
                (va, rep.va_2025.min, rep.va_2025.max, _("value added 2025")),
                (inv, rep.investment_range.min, rep.investment_range.max, _("investment")),
            ):
                if ours > high:
                    outside.append(
                        _("%(what)s %(diff)s above the report's range")
                        % {"what": what, "diff": nl(ours - high)}
                    )
                elif ours < low:
                    outside.append(
                        _("%(what)s %(diff)s below the report's range")
                        % {"what": what, "diff": nl(low - ours)}
                    )
            verdict = _("not reproduced (%(differences)s)") % {"differences": "; ".join(outside)}
        rows.append(
            {
                "measure": measure_label(m.id),
                "verdict": verdict,
                "va_2025": va,
                "va_low": rep.va_2025.min,
                "va_high": rep.va_2025.max,
                "va_report": rep.va_growth_total,
                "va_difference": va_diff,
                "investment": inv,
                "inv_low": rep.investment_range.min,
                "inv_high": rep.investment_range.max,
                "inv_report": rep.investment_total,
                "inv_difference": inv_diff,
                "profile": yes_no(r.profile_matches),
                "note": reproduction_note(m),
            }
        )
    note = _(
        "A measure is reproduced when our mid value added in 2025 and our mid investment "
        "2021–2025 both lie in the report's range (appendix 2/3 and 3/3). The yearly profile "
        "compares our mid per year with the report's midpoint table to one decimal. The "
        "derivations are in docs/reference/plan-model.md."
    )
    return Table("reproductie", _("Each measure against the report"), columns, rows, note)


def reproduction_note(m: MeasureResult) -> str:
    """The model's explanation why a measure does not (fully) reproduce. The plan model writes it
    in English (``measures.KNOWN_GAPS``); a Dutch page shows its Dutch from plan_assumptions.yaml
    (``reproduction_note_nl``). Any other note (a scenario's) stays as the model wrote it."""
    note = m.reproduction.note or ""
    if note and dutch() and note == KNOWN_GAPS.get(m.key):
        return getattr(assumptions().measures[m.id], "reproduction_note_nl", None) or note
    return note


def financing_source_label(key: str) -> str:
    return in_language(assumptions().financing_sources[key], "label")


def financing_group_label(group: str) -> str:
    plan = assumptions()
    english = {} if dutch() else (getattr(plan, "financing_groups_en", None) or {})
    return english.get(group) or plan.financing_groups[group]


# --- totals and their checks -------------------------------------------------------------------

CHECK_LABELS = {
    "va_2025": gettext_noop("Value added 2025"),
    "investment_total": gettext_noop("Investment 2021–2025"),
    "revenue_total": gettext_noop("Government revenue 2021–2025"),
    "roi": gettext_noop("ROI"),
    "cumulative_contribution": gettext_noop("Contribution summed over 2021–2025"),
    "contribution_per_year": gettext_noop("Contribution"),
    "va_growth_per_year": gettext_noop("Value-added growth"),
    "investment_per_year": gettext_noop("Investment"),
}


def check_label(name: str) -> str:
    base, _sep, year = name.partition(":")
    label = _(CHECK_LABELS.get(base, base))
    return f"{label} {year}" if year else label


def with_unit(name: str) -> str:
    """A total's label with its unit: ROI in %, everything else in € bn."""
    return check_label(name) + (" (%)" if name == "roi" else " (" + _("€ bn") + ")")


def _total_band(total: Figures, name: str) -> np.ndarray | None:
    base, _sep, year = name.partition(":")
    if not year:
        return getattr(total, base, None)
    k = total.years.index(int(year))
    series = {
        "contribution_per_year": total.contribution,
        "va_growth_per_year": total.va_growth,
        "investment_per_year": total.investment,
    }.get(base)
    return None if series is None else series[:, k]


def totals_table(result: PlanResult) -> Table:
    """The totals (sums of the measures) against the report's ranges."""
    columns = (
        Column("figure", _("Figure")),
        Column("min", _("Ours: min"), "number"),
        Column("mid", _("Ours: mid"), "number"),
        Column("max", _("Ours: max"), "number"),
        Column("low", _("Report: low"), "number"),
        Column("high", _("Report: high"), "number"),
        Column("within", _("Mid within the report's range")),
    )
    rows = []
    for c in result.checks:
        band = _total_band(result.total, c.name)
        scale = 100 if c.name == "roi" else 1  # ROI in percent

        def scaled(x: Any, scale: int = scale) -> float | None:
            return None if x is None or finite(x) is None else float(x) * scale

        rows.append(
            {
                "figure": with_unit(c.name),
                "min": None if band is None else scaled(band[0]),
                "mid": scaled(c.ours),
                "max": None if band is None else scaled(band[2]),
                "low": scaled(c.low),
                "high": scaled(c.high),
                "within": yes_no(c.ok),
            }
        )
    note = _(
        "Every total is the sum of the ten measures (the plan model refuses to return totals that "
        "do not add up); ROI in percent. Reproduced overall (value added 2025, investment, "
        "revenue and ROI within the report's ranges): %(verdict)s."
    ) % {"verdict": yes_no(result.reproduced)}
    return Table("totalen", _("Totals against the report"), columns, rows, note)


def sums_table(result: PlanResult) -> Table:
    """The totals recomputed from the measures on this page: the difference must be 0."""
    columns = (
        Column("figure", _("Figure (mid, € bn)")),
        Column("sum", _("Sum of the measures"), "number"),
        Column("total", _("Total of the model"), "number"),
        Column("difference", _("Difference"), "number"),
    )
    parts = [m.figures for m in result.measures]
    items: list[tuple[str, float, float]] = [
        (
            _("Investment 2021–2025"),
            sum(float(f.investment_total[1]) for f in parts),
            float(result.total.investment_total[1]),
        ),
        (
            _("Value added 2025"),
            sum(float(f.va_2025[1]) for f in parts),
            float(result.total.va_2025[1]),
        ),
        (
            _("Government revenue 2021–2025"),
            sum(float(f.revenue_total[1]) for f in parts),
            float(result.total.revenue_total[1]),
        ),
    ]
    for k, year in enumerate(result.years):
        items.append(
            (
                _("Contribution %(year)s") % {"year": year},
                sum(float(f.contribution[1][k]) for f in parts),
                float(result.total.contribution[1][k]),
            )
        )
    rows = [{"figure": label, "sum": s, "total": t, "difference": s - t} for label, s, t in items]
    return Table("optelling", _("The totals add up"), columns, rows)


# --- yearly contributions ----------------------------------------------------------------------

QUANTITY_LABELS = {
    "contribution": gettext_noop("Contribution to value added (level in the year)"),
    "va_growth": gettext_noop("Additional value-added growth"),
    "investment": gettext_noop("Investment"),
    "revenue": gettext_noop("Government revenue (half of the contribution)"),
}


def quantity_label(quantity: str) -> str:
    return _(QUANTITY_LABELS[quantity])


def yearly_table(
    result: PlanResult, quantity: str = "contribution", slug: str = "per-jaar"
) -> Table:
    """One quantity per measure, estimate and year, and the total."""
    years = result.years
    columns = (
        Column("measure", _("Measure")),
        Column("bound", _("Estimate")),
        *(Column(str(y), str(y), "number") for y in years),
    )
    rows = []
    for label, figures in [
        *((measure_label(m.id), m.figures) for m in result.measures),
        (_("Total"), result.total),
    ]:
        series = getattr(figures, quantity)
        for k, bound in enumerate(BOUNDS):
            row: dict[str, Any] = {"measure": label, "bound": bound_label(bound)}
            row.update({str(y): float(series[k][i]) for i, y in enumerate(years)})
            rows.append(row)
    title = _("%(quantity)s per measure and year (€ bn)") % {"quantity": quantity_label(quantity)}
    return Table(slug, title, columns, rows)


def stacked_chart(result: PlanResult, quantity: str = "contribution") -> dict[str, Any]:
    values = [
        {"measure": measure_label(m.id), "year": str(y), "value": round(float(v), 4)}
        for m in result.measures
        for y, v in zip(result.years, getattr(m.figures, quantity)[1], strict=True)
    ]
    return {
        "$schema": VEGA_LITE,
        "description": _("%(quantity)s per year, stacked by measure (mid, € bn)")
        % {"quantity": quantity_label(quantity)},
        "width": "container",
        "height": 300,
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("Year")},
            "y": {
                "field": "value",
                "type": "quantitative",
                "aggregate": "sum",
                "title": _("€ bn (mid)"),
            },
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": _("Measure"),
                "legend": {"labelLimit": 260},
            },
            "tooltip": [{"field": "measure"}, {"field": "year"}, {"field": "value"}],
        },
    }


# --- financing ---------------------------------------------------------------------------------


def financing_table(result: PlanResult) -> Table:
    """Investment per financing source and year (mid), with the 2021–2025 total (min/mid/max)."""
    plan = assumptions()
    years = result.years
    columns = (
        Column("source", _("Source")),
        Column("group", _("Group")),
        *(Column(str(y), str(y), "number") for y in years),
        Column("total_min", _("2021–2025 min"), "number"),
        Column("total_mid", _("2021–2025 mid"), "number"),
        Column("total_max", _("2021–2025 max"), "number"),
    )
    rows = []

    def add(label: str, group: str, series: np.ndarray) -> None:
        row: dict[str, Any] = {"source": label, "group": group}
        row.update({str(y): float(series[1][i]) for i, y in enumerate(years)})
        totals = series.sum(axis=1)
        row.update(
            total_min=float(totals[0]), total_mid=float(totals[1]), total_max=float(totals[2])
        )
        rows.append(row)

    for key, spec in plan.financing_sources.items():
        add(
            financing_source_label(key),
            financing_group_label(spec.group),
            result.total.financing[key],
        )
    for group, series in result.group_financing().items():
        add(_("Group total"), financing_group_label(group), series)
    add(_("Total"), "", result.total.investment)
    note = _(
        "Each measure's investment split by its financing shares (plan_assumptions.yaml, with the "
        "slides' lines); the sources add up to the investment."
    )
    return Table(
        "financiering", _("Financing per source and year (mid, € bn)"), columns, rows, note
    )


def financing_checks_table(result: PlanResult) -> Table:
    columns = (
        Column("item", _("Period and source")),
        Column("ours", _("Ours (mid, € bn)"), "number"),
        Column("low", _("Report: low"), "number"),
        Column("high", _("Report: high"), "number"),
        Column("within", _("Within the report's range")),
    )
    plan = assumptions()
    rows = []
    for c in result.financing_checks:
        period, _sep, key = c.name.partition(":")
        if key in plan.financing_groups:
            what = financing_group_label(key)
        elif key in plan.financing_sources:
            what = financing_source_label(key)
        else:
            what = _("total")
        rows.append(
            {
                "item": f"{period}: {what}",
                "ours": c.ours,
                "low": c.low,
                "high": c.high,
                "within": yes_no(c.ok),
            }
        )
    return Table("financiering-rapport", _("Financing against the report's slides"), columns, rows)


# --- the macro projection ----------------------------------------------------------------------


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


# --- the page ----------------------------------------------------------------------------------


def plan_page(result: PlanResult | None = None) -> dict[str, Any]:
    result = result or baseline()
    view = macro_view()
    tables: dict[str, Table] = {
        "measures": measure_table(result),
        "reproduction": reproduction_table(result),
        "totals": totals_table(result),
        "sums": sums_table(result),
        "yearly": yearly_table(result),
        "financing": financing_table(result),
        "financing_checks": financing_checks_table(result),
        "macro": view["table"],
        "macro_headline": view["headline"],
    }
    reproduced = [m.id for m in result.measures if m.reproduction.reproduced]
    return {
        "result": result,
        "tables": tables,
        "charts": {"stacked": stacked_chart(result), "macro": view["chart"]},
        "reproduced": reproduced,
        "not_reproduced": [m.id for m in result.measures if not m.reproduction.reproduced],
        "va_2025": [float(x) for x in result.total.va_2025],
        "section": "plan",
    }


@policy_required
def plan(request: HttpRequest) -> HttpResponse:
    context = plan_page()
    download = exported(request, list(context["tables"].values()))
    if download is not None:
        return download
    return render(request, "cockpit/plan.html", context)
