"""The dashboard as data: every figure with its percentile, peer group, n and explanation, and
the Vega-Lite charts with the tables that stand in for them."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core import Assessment as Result
from hulplijn.core import numbers
from hulplijn.core.derivation import Derivation, Quantity
from hulplijn.core.period import CRISIS_YEAR, month
from hulplijn.core.segment import SEGMENT_BY_CODE, SEGMENTS, SOLE_TRADER_MAX_PERSONS
from hulplijn.core.summary import Summary
from hulplijn.core.text import pick
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.reference_store import by_vintage


def pct(x: float | None, signed: bool = False, decimals: int = 1) -> str:
    return numbers.percent(x, get_language(), decimals, signed=signed)


@dataclass
class Figure:
    """One figure on the dashboard with everything needed to explain it: all of it read from the
    engine's derivation of the figure (``hulplijn.core.derivation``), none of it derived here."""

    key: str
    title: str
    value: str
    percentile: float | None = None
    peer: dict[str, Any] | None = None
    reason: str | None = None
    formula: str = ""
    inputs: list[tuple[str, str]] = field(default_factory=list)
    quartiles: tuple[str, str, str] | None = None
    citation: str = ""
    norms: list[tuple[str, str]] = field(default_factory=list)


def shown(q: Quantity) -> str:
    """A value of a derivation in the page's language (euros written "€ 1,234" in English too)."""
    return numbers.quantity(q.value, q.unit, get_language(), spaced=True)


def _peer(d: Derivation) -> tuple[float | None, dict[str, Any] | None, str | None]:
    c = d.comparison
    if c is None:  # not compared with peers (the growth segment)
        return None, None, None
    language = get_language()
    reason = None if c.reason is None else c.reason(language)
    if c.label is None:
        return None, None, reason
    return (
        c.percentile,
        {
            "label": c.label(language),
            "key": c.key,
            "n": c.n,
            "fallback": c.fallback,
            "level": c.level,
        },
        reason,
    )


def _quartiles(result: Result, d: Derivation) -> tuple[str, str, str] | None:
    """The peers' 25th, 50th and 75th percentile, when the live reference is the one used."""
    c = d.comparison
    ref = by_vintage(result.reference_vintage)
    if c is None or c.level is None or ref is None:
        return None
    try:
        row = ref.peers.keys.index((c.metric, c.level, c.key))
    except ValueError:
        return None
    q = ref.peers.quantiles[row]
    language, unit = get_language(), d.result.unit
    return tuple(  # type: ignore[return-value]
        numbers.quantity(float(q[p]), unit, language, spaced=True) for p in (25, 50, 75)
    )


def explain(result: Result, key: str, value: str | None = None) -> Figure:
    """The figure ``key`` of the result as its derivation says: title, value, formula, inputs
    and intermediate values, the norms it is judged by, where in the report, and its peers."""
    d = result.derivations[key]
    language = get_language()
    percentile, peer, reason = _peer(d)
    if peer is not None:
        # the reference holds no firms of this size at all (a sole trader): not "fewer than 10"
        peer["size_not_in_reference"] = result.size_class.working_persons <= SOLE_TRADER_MAX_PERSONS
    return Figure(
        key,
        d.label(language),
        shown(d.result) if value is None else value,
        percentile,
        peer,
        reason,
        d.formula(language),
        [
            (q.label(language), shown(q))
            for q in [*d.inputs, *d.steps, d.result]
            if q.value is not None
        ],
        _quartiles(result, d),
        d.citation(language),
        [(q.label(language), shown(q)) for q in d.parameters],
    )


def figures(stored: Assessment, result: Result) -> dict[str, Any]:
    """Everything the dashboard template shows, grouped by the report's four dimensions."""
    growth = [explain(result, key) for key in ("productivity", "productivity_growth", "job_growth")]
    liquidity: list[Figure] = []
    for moment in result.liquidity:
        liquidity.append(explain(result, f"cash_buffer_days@{moment.moment}"))
        liquidity.append(
            explain(
                result,
                f"quick_ratio@{moment.moment}",
                None if moment.quick_ratio is not None else _("no limit (no short-term debts)"),
            )
        )
    solvency = [explain(result, "solvency")] if result.solvency is not None else []
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


CHART_FONT_PX = 12
"""The smallest text in a chart (axis labels and titles), also on a 360px phone."""
CHART_CONFIG = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
    "axis": {"labelFontSize": CHART_FONT_PX, "titleFontSize": CHART_FONT_PX},
}


