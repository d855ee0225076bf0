"""The plan impact model: each of the ten plan measures from its stated assumptions to yearly
investment, additional value-added growth and contribution 2021-2025, government revenue, ROI and
financing per source.

Source: the seed report ``herstel-en-groeiplan-mkb.txt`` ("r." = line), appendix "Detaillering
aannames achter maatregelen Herstel- en groeiplan" 1/3 (r. 4992-5178), 2/3 (r. 5179-5336) and 3/3
(r. 5337-5460); headline slide r. 3656-3724; financing slides r. 3725-4021. The parameters, their
sources and the report's own figures are in ``reference/data/plan_assumptions.yaml``; the
derivations and what does not reproduce are in ``docs/reference/plan-model.md``.

Definitions (the report's):

- *value-added growth* of a measure in year t: the additional value added that year's measure
  activity adds ("Additionele groei toegevoegde waarde", r. 5416); it persists, so
- *contribution* in year t = the cumulative sum of value-added growth up to t ("Jaarlijkse
  bijdrage aan toegevoegde waarde ... t.o.v. CPB basisraming", r. 3708-3712: 4-6, 10-15, 13-19,
  17-25, 20-30); the contribution in 2025 is the "Geschatte additionele toegevoegde waarde (€ mld.,
  2025)" of r. 5182-5185;
- *investment* in year t: the public cost of the measure including co-financing ("Investeringen
  p.j.", r. 5414), not the private capital it moves;
- *government revenue* = 50% of the contribution, summed over the years (r. 3672-3676, 3714-3716);
- *ROI* = government revenue / total investment, both 2021-2025 (r. 3724, footnote r. 3714).

min / mid / max: every parameter has a range. ``min`` evaluates *every* parameter of the measure
(and the general ones) at its lower bound, ``max`` at its upper bound, ``mid`` at its mid value
(the report's point value where it states one, else the midpoint). All model outputs rise with
every parameter, so min and max bound the contribution and the investment; the totals' min is the
sum of the measures' mins. ROI is a ratio: its min is min revenue / max investment and its max is
max revenue / min investment, which is how the report's 250-500% comes out of 30-45 / 8.5-12.0.
The report's own ranges for 2025 are its midpoint -20% / +20% (plan_assumptions.yaml,
``metadata.midpoint_note``), so ours are wider; reproduction is judged on the mid.

Every measure function takes its parameters as arrays of shape (n, 1) and returns arrays of shape
(n, years): n = 3 for min/mid/max, n = draws for the Monte Carlo (``hulplijn.plan.montecarlo``).

Pure: plain data in (the YAML as loaded by ``hulplijn.reference.params.plan_assumptions()``),
results out; no file I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from pydantic import ValidationError

from hulplijn.plan.assumptions import (
    TOLERANCE,
    Financing,
    MeasureAssumptions,
    PlanAssumptions,
    as_assumptions,
)
from hulplijn.plan.measures import KNOWN_GAPS, MEASURES, Context, Series
from hulplijn.plan.results import (
    Check,
    Figures,
    MeasureResult,
    PlanResult,
    Reproduction,
    range_check,
)
from hulplijn.plan.scenario import Comparison, Scenario, apply, compare

# --------------------------------------------------------------------------------------------------
# Running the model


def evaluate(
    measure: MeasureAssumptions,
    values: Mapping[str, np.ndarray],
    general: Mapping[str, np.ndarray],
    years: tuple[int, ...],
) -> Series:
    """One measure for any number of parameter sets: ``values`` and ``general`` map names to
    arrays of shape (n, 1); the result has shape (n, len(years))."""
    context = Context(
        years=np.asarray(years),
        start_year=measure.start_year,
        duration=measure.duration_years,
        ramp=tuple(measure.ramp),
        firms=general["firms"],
        value_added=general["value_added"],
        employees=general["employees"],
    )
    return MEASURES[measure.key].compute(values, context)


def _figures(
    series: Series,
    flowback: np.ndarray,
    financing: list[Financing],
    sources: list[str],
    years: tuple[int, ...],
) -> Figures:
    investment = np.broadcast_to(series.investment, series.va_growth.shape).astype(float)
    contribution = np.cumsum(series.va_growth, axis=1)
    shares = {f.source: f.share for f in financing}
    return Figures(
        years=years,
        investment=investment,
        va_growth=series.va_growth,
        contribution=contribution,
        revenue=flowback * contribution,
        financing={s: shares.get(s, 0.0) * investment for s in sources},
        participants=series.participants,
    )


def _reproduction(m: MeasureAssumptions, f: Figures, scenario: str | None = None) -> Reproduction:
    report = m.report
    checks = (
        range_check("va_2025", f.va_2025[1], report.va_2025, report.va_growth_total),
        range_check(
            "investment_total",
            f.investment_total[1],
            report.investment_range,
            report.investment_total,
        ),
    )
    va_diff = f.va_growth[1] - np.asarray(report.va_growth)
    inv_diff = f.investment[1] - np.asarray(report.investment)
    profile = bool(np.all(np.abs(va_diff) <= TOLERANCE) and np.all(np.abs(inv_diff) <= TOLERANCE))
    reproduced = all(c.ok for c in checks)
    note = None if reproduced and profile else KNOWN_GAPS.get(m.key)
    if note and scenario is not None:
        note = f"{note} (This explains the baseline; scenario {scenario!r} changes the inputs.)"
    return Reproduction(
        reproduced, profile, checks, tuple(va_diff.tolist()), tuple(inv_diff.tolist()), note
    )


def _total_checks(total: Figures, report: Mapping[str, Any]) -> tuple[Check, ...]:
    checks = [
        range_check("va_2025", total.va_2025[1], report["va_2025"]),
        range_check("investment_total", total.investment_total[1], report["investment_total"]),
        range_check("revenue_total", total.revenue_total[1], report["revenue_total"]),
        range_check("roi", total.roi[1], report["roi"]),
        range_check(
            "cumulative_contribution",
            total.cumulative_contribution[1],
            report["cumulative_contribution"],
        ),
    ]
    for key, series in (
        ("contribution_per_year", total.contribution),
        ("va_growth_per_year", total.va_growth),
        ("investment_per_year", total.investment),
    ):
        spec = report.get(key)
        if not spec:
            continue
        for year, value, (low, high) in zip(total.years, series[1], spec["values"], strict=True):
            checks.append(
                range_check(
                    f"{key}:{year}", value, {"min": low, "max": high, "source": spec.get("source")}
                )
            )
    return tuple(checks)


def _financing_checks(
    result_groups: Mapping[str, np.ndarray],
    total: Figures,
    years: tuple[int, ...],
    report: Mapping[str, Any],
) -> tuple[Check, ...]:
    """Our financing (mid) per group and source against the slides' 2021 and 2022-2025 figures."""
    checks: list[Check] = []
    y = np.asarray(years)
    periods = {"2021": y == 2021, "2022-2025": (y >= 2022) & (y <= 2025), "2021-2025": y > 0}
    for period, spec in report.items():
        mask = periods.get(str(period))
        if mask is None or not mask.any() or not isinstance(spec, Mapping):
            continue
        if "total" in spec:
            checks.append(
                range_check(f"{period}:total", total.investment[1][mask].sum(), spec["total"])
            )
        for group, interval in (spec.get("groups") or {}).items():
            if group in result_groups:
                checks.append(
                    range_check(f"{period}:{group}", result_groups[group][1][mask].sum(), interval)
                )
        for source, interval in (spec.get("sources") or {}).items():
            if source in total.financing:
                checks.append(
                    range_check(
                        f"{period}:{source}", total.financing[source][1][mask].sum(), interval
                    )
                )
    return tuple(checks)


