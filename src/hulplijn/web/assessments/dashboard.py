"""The dashboard as data: every figure with its percentile, peer group, n and explanation, and
the Vega-Lite charts with the tables that stand in for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core import Assessment as Result
from hulplijn.core import numbers
from hulplijn.core.segment import SEGMENT_BY_CODE, SEGMENTS
from hulplijn.core.text import pick
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.reference_store import reference


def euro(x: float | None) -> str:
    """Whole euros in the page's language, "€ 16.638" / "€ 16,638" (the pages' sentences write
    "€ " in English too)."""
    return numbers.euro(x, get_language(), spaced=True)


def pct(x: float | None, signed: bool = False, decimals: int = 1) -> str:
    return numbers.percent(x, get_language(), decimals, signed=signed)


def num(x: float | None, decimals: int = 1) -> str:
    return numbers.number(x, get_language(), decimals)


@dataclass
class Figure:
    """One figure on the dashboard with everything needed to explain it."""

    key: str
    title: str
    value: str
    percentile: float | None = None
    peer: dict[str, Any] | None = None
    reason: str | None = None
    formula: str = ""
    inputs: list[tuple[str, str]] = field(default_factory=list)
    quartiles: tuple[str, str, str] | None = None


def _peer(result: Result, metric: str) -> tuple[float | None, dict[str, Any] | None, str | None]:
    bench = result.benchmark.get(metric)
    if bench is None:
        return None, None, _("not given")
    reason = pick(get_language(), bench.reason, bench.reason_en)
    if bench.peer_group is None:
        return None, None, reason
    g = bench.peer_group
    return (
        bench.percentile,
        {
            "label": pick(get_language(), g.label, g.label_en),
            "key": g.key,
            "n": g.n,
            "fallback": g.fallback,
            "level": g.level,
        },
        reason,
    )


def _quartiles(result: Result, metric: str, fmt) -> tuple[str, str, str] | None:
    """The peers' 25th, 50th and 75th percentile, when the live reference is the one used."""
    bench = result.benchmark.get(metric)
    ref = reference()
    if bench is None or bench.peer_group is None or ref.vintage != result.reference_vintage:
        return None
    key = (metric, bench.peer_group.level, bench.peer_group.key)
    try:
        row = ref.peers.keys.index(key)
    except ValueError:
        return None
    q = ref.peers.quantiles[row]
    return fmt(float(q[25])), fmt(float(q[50])), fmt(float(q[75]))


def _figure(result: Result, metric: str, title, value: str, formula, inputs, fmt) -> Figure:
    """One figure with its peers: percentile, group, reason and quartiles (formatted by fmt)."""
    percentile, peer, reason = _peer(result, metric)
    return Figure(
        metric,
        title,
        value,
        percentile,
        peer,
        reason,
        formula,
        inputs,
        _quartiles(result, metric, fmt),
    )


def figures(stored: Assessment, result: Result) -> dict[str, Any]:
    """Everything the dashboard template shows, grouped by the report's four dimensions."""
    firm = stored.firm_input
    y1, y2 = sorted(firm["years"], key=lambda y: y["year"])
    (year1, p1), (year2, p2) = sorted(result.productivity.items())
    span = {"a": year1, "b": year2}
    growth = [
        _figure(
            result,
            "productivity",
            _("Productivity %(year)s (gross margin per FTE)") % {"year": year2},
            euro(p2),
            _("gross margin / FTE"),
            [
                (_("Gross margin %(year)s") % {"year": year2}, euro(y2["gross_margin"])),
                (_("FTE %(year)s") % {"year": year2}, num(y2["fte"], 2)),
            ],
            euro,
        ),
        _figure(
            result,
            "productivity_growth",
            _("Productivity growth %(a)s–%(b)s") % span,
            pct(result.productivity_growth, signed=True),
            _("productivity %(b)s / productivity %(a)s − 1") % span,
            [
                (_("Productivity %(year)s") % {"year": year1}, euro(p1)),
                (_("Productivity %(year)s") % {"year": year2}, euro(p2)),
            ],
            lambda x: pct(x, True),
        ),
        _figure(
            result,
            "job_growth",
            _("Job growth %(a)s–%(b)s (FTE)") % span,
            pct(result.job_growth, signed=True),
            _("FTE %(b)s / FTE %(a)s − 1") % span,
            [
                (_("FTE %(year)s") % {"year": year1}, num(y1["fte"], 2)),
                (_("FTE %(year)s") % {"year": year2}, num(y2["fte"], 2)),
            ],
            lambda x: pct(x, True),
        ),
    ]

    liquidity: list[Figure] = []
    for moment, given in zip(result.liquidity, firm.get("liquidity", []), strict=True):
        costs = given["interest_costs"] + given["wage_costs"] + given["other_costs"]
        liquid = given["cash"] + given["short_term_receivables"] + given["trade_debtors"]
        liquidity.append(
            _figure(
                result,
                f"cash_buffer_days@{moment.moment}",
                _("Cash buffer days, %(moment)s") % {"moment": moment.moment},
                num(moment.cash_buffer_days, 0),
                _("cash / ((interest + wage costs + other costs) / 365)"),
                [(_("Cash"), euro(given["cash"])), (_("Yearly costs together"), euro(costs))],
                lambda x: num(x, 0),
            )
        )
        liquidity.append(
            _figure(
                result,
                f"quick_ratio@{moment.moment}",
                _("Quick ratio, %(moment)s") % {"moment": moment.moment},
                num(moment.quick_ratio, 2)
                if moment.quick_ratio is not None
                else _("no limit (no short-term debts)"),
                _(
                    "(cash + short-term receivables + trade debtors) / (short-term debts + trade "
                    "creditors)"
                ),
                [
                    (_("Cash + receivables + debtors"), euro(liquid)),
                    (
                        _("Short-term debts + creditors"),
                        euro(given["short_term_debts"] + given["trade_creditors"]),
                    ),
                ],
                lambda x: num(x, 2),
            )
        )

    solvency: list[Figure] = []
    if result.solvency is not None:
        solvency.append(
            _figure(
                result,
                "solvency",
                _("Solvency"),
                pct(result.solvency_ratio),
                _("equity / total assets"),
                [
                    (_("Equity"), euro(firm["solvency"]["equity"])),
                    (_("Total assets"), euro(firm["solvency"]["total_assets"])),
                ],
                pct,
            )
        )
    return {"growth": growth, "liquidity": liquidity, "solvency": solvency}


