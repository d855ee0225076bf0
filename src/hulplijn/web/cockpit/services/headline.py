"""One headline per figure (docs/decisions/0026-cockpit-headlines.md): the plan page and every
scenario page open with the same block: the headline (extra value added in 2025, the bottom-up
plan's mid: the sum of the measures), one recommended range with what it means (the Monte Carlo
P5–P95), and the other figures as labelled cross-checks that say how they differ: the min–max
(every assumption at the same bound), the report's range and the macro projection, which
answers another question and does not follow the measures.

Every number is the plan model's (``hulplijn.plan``); this module only chooses, rounds and
explains (significant digits: ``hulplijn.core.numbers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.plan import macro as plan_macro
from hulplijn.plan import montecarlo as plan_montecarlo
from hulplijn.plan.results import PlanResult
from hulplijn.web.cockpit.services.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED
from hulplijn.web.cockpit.services.plan import assumptions, measure_label
from hulplijn.web.cockpit.tables import Column, Table

REPORT_RANGE = (20.0, 30.0)
"""The report's extra value added 2025, € bn (appendix 2/3; its midpoint 25 ± 20%)."""


@cache
def baseline_montecarlo() -> plan_montecarlo.MonteCarloResult:
    """The plan's own Monte Carlo (10,000 draws, seed 0: as ``hulplijn plan run --seed 0``)."""
    return plan_montecarlo.run(assumptions(), draws=DEFAULT_DRAWS, seed=DEFAULT_SEED)


def bn(value: float) -> str:
    """€ bn with three significant digits: 30,0; 1,20."""
    return numbers.precise(value, get_language())


def span(low: float, high: float) -> str:
    return f"{bn(low)}–{bn(high)}"


@dataclass(frozen=True)
class Headline:
    """What the block shows; ``table`` holds the same figures (and is exported)."""

    value: str
    range: str
    median: str
    draws: str
    seed: int
    minmax: str
    report: str
    macro: str
    table: Table
    changed_measures: tuple[str, ...]
    correlated: bool = False


def changed_measures(result: PlanResult, base: PlanResult | None) -> tuple[str, ...]:
    """The measures a scenario leaves out or starts later than the plan, as labels."""
    if base is None:
        return ()
    changed = [measure_label(i) + " (" + _("left out") + ")" for i in result.dropped]
    starts = {m.id: m.start_year for m in base.measures}
    for m in result.measures:
        if m.id in starts and m.start_year != starts[m.id]:
            changed.append(
                measure_label(m.id)
                + " ("
                + _("starts in %(year)s instead of %(base)s")
                % {"year": m.start_year, "base": starts[m.id]}
                + ")"
            )
    return tuple(changed)


def headline(
    result: PlanResult,
    mc: plan_montecarlo.MonteCarloResult,
    projection: plan_macro.MacroProjection,
    *,
    base: PlanResult | None = None,
    slug: str = "kerncijfer",
) -> Headline:
    """The headline of ``result`` (the plan, or a scenario with ``base`` the plan) with its
    Monte Carlo ``mc`` and the macro ``projection`` shown as a cross-check."""
    total = result.total.va_2025
    p5, p50, p95 = (float(mc.totals["va_2025"][mc.percentiles.index(p)]) for p in (5, 50, 95))
    gap = projection.year(2025).gap
    changed = changed_measures(result, base)
    low, high = REPORT_RANGE
    macro_why = _(
        "Another question: what SME value added would be if jobs and productivity reached the "
        "report's targets (its macro slide). It does not add up the measures, so it does not "
        "change when a measure is left out, delayed or changed."
    )
    if changed:
        macro_why += " " + _(
            "This scenario changes: %(measures)s; the macro figure ignores that."
        ) % {"measures": "; ".join(changed)}
    rows = [
        {
            "figure": _("Headline: the plan bottom-up (sum of the measures, mid)"),
            "low": None,
            "value": float(total[1]),
            "high": None,
            "meaning": _(
                "The recommended figure: each measure from the assumptions the report states."
            ),
        },
        {
            "figure": _("Recommended range: Monte Carlo P5–P95"),
            "low": p5,
            "value": p50,
            "high": p95,
            "meaning": _(
                "9 in 10 draws fall inside when all assumptions err together (correlated draws), "
                "so the band is close to the min–max."
            )
            if mc.dependence == "correlated"
            else _(
                "9 in 10 draws fall inside when every assumption varies independently between its "
                "min and max; independent draws let errors offset each other, which narrows the band."
            ),
        },
        {
            "figure": _("Cross-check: min–max"),
            "low": float(total[0]),
            "value": None,
            "high": float(total[2]),
            "meaning": _(
                "Every assumption at the same bound at once: the outer limits if all err in the same "
                "direction (for example through the economy as a whole)."
            ),
        },
        {
            "figure": _("Cross-check: the report"),
            "low": low,
            "value": (low + high) / 2,
            "high": high,
            "meaning": _(
                "The report's range (appendix “Detaillering aannames” 2/3): its midpoint ± 20%, "
                "not an evaluation of its assumptions."
            ),
        },
        {
            "figure": _("Cross-check: the macro projection"),
            "low": None,
            "value": gap,
            "high": None,
            "meaning": macro_why,
        },
    ]
    columns = (
        Column("figure", _("Figure")),
        Column("low", _("Low (€ bn)"), "bn"),
        Column("value", _("Value (€ bn)"), "bn"),
        Column("high", _("High (€ bn)"), "bn"),
        Column("meaning", _("What it means")),
    )
    table = Table(
        slug,
        _("Extra value added 2025: the headline, its range and the cross-checks"),
        columns,
        rows,
        _("A dash: the figure has no range or no single value."),
    )
    return Headline(
        value=bn(float(total[1])),
        range=span(p5, p95),
        median=bn(p50),
        draws=numbers.count(mc.draws, get_language()),
        seed=mc.seed,
        minmax=span(float(total[0]), float(total[2])),
        report=span(low, high),
        macro=bn(gap),
        table=table,
        changed_measures=changed,
        correlated=mc.dependence == "correlated",
    )


def plan_headline(result: PlanResult, projection: plan_macro.MacroProjection) -> Headline:
    return headline(result, baseline_montecarlo(), projection)
