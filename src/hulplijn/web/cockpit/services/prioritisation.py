"""The prioritisation page (``/beleid/prioritering/``): the twenty measures scored on the six
criteria, the 3x3 matrix, the ranking and its sensitivity to the weights. The scoring is
``hulplijn.plan.prioritisation`` (score, sensitivity, top); this module lays it out.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from hulplijn.plan import prioritisation as prio
from hulplijn.reference import params
from hulplijn.web.cockpit.services.common import VEGA_LITE, nl, yes_no
from hulplijn.web.cockpit.tables import Column, Table

CRITERION_LABELS = {
    "value_added": gettext_lazy("Contribution to value added"),
    "limited_costs": gettext_lazy("Limited costs"),
    "timely_impact": gettext_lazy("Timely impact"),
    "executability": gettext_lazy("Executability"),
    "public_support": gettext_lazy("Public support"),
    "speed_of_introduction": gettext_lazy("Speed of introduction"),
}
BAND_NAMES = {
    prio.LOW: gettext_noop("low"),
    prio.MEDIUM: gettext_noop("medium"),
    prio.HIGH: gettext_noop("high"),
}


def band(code: str) -> str:
    return _(BAND_NAMES[code])


def cell_text(cell: tuple[str, str]) -> str:
    """'high / medium': net impact band / feasibility band."""
    return f"{band(cell[0])} / {band(cell[1])}"


def priority_text(high: bool) -> str:
    return _("high") if high else _("lower")


def report_rules() -> prio.Rules:
    """The report's band edges, high-priority cells and plan size (prioritisation.yaml)."""
    return prio.Rules.from_mapping(params.prioritisation())


def measures() -> list[dict[str, Any]]:
    return params.measures()["measures"]


def scores_table(ranked: list[prio.ScoredMeasure], rules: prio.Rules) -> Table:
    columns = (
        Column("rank", _("Rank"), "int"),
        Column("id", _("Measure")),
        Column("name", _("Name")),
        *(Column(c, str(CRITERION_LABELS[c]), "int") for c in prio.CRITERIA),
        Column("net_impact", _("Net impact"), "number"),
        Column("feasibility", _("Feasibility"), "number"),
        Column("combined", _("Net impact + feasibility"), "number"),
        Column("impact_band", _("Net impact band")),
        Column("feasibility_band", _("Feasibility band")),
        Column("priority", _("Priority")),
        Column("in_plan", _("In the report's plan")),
        Column("in_top", _("In the top %(n)s") % {"n": rules.plan_size}),
    )
    rows = [
        {
            "rank": m.rank,
            "id": m.id,
            "name": m.name,
            **{c: m.scores[c] for c in prio.CRITERIA},
            "net_impact": m.net_impact,
            "feasibility": m.feasibility,
            "combined": m.combined,
            "impact_band": band(m.impact_band),
            "feasibility_band": band(m.feasibility_band),
            "priority": priority_text(m.high_priority),
            "in_plan": yes_no(m.in_plan),
            "in_top": yes_no(m.in_top),
        }
        for m in ranked
    ]
    note = _(
        "Scores 1 (Laag) to 5 (Hoog) as the report's criteria slide. Net impact is the weighted "
        "mean of the first three criteria, feasibility of the last three; ranked by their sum, "
        "ties in plan order (1–10, then A–J). The ranking rule is this project's choice: the "
        "report ranks the measures only by their place in its matrix."
    )
    return Table("maatregelen", _("The twenty measures, ranked"), columns, rows, note)


def matrix_table(ranked: list[prio.ScoredMeasure], rules: prio.Rules) -> Table:
    """Net impact bands (rows, high first) against feasibility bands (columns)."""
    columns = (
        Column("impact", _("Net impact \\ feasibility")),
        *(Column(b, band(b)) for b in prio.BANDS),
    )
    rows = []
    for ib in reversed(prio.BANDS):
        row: dict[str, Any] = {"impact": band(ib)}
        for fb in prio.BANDS:
            ids = [m.id for m in ranked if m.cell == (ib, fb)]
            text = ", ".join(ids) if ids else ""
            if (ib, fb) in rules.high_priority_cells:
                text = f"{text} ({_('high priority')})" if text else f"({_('high priority')})"
            row[fb] = text
        rows.append(row)
    note = _(
        "Bands: low below %(im)s, medium from %(im)s, high from %(ih)s (net impact); low below "
        "%(fm)s, medium from %(fm)s, high from %(fh)s (feasibility). The cells marked high "
        "priority are the report's legend. The band edges are this project's choice, not the "
        "report's: its matrix slide is a picture without numbers, and these are the simplest "
        "edges under which its ten plan measures, and only they, fall in the high-priority cells."
    ) % {
        "im": _num(rules.impact_medium_from),
        "ih": _num(rules.impact_high_from),
        "fm": _num(rules.feasibility_medium_from),
        "fh": _num(rules.feasibility_high_from),
    }
    return Table("matrix", _("The matrix, net impact against feasibility"), columns, rows, note)


def _num(x: float) -> str:
    return nl(x, 2)


