"""The Monte Carlo of a scenario (``hulplijn.plan.montecarlo``: every assumption drawn uniformly
between its min and max): percentile bands beside the baseline's, from the same draws."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from hulplijn.plan import montecarlo
from hulplijn.web.cockpit.services.common import VEGA_LITE, nl, scaled
from hulplijn.web.cockpit.services.plan import HEADLINE, assumptions, with_unit
from hulplijn.web.cockpit.tables import Column, Table

MAX_DRAWS = 100_000
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 0  # as 'hulplijn plan run --seed'


def run(
    scenario: Mapping[str, Any], draws: int, seed: int, dependence: str = "independent"
) -> tuple[montecarlo.MonteCarloResult, montecarlo.MonteCarloResult]:
    """The scenario's and the baseline's Monte Carlo, from the same draws and seed."""
    data = assumptions()
    return (
        montecarlo.run(data, draws=draws, seed=seed, scenario=scenario, dependence=dependence),
        montecarlo.run(data, draws=draws, seed=seed, dependence=dependence),
    )


def montecarlo_tables(
    mc: montecarlo.MonteCarloResult, base: montecarlo.MonteCarloResult
) -> tuple[Table, Table]:
    percentiles = mc.percentiles
    columns = (
        Column("year", _("Year")),
        *(Column(f"p{p}", f"P{p}", "bn") for p in percentiles),
        Column("baseline_p50", _("Baseline P50"), "bn"),
    )
    rows = []
    for i, year in enumerate(mc.years):
        row: dict[str, Any] = {"year": str(year)}
        row.update({f"p{p}": float(mc.contribution[k][i]) for k, p in enumerate(percentiles)})
        row["baseline_p50"] = float(base.band("contribution", 50)[i])
        rows.append(row)
    if mc.dependence == "correlated":
        note = _(
            "%(draws)s draws, seed %(seed)s: every assumption drawn uniformly between its min and "
            "max, all at the same place in their ranges (correlated: they err together); "
            "baseline and scenario use the same draws. The band is therefore close to the min–max."
        ) % {"draws": nl(mc.draws, 0), "seed": mc.seed}
    else:
        note = _(
            "%(draws)s draws, seed %(seed)s: every assumption drawn uniformly between its min "
            "and max, independently; baseline and scenario use the same draws. Independent draws "
            "let a low value of one assumption offset a high value of another, which narrows the "
            "band: if the assumptions err together the outcome can lie anywhere in the min–max."
        ) % {"draws": nl(mc.draws, 0), "seed": mc.seed}
    bands = Table(
        "monte-carlo",
        _("Contribution to value added per year, percentile bands of the scenario (€ bn)"),
        columns,
        rows,
        note,
    )
    total_columns = (
        Column("figure", _("Figure")),
        Column("which", _("Plan")),
        *(Column(f"p{p}", f"P{p}", "bn") for p in percentiles),
    )
    total_rows = []
    for key in HEADLINE:
        scale = 100 if key == "roi" else 1
        for which, result in ((_("scenario"), mc), (_("baseline"), base)):
            row = {
                "figure": with_unit(key),
                "which": which,
            }
            row.update(
                {f"p{p}": scaled(result.totals[key][k], scale) for k, p in enumerate(percentiles)}
            )
            total_rows.append(row)
    totals = Table("monte-carlo-totalen", _("Totals, percentile bands"), total_columns, total_rows)
    return bands, totals


def fan_chart(mc: montecarlo.MonteCarloResult) -> dict[str, Any]:
    values = []
    for i, year in enumerate(mc.years):
        values.append(
            {
                "year": str(year),
                **{
                    f"p{p}": round(float(mc.contribution[k][i]), 4)
                    for k, p in enumerate(mc.percentiles)
                },
            }
        )
    x = {"field": "year", "type": "ordinal", "title": _("Year")}
    return {
        "$schema": VEGA_LITE,
        "description": _("Monte Carlo fan: percentile bands of the contribution per year"),
        "width": "container",
        "height": 280,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.25, "color": "#01689b"},
                "encoding": {
                    "x": x,
                    "y": {"field": "p5", "type": "quantitative", "title": _("€ bn")},
                    "y2": {"field": "p95"},
                },
            },
            {
                "mark": {"type": "area", "opacity": 0.45, "color": "#01689b"},
                "encoding": {
                    "x": x,
                    "y": {"field": "p25", "type": "quantitative"},
                    "y2": {"field": "p75"},
                },
            },
            {
                "mark": {"type": "line", "color": "#154273", "point": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "p50", "type": "quantitative"},
                    "tooltip": [
                        {"field": "year"},
                        {"field": "p5"},
                        {"field": "p50"},
                        {"field": "p95"},
                    ],
                },
            },
        ],
    }
