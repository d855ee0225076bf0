"""The plan-impact page (``/beleid/plan/``) and the tables and charts it shares with the scenario
pages: every number comes from ``hulplijn.plan.impact``; this module only lays the results out
as cockpit tables (page and CSV/XLSX export from one object) and Vega-Lite specs.

Units: € bn as in the plan model; ROI as a fraction (the table shows it as a percentage).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.plan import impact, measures
from hulplijn.plan.assumptions import BOUNDS, PlanAssumptions, Reach, as_assumptions
from hulplijn.plan.citations import cite
from hulplijn.plan.results import Check, Figures, MeasureResult, PlanResult
from hulplijn.reference import params
from hulplijn.web.cockpit.services.common import (
    VEGA_LITE,
    bound_label,
    dutch,
    finite,
    in_language,
    nl,
    scaled,
    yes_no,
)
from hulplijn.web.cockpit.services.macro import macro_view
from hulplijn.web.cockpit.tables import Column, Table

# --- the model's inputs, loaded once ---------------------------------------------------------


@cache
def assumptions() -> PlanAssumptions:
    """plan_assumptions.yaml, validated by the plan model (read-only)."""
    return as_assumptions(params.plan_assumptions())


@cache
def baseline() -> PlanResult:
    """The plan under the report's assumptions (deterministic, so computed once)."""
    return impact.run(assumptions())


def measure_name(measure_id: str) -> str:
    return in_language(assumptions().measures[measure_id], "name")


def measure_label(measure_id: str) -> str:
    return f"{measure_id} {measure_name(measure_id)}"


# --- per-measure tables ------------------------------------------------------------------------


