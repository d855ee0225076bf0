"""The owner's trend: every dimension's percentiles across rounds (docs/decisions/0031).

Per round the owner's newest assessment in it; per dimension of the report (growth, liquidity,
solvency) every figure's percentile with its peer group, n and period, read from the stored
result as the dashboard reads it (``figures.explain``): nothing is assessed again. A line chart
shows the same percentiles; the tables are the page, the chart comes with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core.period import month, span
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.dashboard import figures

GROWTH = ("productivity", "productivity_growth", "job_growth")
LIQUIDITY = ("cash_buffer_days", "quick_ratio")


@dataclass
class Point:
    """One figure of one round: its percentile with the peers it was read against."""

    key: str
    title: str
    value: str
    period: str
    percentile: float | None
    peer: dict[str, Any] | None
    reason: str | None


@dataclass
class Column:
    """A round, told by the owner's newest assessment in it."""

    assessment: Assessment
    label: str
    points: dict[str, list[Point]] = field(default_factory=dict)  # per dimension


def newest_per_round(owner) -> list[Assessment]:
    """The owner's newest assessment in each round, oldest period first."""
    newest: dict[int, Assessment] = {}
    for stored in (
        Assessment.objects.filter(owner=owner).select_related("round").order_by("-created_at")
    ):
        newest.setdefault(stored.round_id, stored)
    return sorted(
        newest.values(),
        key=lambda a: (a.round.year_2, a.round.year_1, a.round.moments, a.created_at),
    )


def _point(result, key: str, period: str) -> Point:
    figure = figures.explain(result, key)
    return Point(
        key, figure.title, figure.value, period, figure.percentile, figure.peer, figure.reason
    )


def column(stored: Assessment) -> Column:
    result = services.result_of(stored)
    years = span(stored.round.years)
    out = Column(stored, stored.round.name)
    out.points["growth"] = [_point(result, key, years) for key in GROWTH]
    language = get_language()
    out.points["liquidity"] = [
        _point(result, f"{metric}@{moment.moment}", month(moment.moment)(language))
        for moment in result.liquidity
        for metric in LIQUIDITY
        if f"{metric}@{moment.moment}" in result.derivations
    ]
    out.points["solvency"] = (
        [_point(result, "solvency", years)] if "solvency" in result.derivations else []
    )
    return out


def dimensions() -> list[tuple[str, str]]:
    return [
        ("growth", _("Growth and productivity")),
        ("liquidity", _("Liquidity")),
        ("solvency", _("Solvency")),
    ]


def _line_names() -> dict[str, str]:
    """A name per figure that stays the same from round to round (the tables' titles name the
    round's years and moments, so a line per title would never join two rounds)."""
    return {
        "productivity": _("Productivity"),
        "productivity_growth": _("Productivity growth"),
        "job_growth": _("Job growth"),
        "cash_buffer_days": _("Cash buffer in days"),
        "quick_ratio": _("Quick ratio"),
        "solvency": _("Solvency"),
    }


def chart(columns: list[Column]) -> dict[str, Any] | None:
    """Percentile per round, one line per figure (liquidity at each round's last moment; the
    tables hold every moment); None with fewer than two rounds, where a line says nothing the
    table does not."""
    if len(columns) < 2:
        return None
    names = _line_names()
    values = []
    for c in columns:
        last_moment = max((p.key.partition("@")[2] for p in c.points["liquidity"]), default="")
        for points in c.points.values():
            for p in points:
                metric, _at, moment = p.key.partition("@")
                if p.percentile is None or (moment and moment != last_moment):
                    continue
                values.append(
                    {
                        "round": c.label,
                        "figure": names[metric],
                        "percentile": round(p.percentile, 1),
                    }
                )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Your percentile per figure in each round"),
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "round",
                "type": "ordinal",
                "sort": [c.label for c in columns],
                "title": _("Round"),
                "axis": {"labelAngle": -30, "labelLimit": 120},
            },
            "y": {
                "field": "percentile",
                "type": "quantitative",
                "scale": {"domain": [0, 100]},
                "title": _("Percentile (0–100)"),
            },
            "color": {
                "field": "figure",
                "type": "nominal",
                "title": _("Figure"),
                "legend": {"orient": "bottom", "columns": 2},
            },
            "tooltip": [{"field": "round"}, {"field": "figure"}, {"field": "percentile"}],
        },
    }


@login_required
def page(request: HttpRequest) -> HttpResponse:
    """The logged-in owner's percentiles per dimension across rounds."""
    columns = [column(stored) for stored in newest_per_round(request.user)]
    return render(
        request,
        "assessments/trend.html",
        {
            "columns": columns,
            "dimensions": [
                (code, name, [(c, c.points[code]) for c in columns if c.points[code]])
                for code, name in dimensions()
            ],
            "chart": chart(columns),
            # #16: synthetic data labelled on every page that uses it
            "synthetic": any(c.assessment.synthetic_reference for c in columns),
        },
    )