def _verify(result: PlanResult, flowback: np.ndarray) -> None:
    """The totals are sums of the measures' components, and the identities hold."""
    t = result.total
    parts = result.measures

    def same(a: np.ndarray, b: np.ndarray, what: str) -> None:
        if not np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True):
            raise ArithmeticError(f"plan model: {what} does not add up")

    zero = np.zeros_like(t.investment)
    same(t.investment, sum((m.figures.investment for m in parts), zero), "total investment")
    same(t.va_growth, sum((m.figures.va_growth for m in parts), zero), "total value-added growth")
    same(t.contribution, sum((m.figures.contribution for m in parts), zero), "total contribution")
    same(t.contribution, np.cumsum(t.va_growth, axis=1), "contribution = cumulated growth")
    same(t.revenue, flowback * t.contribution, "revenue = flow-back share x contribution")
    same(t.va_2025, sum((m.figures.va_2025 for m in parts), np.zeros(3)), "value added 2025")
    same(
        t.investment_total,
        sum((m.figures.investment_total for m in parts), np.zeros(3)),
        "investment 2021-2025",
    )
    same(sum(t.financing.values(), zero), t.investment, "financing = investment")
    for m in parts:
        same(
            sum(m.figures.financing.values(), zero),
            m.figures.investment,
            f"financing of measure {m.id}",
        )


