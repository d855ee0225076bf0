"""Monte Carlo over the plan's assumption ranges: percentile bands per year.

Every parameter with a range (``min`` < ``max``, plan_assumptions.yaml) is drawn uniformly on
[min, max]; points stay fixed. ``dependence`` says how the parameters move together (#16):
``independent`` (the default) draws each on its own, so a low value of one offsets a high value
of another and the band is narrower than the min-max; ``correlated`` draws one uniform per draw
for every parameter (perfect rank correlation: all assumptions at the same place in their
ranges, as when they err together through the economy as a whole), so the P5-P95 lies close to
the min-max. The ``mid`` of a parameter plays no part, so where the report's point value is not
the midpoint of its range (the development budget's ~10% gain on a 5-10% range, r. 5045 / 5300)
the Monte Carlo median lies below the model's mid column. By default no correlation between
parameters is assumed: the report quantifies the measures independently (appendix "Detaillering
aannames" 1/3) and gives no joint ranges.

Draws are vectorised: each measure function runs once on arrays of shape (draws, 1)
(``hulplijn.plan.impact``), so 100,000 draws x 10 measures x 5 years take a fraction of a second
(``bench/montecarlo.py``).

Reproducible: ``numpy.random.default_rng(seed)``; one uniform stream per parameter, drawn in a
fixed order (measures in plan order, then each measure's parameters in the model's order, then the
general parameters) for every measure, including dropped ones and points. So the same seed gives
the same draws in a scenario as in the baseline (common random numbers), and a scenario's
difference from the baseline is not sampling noise.

Pure: no file I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from hulplijn.core import numbers
from hulplijn.plan.assumptions import Param, PlanAssumptions, as_assumptions
from hulplijn.plan.impact import evaluate
from hulplijn.plan.measures import MEASURES
from hulplijn.plan.results import _clean

PERCENTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
DEPENDENCE = ("independent", "correlated")
DISTRIBUTION = {
    "independent": "independent uniform on each parameter's [min, max]",
    "correlated": "one uniform for every parameter's [min, max] (perfect rank correlation)",
}
GENERAL = ("firms", "value_added", "employees", "flowback_share")
MAX_DRAWS = 10_000_000


def _draw(param: Param, u: np.ndarray) -> np.ndarray:
    if param.min == param.max:
        return np.full((u.size, 1), param.min)
    return (param.min + (param.max - param.min) * u).reshape(-1, 1)


@dataclass(frozen=True)
class MonteCarloResult:
    """Percentile bands: ``contribution``, ``investment`` and ``revenue`` are (percentiles,
    years); ``totals`` maps va_2025, investment_total, revenue_total, cumulative_contribution and
    roi to (percentiles,)."""

    years: tuple[int, ...]
    draws: int
    seed: int
    scenario: str | None
    percentiles: tuple[int, ...]
    dependence: str
    contribution: np.ndarray
    investment: np.ndarray
    revenue: np.ndarray
    totals: Mapping[str, np.ndarray]

    def band(self, quantity: str, percentile: int) -> np.ndarray:
        band: np.ndarray = getattr(self, quantity)[self.percentiles.index(percentile)]
        return band

    def to_dict(self) -> dict[str, Any]:
        def table(a: np.ndarray) -> dict[str, Any]:
            return {f"p{p}": _clean(a[i]) for i, p in enumerate(self.percentiles)}

        return {
            "years": list(self.years),
            "draws": self.draws,
            "seed": self.seed,
            "scenario": self.scenario,
            "distribution": DISTRIBUTION[self.dependence],
            "dependence": self.dependence,
            "contribution": table(self.contribution),
            "investment": table(self.investment),
            "revenue": table(self.revenue),
            "totals": {k: table(v) for k, v in self.totals.items()},
        }


def simulate(
    assumptions: PlanAssumptions | Mapping[str, Any],
    draws: int = 10_000,
    seed: int = 0,
    scenario: Any = None,
    dependence: str = "independent",
) -> dict[str, np.ndarray]:
    """The raw draws: contribution, investment and revenue per draw and year (draws, years)."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be between 1 and {numbers.count(MAX_DRAWS, 'en')}")
    if dependence not in DEPENDENCE:
        raise ValueError(f"dependence must be one of {', '.join(DEPENDENCE)}")
    base = as_assumptions(assumptions)
    dropped: tuple[str, ...] = ()
    if scenario is not None:
        from hulplijn.plan.scenario import apply

        base, _, dropped = apply(base, scenario)
    rng = np.random.default_rng(seed)
    common = rng.random(draws) if dependence == "correlated" else None

    def uniform() -> np.ndarray:
        return rng.random(draws) if common is None else common

    years = base.years()
    drawn: dict[str, dict[str, np.ndarray]] = {}
    for measure_id, m in base.measures.items():
        drawn[measure_id] = {
            name: _draw(m.params[name], uniform()) for name in MEASURES[m.key].params
        }
    general = {name: _draw(getattr(base.general, name), uniform()) for name in GENERAL}
    investment = np.zeros((draws, len(years)))
    va_growth = np.zeros((draws, len(years)))
    for measure_id, m in base.measures.items():
        if measure_id in dropped:
            continue
        series = evaluate(m, drawn[measure_id], general, years)
        investment += series.investment
        va_growth += series.va_growth
    contribution = np.cumsum(va_growth, axis=1)
    revenue = general["flowback_share"] * contribution
    return {"contribution": contribution, "investment": investment, "revenue": revenue}


def run(
    assumptions: PlanAssumptions | Mapping[str, Any],
    draws: int = 10_000,
    seed: int = 0,
    scenario: Any = None,
    percentiles: tuple[int, ...] = PERCENTILES,
    dependence: str = "independent",
) -> MonteCarloResult:
    """Percentile bands (5/25/50/75/95 by default) per year of the total contribution,
    investment and government revenue, and of the 2021-2025 totals and the ROI."""
    sims = simulate(assumptions, draws, seed, scenario, dependence)
    base = as_assumptions(assumptions)
    name = None
    if scenario is not None:
        from hulplijn.plan.scenario import load

        name = load(scenario).name
    q = np.asarray(percentiles, dtype=float)
    inv_total = sims["investment"].sum(axis=1)
    rev_total = sims["revenue"].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = rev_total / inv_total
    totals = {
        "va_2025": sims["contribution"][:, -1],
        "investment_total": inv_total,
        "revenue_total": rev_total,
        "cumulative_contribution": sims["contribution"].sum(axis=1),
        "roi": roi,
    }
    return MonteCarloResult(
        years=base.years(),
        draws=draws,
        seed=seed,
        scenario=name,
        percentiles=tuple(percentiles),
        dependence=dependence,
        contribution=np.percentile(sims["contribution"], q, axis=0),
        investment=np.percentile(sims["investment"], q, axis=0),
        revenue=np.percentile(sims["revenue"], q, axis=0),
        totals={k: np.percentile(v, q) for k, v in totals.items()},
    )


__all__ = ["DEPENDENCE", "PERCENTILES", "MonteCarloResult", "run", "simulate"]