def segment_info(result: Result) -> dict[str, Any] | None:
    if result.segment is None:
        return None
    segment = SEGMENT_BY_CODE[result.segment]
    return {
        "code": segment.code,
        "label": pick(get_language(), segment.label, segment.label_en),
        "needs": pick(get_language(), segment.needs, segment.needs_en),
        "cells": [
            {
                "code": s.code,
                "label": pick(get_language(), s.label, s.label_en),
                "current": s.code == segment.code,
            }
            for s in SEGMENTS
        ],
    }


def charts(result: Result, groups: dict[str, list[Figure]]) -> dict[str, dict[str, Any]]:
    """Vega-Lite specs; each chart's data is also shown as a table in the template."""
    specs: dict[str, dict[str, Any]] = {}
    bars = [
        {"figure": f.title, "percentile": round(f.percentile, 1)}
        for group in groups.values()
        for f in group
        if f.percentile is not None
    ]
    specs["percentiles"] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Your percentile per figure against your comparison group"),
        "width": "container",
        "height": {"step": 28},
        "data": {"values": bars},
        "layer": [
            {
                "mark": {"type": "bar", "color": "#01689b"},
                "encoding": {
                    "y": {
                        "field": "figure",
                        "type": "nominal",
                        "sort": None,
                        "title": None,
                        "axis": {"labelLimit": 260},
                    },
                    "x": {
                        "field": "percentile",
                        "type": "quantitative",
                        "scale": {"domain": [0, 100]},
                        "title": _("Percentile (0–100)"),
                    },
                    "tooltip": [{"field": "figure"}, {"field": "percentile"}],
                },
            },
            {
                "mark": {"type": "rule", "color": "#333", "strokeDash": [4, 4]},
                "encoding": {"x": {"datum": 50}},
            },
        ],
    }
    if result.productivity_growth is not None:
        specs["segment"] = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "description": _("Growth segment: productivity growth against job growth"),
            "width": "container",
            "height": 260,
            "data": {
                "values": [
                    {
                        "productivity_growth": round(result.productivity_growth * 100, 2),
                        "job_growth": round(result.job_growth * 100, 2),
                        "label": _("Your firm"),
                    }
                ]
            },
            "layer": [
                {"mark": {"type": "rule", "color": "#666"}, "encoding": {"x": {"datum": 0}}},
                {"mark": {"type": "rule", "color": "#666"}, "encoding": {"y": {"datum": 0}}},
                {
                    "mark": {"type": "point", "filled": True, "size": 160, "color": "#ca005d"},
                    "encoding": {
                        "x": {
                            "field": "productivity_growth",
                            "type": "quantitative",
                            "title": _("Productivity growth (%)"),
                        },
                        "y": {
                            "field": "job_growth",
                            "type": "quantitative",
                            "title": _("Job growth (%)"),
                        },
                        "tooltip": [
                            {"field": "label"},
                            {"field": "productivity_growth"},
                            {"field": "job_growth"},
                        ],
                    },
                },
            ],
        }
    return specs