HEADLINE = ("va_2025", "investment_total", "revenue_total", "roi")
"""The plan's key figures: the plan reproduces the report when each lies within its range."""


def run(
    assumptions: PlanAssumptions | Mapping[str, Any],
    scenario: Any = None,
) -> PlanResult:
    """The plan: every measure at min / mid / max, the totals and the checks against the report.

    ``scenario``: None (the baseline), a mapping in the scenario-file format or a
    :class:`hulplijn.plan.scenario.Scenario`; see that module."""
    base = as_assumptions(assumptions)
    name = None
    dropped: tuple[str, ...] = ()
    if scenario is not None:
        base, name, dropped = apply(base, scenario)
    years = base.years()
    g = base.general
    general = {k: getattr(g, k).bounds() for k in ("firms", "value_added", "employees")}
    flowback = g.flowback_share.bounds()
    sources = list(base.financing_sources)
    rows = []
    for mid_, m in base.measures.items():
        if mid_ in dropped:
            continue
        values = {k: p.bounds() for k, p in m.params.items()}
        figures = _figures(
            evaluate(m, values, general, years), flowback, m.financing, sources, years
        )
        rows.append(
            MeasureResult(
                m.id,
                m.key,
                m.name,
                m.start_year,
                m.participants_unit,
                figures,
                m.report,
                _reproduction(m, figures, name),
            )
        )
    zero = np.zeros((3, len(years)))

    def total_of(attr: str) -> np.ndarray:
        return sum((getattr(r.figures, attr) for r in rows), zero.copy())

    total = Figures(
        years=years,
        investment=total_of("investment"),
        va_growth=total_of("va_growth"),
        contribution=total_of("contribution"),
        revenue=total_of("revenue"),
        financing={s: sum((r.figures.financing[s] for r in rows), zero.copy()) for s in sources},
    )
    groups = {
        grp: tuple(s for s, spec in base.financing_sources.items() if spec.group == grp)
        for grp in base.financing_groups
    }
    checks = _total_checks(total, base.report_totals)
    jobs = (base.report_totals.get("jobs_2025") or {}).get("value")
    result = PlanResult(
        years=years,
        scenario=name,
        measures=tuple(rows),
        dropped=dropped,
        total=total,
        checks=checks,
        reproduced=all(c.ok for c in checks if c.name in HEADLINE),
        financing_groups=groups,
        financing_checks=(),
        jobs_2025_report=None if jobs is None else float(jobs),
    )
    result = PlanResult(
        **{
            **result.__dict__,
            "financing_checks": _financing_checks(
                result.group_financing(), total, years, base.report_financing
            ),
        }
    )
    _verify(result, flowback)
    return result


def run_with_baseline(
    assumptions: PlanAssumptions | Mapping[str, Any],
    scenario: Scenario | Mapping[str, Any],
) -> Comparison:
    """Baseline and scenario, side by side."""
    base = as_assumptions(assumptions)
    return compare(run(base), run(base, scenario))


__all__ = ["ValidationError", "evaluate", "run", "run_with_baseline"]