def measure_table(result: PlanResult, slug: str = "maatregelen", title: str | None = None) -> Table:
    """Per measure and estimate (min / mid / max): investment, value added 2025, cumulative
    contribution, government revenue, ROI and jobs; then the totals (sums of the measures)."""
    columns = (
        Column("measure", _("Measure")),
        Column("bound", _("Estimate")),
        Column("start_year", _("Start year")),
        Column("investment_total", _("Investment 2021–2025 (€ bn)"), "bn"),
        Column("va_2025", _("Value-added growth 2021–2025 = contribution 2025 (€ bn)"), "bn"),
        Column("cumulative", _("Contribution summed over 2021–2025 (€ bn)"), "bn"),
        Column("revenue_total", _("Government revenue 2021–2025 (€ bn)"), "bn"),
        Column("roi", _("ROI (revenue / investment)"), "roi"),
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


CONFIDENCE_LABELS = {
    "high": gettext_noop("high"),
    "medium": gettext_noop("medium"),
    "low": gettext_noop("low"),
}


def reach_row(label: str, reach: Reach | None) -> dict[str, Any]:
    """One row of the maximum-reach table: the report's range of firms, whether it is all of
    them, and how sure the reading is, citing the report by slide."""
    if reach is None:
        return {"measure": label, "low": None, "high": None, "all": "", "confidence": None}
    return {
        "measure": label,
        "low": reach.min,
        "high": reach.max,
        "all": _("all SMEs") if reach.all_firms else "",
        "confidence": _(CONFIDENCE_LABELS[reach.confidence]),
        "source": cite(reach.source, get_language()),
    }


def reach_table(result: PlanResult) -> Table:
    """The report's maximum reach beside each measure (the slide "Er is geen 'silver bullet'"),
    and the plan's; a reading of a scrambled column, so its confidence is said."""
    columns = (
        Column("measure", _("Measure")),
        Column("low", _("Maximum reach: low (firms)"), "int"),
        Column("high", _("Maximum reach: high (firms)"), "int"),
        Column("all", _("All firms")),
        Column("confidence", _("Confidence of the reading")),
        Column("source", _("Source")),
    )
    total = assumptions().report_totals.get("max_reach")
    rows = [
        *(reach_row(measure_label(m.id), m.report.max_reach) for m in result.measures),
        reach_row(_("The plan as a whole"), None if total is None else Reach.model_validate(total)),
    ]
    note = _(
        "The report gives each measure's maximum reach on the slide “Er is geen ‘silver "
        "bullet’” in thousands of SMEs, not counting the self-employed without staff. Its text "
        "does not say which value belongs to which measure: each row is read from the "
        "measure's target segments and the share of firms in them (confidence: medium, "
        "decision 0035). Treat it as an indication. Measures are counted separately: firms "
        "reached by several measures count in each."
    )
    return Table("bereik", _("Maximum reach per measure (the report)"), columns, rows, note)


def _against_report(key: str, prefix: str, ours: str) -> tuple[Column, ...]:
    """Our mid figure, the report's range and midpoint, and our difference from that midpoint."""
    return (
        Column(key, ours, "bn"),
        Column(f"{prefix}_low", _("Report: low"), "bn"),
        Column(f"{prefix}_high", _("Report: high"), "bn"),
        Column(f"{prefix}_report", _("Report: midpoint table"), "bn"),
        Column(f"{prefix}_difference", _("Difference from the report's midpoint"), "bn"),
    )


def _report_cells(
    key: str, prefix: str, ours: float, low: float, high: float, midpoint: float
) -> dict[str, float]:
    return {
        key: ours,
        f"{prefix}_low": low,
        f"{prefix}_high": high,
        f"{prefix}_report": midpoint,
        f"{prefix}_difference": ours - midpoint,
    }


def _outside(ours: float, low: float, high: float, what: str) -> str | None:
    """How far ``ours`` lies outside the report's range ``low``-``high``, or None within it."""
    if ours > high:
        return _("%(what)s %(diff)s above the report's range") % {
            "what": what,
            "diff": nl(ours - high),
        }
    if ours < low:
        return _("%(what)s %(diff)s below the report's range") % {
            "what": what,
            "diff": nl(low - ours),
        }
    return None


def reproduction_table(result: PlanResult) -> Table:
    """Each measure's value added 2025 and investment against the report's range and midpoint."""
    columns = (
        Column("measure", _("Measure")),
        Column("verdict", _("Reproduced?")),
        *_against_report("va_2025", "va", _("Value added 2025, ours (mid, € bn)")),
        *_against_report("investment", "inv", _("Investment 2021–2025, ours (mid, € bn)")),
        Column("profile", _("Yearly profile as the report's table")),
    )
    rows = []
    for m in result.measures:
        r, rep, f = m.reproduction, m.report, m.figures
        va = (float(f.va_2025[1]), rep.va_2025.min, rep.va_2025.max)
        inv = (float(f.investment_total[1]), rep.investment_range.min, rep.investment_range.max)
        if r.reproduced:
            verdict = _("reproduced")
        else:
            outside = [_outside(*va, _("value added 2025")), _outside(*inv, _("investment"))]
            verdict = _("not reproduced (%(differences)s)") % {
                "differences": "; ".join(o for o in outside if o)
            }
        rows.append(
            {
                "measure": measure_label(m.id),
                "verdict": verdict,
                **_report_cells("va_2025", "va", *va, rep.va_growth_total),
                **_report_cells("investment", "inv", *inv, rep.investment_total),
                "profile": yes_no(r.profile_matches),
            }
        )
    note = _(
        "A measure is reproduced when our mid value added in 2025 and our mid investment "
        "2021–2025 both lie in the report's range (appendix 2/3 and 3/3). The yearly profile "
        "compares our mid per year with the report's midpoint table to one decimal. Why a "
        "measure differs is written above the table."
    )
    return Table("reproductie", _("Each measure against the report"), columns, rows, note)


def reproduction_notes(result: PlanResult) -> list[dict[str, Any]]:
    """Each measure with an explanation, as readable text beside the verdict: its label,
    whether it reproduces, and why it (partly) differs."""
    return [
        {
            "label": measure_label(m.id),
            "reproduced": m.reproduction.reproduced,
            "note": reproduction_note(m),
        }
        for m in result.measures
        if reproduction_note(m)
    ]


def reproduction_note(m: MeasureResult) -> str:
    """The model's explanation why a measure does not (fully) reproduce. The plan model writes it
    in English (``measures.KNOWN_GAPS``); a Dutch page shows its Dutch from plan_assumptions.yaml
    (``reproduction_note_nl``). Any other note (a scenario's) stays as the model wrote it."""
    notes = {k: getattr(v, "reproduction_note_nl", None) for k, v in assumptions().measures.items()}
    return measures.reproduction_note(m, notes, dutch())


def financing_source_label(key: str) -> str:
    return in_language(assumptions().financing_sources[key], "label")


def financing_group_label(group: str) -> str:
    plan = assumptions()
    english = {} if dutch() else (getattr(plan, "financing_groups_en", None) or {})
    return english.get(group) or plan.financing_groups[group]


# --- totals and their checks -------------------------------------------------------------------

HEADLINE = ("va_2025", "cumulative_contribution", "investment_total", "revenue_total", "roi")
"""Totals a scenario shows beside the baseline (labels: ``CHECK_LABELS``)."""

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


def measures_above_report(result: PlanResult) -> str:
    """The measures whose value added 2025 (mid) lies above the report's midpoint by more than
    the report's rounding (0.05), largest first: "9 (+1,79), 1 (+1,64), ..."."""
    language = get_language()
    return ", ".join(
        f"{i} (+{numbers.precise(gap, language)})" for i, gap in result.above_report_2025()
    )


def total_reason(name: str, ours: float, low: float, high: float, above: str) -> str:
    """Why a total lies outside the report's range: how far and, for value added 2025 (from
    which the yearly and summed figures follow), which measures push it up."""
    scale = 100 if name == "roi" else 1
    far = (ours - high if ours > high else low - ours) * scale
    where = (
        _("%(far)s above the report's range")
        if ours > high
        else _("%(far)s below the report's range")
    )
    text = where % {"far": numbers.precise(far, get_language())}
    if ours > high and above and name == "va_2025":  # once: the other rows follow from it
        text += "; " + _(
            "the measures above the report's own figure for 2025 (difference, € bn): "
            "%(measures)s (see why each does not reproduce)"
        ) % {"measures": above}
    return text


def totals_table(result: PlanResult, yearly: bool = False) -> Table:
    """The totals (sums of the measures) against the report's ranges: the 2021-2025 figures,
    or (``yearly``) the figures per year, which the page folds away."""
    columns = (
        Column("figure", _("Figure")),
        Column("min", _("Ours: min"), "bn"),
        Column("mid", _("Ours: mid"), "bn"),
        Column("max", _("Ours: max"), "bn"),
        Column("low", _("Report: low"), "bn"),
        Column("high", _("Report: high"), "bn"),
        Column("within", _("Mid within the report's range")),
    )
    rows = []
    reasons = []
    above = measures_above_report(result)
    for c in result.checks:
        if (":" in c.name) != yearly:
            continue
        band = _total_band(result.total, c.name)
        scale = 100 if c.name == "roi" else 1  # ROI in percent
        rows.append(
            {
                "figure": with_unit(c.name),
                "min": None if band is None else scaled(band[0], scale),
                "mid": scaled(c.ours, scale),
                "max": None if band is None else scaled(band[2], scale),
                "low": scaled(c.low, scale),
                "high": scaled(c.high, scale),
                "within": yes_no(c.ok),
            }
        )
        if not c.ok:
            reasons.append((with_unit(c.name), total_reason(c.name, c.ours, c.low, c.high, above)))
    note = _(
        "Every total is the sum of the ten measures (the plan model refuses to return totals that "
        "do not add up); ROI in percent. Reproduced overall (value added 2025, investment, "
        "revenue and ROI within the report's ranges): %(verdict)s."
    ) % {"verdict": yes_no(result.reproduced)}
    slug, title = (
        ("totalen-per-jaar", _("Totals per year against the report"))
        if yearly
        else ("totalen", _("Totals against the report"))
    )
    return Table(slug, title, columns, rows, note, extra={"reasons": reasons})


def sums_table(result: PlanResult) -> Table:
    """The totals recomputed from the measures on this page: the difference must be 0."""
    columns = (
        Column("figure", _("Figure (mid, € bn)")),
        Column("sum", _("Sum of the measures"), "bn"),
        Column("total", _("Total of the model"), "bn"),
        Column("difference", _("Difference (€ bn)"), "bn"),
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
        *(Column(str(y), str(y), "bn") for y in years),
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
        *(Column(str(y), str(y), "bn") for y in years),
        Column("total_min", _("2021–2025 min"), "bn"),
        Column("total_mid", _("2021–2025 mid"), "bn"),
        Column("total_max", _("2021–2025 max"), "bn"),
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
        "Each measure's investment split by its financing shares (the report's financing "
        "slides); the sources add up to the investment."
    )
    return Table(
        "financiering", _("Financing per source and year (mid, € bn)"), columns, rows, note
    )


def financing_checks_table(result: PlanResult) -> Table:
    columns = (
        Column("item", _("Period and source")),
        Column("ours", _("Ours (mid, € bn)"), "bn"),
        Column("low", _("Report: low"), "bn"),
        Column("high", _("Report: high"), "bn"),
        Column("within", _("Within the report's range")),
    )
    plan = assumptions()
    rows = []
    reasons = []
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
        if not c.ok:
            label = f"{period}: {what} (" + _("€ bn") + ")"
            reasons.append((label, financing_reason(result, key, c)))
    return Table(
        "financiering-rapport",
        _("Financing against the report's slides"),
        columns,
        rows,
        extra={"reasons": reasons},
    )


def financing_reason(result: PlanResult, key: str, check: Check) -> str:
    """Why a financing figure lies outside the report's range: how far, and which measures
    financed from that source or group (all, for the total) have an investment outside the
    report's range themselves."""
    plan = assumptions()
    text = total_reason(key, check.ours, check.low, check.high, "")

    def feeds(measure_id: str) -> bool:
        sources = {f.source for f in plan.measures[measure_id].financing}
        if key in plan.financing_groups:
            return any(plan.financing_sources[s].group == key for s in sources)
        return key not in plan.financing_sources or key in sources

    off = [
        m.id
        for m in result.measures
        if feeds(m.id)
        and not all(c.ok for c in m.reproduction.checks if c.name == "investment_total")
    ]
    if off:
        return (
            text
            + "; "
            + _(
                "financed from it, measures whose investment lies outside the report's range: "
                "%(measures)s (see why each does not reproduce)"
            )
            % {"measures": ", ".join(off)}
        )
    return (
        text
        + "; "
        + _(
            "the measures' investment lies within the report's ranges: the difference comes from "
            "the financing shares, read from the financing slides"
        )
    )


# --- the page ----------------------------------------------------------------------------------


def plan_page(result: PlanResult | None = None) -> dict[str, Any]:
    result = result or baseline()
    view = macro_view()
    tables: dict[str, Table] = {
        "measures": measure_table(result),
        "reach": reach_table(result),
        "reproduction": reproduction_table(result),
        "totals": totals_table(result),
        "totals_yearly": totals_table(result, yearly=True),
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
        "notes": reproduction_notes(result),
        "not_reproduced": [m.id for m in result.measures if not m.reproduction.reproduced],
        "va_2025": [float(x) for x in result.total.va_2025],
        "macro_projection": view["projection"],
        "section": "plan",
    }