def chart_label(title: str, width: int = 20) -> str:
    """A figure's title on a chart's axis: without the explanation in brackets at its end, in
    lines of at most ``width`` characters (the axis splits them at newlines), so that on a phone
    the labels leave the bars room at a readable size. The table and the tooltip keep it whole."""
    short = re.sub(r"\s*\([^()]*\)$", "", title) or title
    return "\n".join(textwrap.wrap(short, width, break_long_words=False, break_on_hyphens=False))


def charts(result: Result, groups: dict[str, list[Figure]]) -> dict[str, dict[str, Any]]:
    """Vega-Lite specs; each chart's data is also shown as a table in the template."""
    specs: dict[str, dict[str, Any]] = {}
    shown = [f for group in groups.values() for f in group if f.percentile is not None]
    labels = [chart_label(f.title) for f in shown]
    if len(set(labels)) < len(labels):  # shortened titles that read alike: keep them whole
        labels = [chart_label(f.title, 40) for f in shown]
    bars = [
        {"figure": f.title, "label": label, "percentile": round(f.percentile, 1)}
        for f, label in zip(shown, labels, strict=True)
    ]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    specs["percentiles"] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Your percentile per figure against your comparison group"),
        "config": CHART_CONFIG,
        "width": "container",
        "height": {"step": max(28, 8 + 16 * lines)},
        "data": {"values": bars},
        "layer": [
            {
                "mark": {"type": "bar", "color": "#01689b"},
                "encoding": {
                    "y": {
                        "field": "label",
                        "type": "nominal",
                        "sort": None,
                        "title": None,
                        "axis": {"labelLimit": 200, "labelExpr": "split(datum.label, '\\n')"},
                    },
                    "x": {
                        "field": "percentile",
                        "type": "quantitative",
                        "scale": {"domain": [0, 100]},
                        "title": _("Percentile (0–100)"),
                    },
                    # titled, and the number formatted in the page's language (charts.js)
                    "tooltip": [
                        {"field": "figure", "title": _("Figure")},
                        {
                            "field": "percentile",
                            "type": "quantitative",
                            "format": ".1~f",
                            "title": _("Percentile"),
                        },
                    ],
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
            "config": CHART_CONFIG,
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
                            {"field": "label", "title": _("Figure")},
                            {
                                "field": "productivity_growth",
                                "type": "quantitative",
                                "format": ".1~f",
                                "title": _("Productivity growth (%)"),
                            },
                            {
                                "field": "job_growth",
                                "type": "quantitative",
                                "format": ".1~f",
                                "title": _("Job growth (%)"),
                            },
                        ],
                    },
                },
            ],
        }
    return specs


REPORT_MOMENTS = ("2020-02", "2020-07")


def headings(result: Result) -> dict[str, str]:
    """The headings of the growth and liquidity dimensions, following the round's years and
    moments: 'before the crisis' only for years before 2020, 'the start and the middle of the
    crisis' only for February and July 2020 (docs/decisions/0024-periods.md)."""
    first, last = min(result.productivity), max(result.productivity)
    years = {"first": first, "last": last}
    growth = (
        _("A. Growth before the crisis (%(first)s to %(last)s)") % years
        if last < CRISIS_YEAR
        else _("A. Growth from %(first)s to %(last)s") % years
    )
    moments = tuple(m.moment for m in result.liquidity)
    language = get_language()
    if moments == REPORT_MOMENTS:
        liquidity = _("B. Liquidity at the start and in the middle of the crisis")
    elif moments:
        said = _(" and ").join(month(m)(language) for m in moments)
        liquidity = _("B. Liquidity in %(moments)s") % {"moments": said}
    else:
        liquidity = _("B. Liquidity")
    return {"growth": growth, "liquidity": liquidity}


def summary_shown(summary: Summary) -> dict[str, Any]:
    """The summary (hulplijn.core.summary) in the page's language, as the template shows it:
    plain strings (a template would call a ``Text`` without a language)."""
    language = get_language()
    first = summary.first
    return {
        "segment": summary.segment(language) if summary.segment else None,
        "segment_text": summary.segment_text(language),
        "points": [
            {"kind": p.kind, "lines": [s.text(language) for s in p.standings]}
            for p in summary.points
        ],
        "first": {
            "kind": first.kind,
            "text": first.text(language),
            "anchor": first.anchor,
            "url": first.url,
            "link": first.link(language) if first.link else None,
        },
    }