def sensitivity_table(
    result: prio.Sensitivity, report: list[prio.ScoredMeasure], rules: prio.Rules
) -> Table:
    """Every measure whose rank, matrix cell, priority or place in the top differs from the
    report's equal weights (and the report's band edges and plan size)."""
    before = {m.id: m for m in report}
    columns = (
        Column("measure", _("Measure")),
        Column("base_rank", _("Rank, equal weights"), "int"),
        Column("new_rank", _("Rank, these weights"), "int"),
        Column("shift", _("Places up (+) or down (−)"), "int"),
        Column("base_cell", _("Cell, report (impact / feasibility)")),
        Column("new_cell", _("Cell, now")),
        Column("base_priority", _("Priority, report")),
        Column("new_priority", _("Priority, now")),
        Column("base_top", _("In the report's top %(n)s") % {"n": report_rules().plan_size}),
        Column("new_top", _("In the top %(n)s now") % {"n": rules.plan_size}),
    )
    shift = {c.id: c.shift for c in result.changes}
    rows = []
    for m in result.new:
        b = before[m.id]
        if (b.rank, b.cell, b.high_priority, b.in_top) == (
            m.rank,
            m.cell,
            m.high_priority,
            m.in_top,
        ):
            continue
        rows.append(
            {
                "measure": f"{m.id} {m.name}",
                "base_rank": b.rank,
                "new_rank": m.rank,
                "shift": shift[m.id],
                "base_cell": cell_text(b.cell),
                "new_cell": cell_text(m.cell),
                "base_priority": priority_text(b.high_priority),
                "new_priority": priority_text(m.high_priority),
                "base_top": yes_no(b.in_top),
                "new_top": yes_no(m.in_top),
            }
        )
    return Table(
        "gevoeligheid", _("What changes against the report's equal weights"), columns, rows
    )


def scatter_chart(ranked: list[prio.ScoredMeasure], rules: prio.Rules) -> dict[str, Any]:
    """Impact (vertical) against feasibility (horizontal), as the report's matrix; measures on
    the same spot share one label."""
    spots: dict[tuple[float, float], list[prio.ScoredMeasure]] = {}
    for m in ranked:
        spots.setdefault((m.feasibility, m.net_impact), []).append(m)
    values = [
        {
            "feasibility": round(fe, 3),
            "net_impact": round(ni, 3),
            "label": ", ".join(m.id for m in group),
            "names": "; ".join(f"{m.id} {m.name}" for m in group),
            "priority": priority_text(any(m.high_priority for m in group)),
        }
        for (fe, ni), group in spots.items()
    ]
    axis = {"type": "quantitative", "scale": {"domain": [1, 5]}}
    edges = [
        {
            "mark": {"type": "rule", "color": "#888", "strokeDash": [4, 4]},
            "encoding": {"x": {"datum": x, "type": "quantitative"}},
        }
        for x in (rules.feasibility_medium_from, rules.feasibility_high_from)
    ] + [
        {
            "mark": {"type": "rule", "color": "#888", "strokeDash": [4, 4]},
            "encoding": {"y": {"datum": y, "type": "quantitative"}},
        }
        for y in (rules.impact_medium_from, rules.impact_high_from)
    ]
    return {
        "$schema": VEGA_LITE,
        "description": _("Net impact against feasibility of the twenty measures"),
        "width": "container",
        "height": 360,
        "data": {"values": values},
        "layer": [
            *edges,
            {
                "mark": {"type": "point", "filled": True, "size": 120},
                "encoding": {
                    "x": {"field": "feasibility", **axis, "title": _("Feasibility")},
                    "y": {"field": "net_impact", **axis, "title": _("Net impact")},
                    "color": {
                        "field": "priority",
                        "type": "nominal",
                        "title": _("Priority"),
                        "scale": {"range": ["#01689b", "#ca005d"]},
                    },
                    "shape": {"field": "priority", "type": "nominal", "legend": None},
                    "tooltip": [
                        {"field": "names", "title": _("Measures")},
                        {"field": "net_impact", "title": _("Net impact")},
                        {"field": "feasibility", "title": _("Feasibility")},
                    ],
                },
            },
            {
                "mark": {"type": "text", "dx": 9, "align": "left", "fontSize": 11},
                "encoding": {
                    "x": {"field": "feasibility", **axis},
                    "y": {"field": "net_impact", **axis},
                    "text": {"field": "label"},
                },
            },
        ],
    }


def page(weights: prio.Criteria, rules: prio.Rules) -> dict[str, Any]:
    """The page's context (without its form) for these weights and rules, against the report's
    equal weights and rules."""
    report = prio.score(measures(), prio.Criteria(), report_rules())
    result = prio.sensitivity(measures(), prio.Criteria(), weights, rules)
    ranked = list(result.new)
    plan_ids = [m.id for m in report if m.in_plan]
    top_ids = prio.top(ranked)
    names = {m.id: m.name for m in ranked}
    entered = [i for i in top_ids if i not in plan_ids]
    left = [i for i in plan_ids if i not in top_ids]
    tables = {
        "scores": scores_table(ranked, rules),
        "matrix": matrix_table(ranked, rules),
        "sensitivity": sensitivity_table(result, report, rules),
    }
    return {
        "weights": weights,
        "rules": rules,
        "changed": not (weights.is_default and rules == report_rules()),
        "top": [(i, names[i]) for i in top_ids],
        "reproduces": sorted(top_ids) == sorted(plan_ids),
        "entered": [(i, names[i]) for i in entered],
        "left": [(i, names[i]) for i in left],
        "moved": len(result.moved),
        "tables": tables,
        "chart": scatter_chart(ranked, rules),
        "section": "prioritisation",
    }
